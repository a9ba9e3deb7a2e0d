"""The projects and cards of the read API. Parse the query, call a selector, serialize.

Readers see each card's latest published revision; with `include=unpublished`, those who
may see a card's working copy (portfolio.permissions) see its latest revision and status.
Everything is scoped to the programme this site runs (programme.selectors.programme_current);
without one the lists are empty.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.portfolio import permissions
from economie071.portfolio.api import serializers
from economie071.portfolio.api.filters import (
    INCLUDE_UNPUBLISHED,
    PHASE_NONE,
    card_params,
    project_filters,
)
from economie071.portfolio.constants import Phase
from economie071.portfolio.exports import card_data
from economie071.portfolio.models import Project
from economie071.portfolio.selectors import card_revisions_visible, project_by_slug, project_list


def _slug_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, description=description)


INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    enum=[INCLUDE_UNPUBLISHED],
    description=(
        "`unpublished`: for the cards whose working copy you may see (the programme office "
        "and the steering group: all; a project leader: their own projects'), show the "
        "latest revision, published or not, and the card's status in the round; other "
        "cards stay as published. Needs a login (403 without one)."
    ),
)


@extend_schema(tags=["projects"])
class ProjectViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Projects with their phase, pillars, themes, lines of action and project structure."""

    serializer_class = serializers.ProjectSerializer
    queryset = Project.objects.none()  # for the schema; the selectors do the reading
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="The programme's projects",
        parameters=[
            _slug_parameter("pillar", "Only projects in the pillar with this slug."),
            _slug_parameter("theme", "Only projects in the theme with this slug."),
            OpenApiParameter(
                "phase",
                OpenApiTypes.STR,
                enum=[*Phase.values, PHASE_NONE],
                description="Only projects in this phase; `none`: phase not recorded.",
            ),
            _slug_parameter(
                "municipality",
                "Only projects the municipality takes part in (a role of its organisations, "
                "or a share in a budget).",
            ),
            _slug_parameter(
                "organisation",
                "Only projects in which the organisation, or one of its people, has a role.",
            ),
            _slug_parameter("person", "Only projects in which the person has a role."),
        ],
        responses={200: serializers.ProjectSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        filters = project_filters(request.query_params, self.programme)
        page = self.paginate_queryset(project_list(programme=self.programme, filters=filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One project",
        responses={200: serializers.ProjectSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        project = project_by_slug(programme=self.programme, slug=slug) if self.programme else None
        if project is None:
            raise exceptions.NotFound(_("There is no project “%(slug)s”.") % {"slug": slug})
        return Response(self.get_serializer(project).data)


@extend_schema(tags=["cards"])
class CardViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Project cards: what readers see is each card's latest published revision."""

    serializer_class = serializers.CardSerializer
    lookup_value_regex = r"\d+"

    def _include_unpublished(self, params) -> bool:
        if params.include_unpublished and not self.request.user.is_authenticated:
            raise exceptions.NotAuthenticated(_("Log in to see cards that are not published."))
        return params.include_unpublished

    def _card(self, revision, include_unpublished: bool) -> dict:
        card = revision.card
        working = include_unpublished and permissions.can_view_card(self.request.user, card)
        return card_data(revision, status=card.status if working else None)

    @extend_schema(
        summary="Project cards",
        description=(
            "One entry per card: its latest published revision, newest period first. Cards "
            "that were never published are left out, unless `include=unpublished` shows "
            "you their working state."
        ),
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                pattern=r"^\d{4}-H[12]$",
                description="Only cards of this reporting period, like 2019-H2.",
            ),
            _slug_parameter("project", "Only the cards of the project with this slug."),
            INCLUDE_PARAMETER,
        ],
        responses={200: serializers.CardSerializer(many=True), **problem_responses(400, 403, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        params = card_params(request.query_params, self.programme)
        include = self._include_unpublished(params)
        revisions = card_revisions_visible(
            programme=self.programme,
            user=request.user,
            include_unpublished=include,
            period=params.period,
            project=params.project,
        )
        page = self.paginate_queryset(revisions)
        data = [self._card(revision, include) for revision in page]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)

    @extend_schema(
        summary="One project card",
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            INCLUDE_PARAMETER,
        ],
        responses={200: serializers.CardSerializer, **problem_responses(400, 403, 404)},
    )
    def retrieve(self, request, pk: str):
        if self.programme is None:
            raise exceptions.NotFound()
        params = card_params(request.query_params, self.programme, lookups=False)
        include = self._include_unpublished(params)
        revision = card_revisions_visible(
            programme=self.programme,
            user=request.user,
            include_unpublished=include,
            card_id=int(pk),
        ).first()
        if revision is None:
            raise exceptions.NotFound(_("There is no published card %(id)s.") % {"id": pk})
        return Response(self.get_serializer(self._card(revision, include)).data)
