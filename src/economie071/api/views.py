"""The read API's endpoints: parse the query, call a selector, serialize. Nothing else.

Everything is scoped to the programme this site runs (core.programme.programme_current);
without one the lists are empty.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from economie071.api import serializers
from economie071.api.filters import INCLUDE_UNPUBLISHED, PHASE_NONE, card_params, project_filters
from economie071.core.api.params import slug_parameter
from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.portfolio import permissions
from economie071.portfolio.constants import Phase
from economie071.portfolio.exports import card_data
from economie071.portfolio.models import Project
from economie071.portfolio.selectors import card_revisions_visible, project_by_slug, project_list
from economie071.programme.models import Municipality, Organisation, Pillar, Theme
from economie071.programme.selectors import (
    organisation_list,
    programme_pillars,
    programme_themes,
    region_municipalities,
)

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


def _reference_list(serializer):
    """The schema of a plain list of reference data: a page of it, or a paging error."""
    return extend_schema_view(
        list=extend_schema(
            tags=["reference data"],
            responses={200: serializer(many=True), **problem_responses(400, 404)},
        )
    )


@_reference_list(serializers.MunicipalitySerializer)
class MunicipalityViewSet(ProgrammeScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The municipalities of the programme's region, with their inhabitants per year."""

    serializer_class = serializers.MunicipalitySerializer

    def get_queryset(self):
        if self._fake() or self.programme is None:
            return Municipality.objects.none()
        return region_municipalities(self.programme)


@_reference_list(serializers.PillarSerializer)
class PillarViewSet(ProgrammeScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The programme's pillars, in their order."""

    serializer_class = serializers.PillarSerializer

    def get_queryset(self):
        if self._fake() or self.programme is None:
            return Pillar.objects.none()
        return programme_pillars(self.programme)


@_reference_list(serializers.ThemeSerializer)
class ThemeViewSet(ProgrammeScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The programme's cross-cutting themes."""

    serializer_class = serializers.ThemeSerializer

    def get_queryset(self):
        if self._fake() or self.programme is None:
            return Theme.objects.none()
        return programme_themes(self.programme)


@_reference_list(serializers.OrganisationSerializer)
class OrganisationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organisations taking part (government, education, business and others)."""

    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return organisation_list()


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
            slug_parameter("pillar", "Only projects in the pillar with this slug."),
            slug_parameter("theme", "Only projects in the theme with this slug."),
            OpenApiParameter(
                "phase",
                OpenApiTypes.STR,
                enum=[*Phase.values, PHASE_NONE],
                description="Only projects in this phase; `none`: phase not recorded.",
            ),
            slug_parameter(
                "municipality",
                "Only projects the municipality takes part in (a role of its organisations, "
                "or a share in a budget).",
            ),
            slug_parameter(
                "organisation",
                "Only projects in which the organisation, or one of its people, has a role.",
            ),
            slug_parameter("person", "Only projects in which the person has a role."),
        ],
        responses={200: serializers.ProjectSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        filters = project_filters(request.query_params, self.programme)
        page = self.paginate_queryset(project_list(self.programme, filters))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One project",
        responses={200: serializers.ProjectSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        project = project_by_slug(self.programme, slug) if self.programme else None
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
            slug_parameter("project", "Only the cards of the project with this slug."),
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
            self.programme,
            request.user,
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
            self.programme, request.user, include_unpublished=include, card_id=int(pk)
        ).first()
        if revision is None:
            raise exceptions.NotFound(_("There is no published card %(id)s.") % {"id": pk})
        return Response(self.get_serializer(self._card(revision, include)).data)


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404, as problem+json like every API error."""
    raise exceptions.NotFound(_("There is nothing at this address."))
