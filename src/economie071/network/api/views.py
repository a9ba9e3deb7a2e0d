"""The network's read API: parse the query, call a selector, serialize. Public data only:
what organisations chose to show (never a contact address), published challenges,
published trajectories and the figures counted from them."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from economie071.core.api.problems import problem_responses
from economie071.core.programme import programme_current
from economie071.network import selectors
from economie071.network.api import serializers
from economie071.network.constants import (
    ChallengeStatus,
    ExchangeKind,
    Sector,
    TrajectoryStatus,
)
from economie071.programme.constants import HelixSide
from economie071.programme.models import Municipality

# The API shows what the public sees, also to a logged-in user.
PUBLIC = None


def _param(name: str, description: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, description=description, enum=enum)


def _raise_invalid(errors: dict[str, str], allowed: dict[str, list[str]]) -> None:
    if errors:
        raise exceptions.ValidationError(
            {
                name: [
                    " ".join(
                        [_("Unknown value “%(value)s”.") % {"value": value}]
                        + (
                            [_("Use one of: %(list)s.") % {"list": ", ".join(allowed[name])}]
                            if name in allowed
                            else []
                        )
                    )
                ]
                for name, value in errors.items()
            },
            code="invalid",
        )


class _Programme:
    @cached_property
    def programme(self):
        return programme_current()

    def _fake(self) -> bool:
        return getattr(self, "swagger_fake_view", False)


@extend_schema(tags=["network"])
class OrganisationViewSet(_Programme, viewsets.GenericViewSet):
    """The network directory: organisations with what they chose to show."""

    serializer_class = serializers.NetworkOrganisationSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="The network directory",
        parameters=[
            _param("q", "Text in the name, or in the shown description, offers and needs."),
            _param("helix", "Only this triple-helix side.", HelixSide.values),
            _param("sector", "Only this (shown) sector.", Sector.values),
            _param("municipality", "Only organisations shown in this municipality (slug)."),
            _param("offers", "Only organisations showing they offer this.", ExchangeKind.values),
            _param("seeks", "Only organisations showing they seek this.", ExchangeKind.values),
            OpenApiParameter(
                "partners", OpenApiTypes.BOOL, description="`true`: only covenant partners."
            ),
        ],
        responses={
            200: serializers.NetworkOrganisationSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        params = request.query_params
        partners = params.get("partners", "").strip().lower()
        filters = selectors.DirectoryFilters(
            q=params.get("q", "").strip()[:100],
            helix=params.get("helix", "").strip(),
            sector=params.get("sector", "").strip(),
            municipality=params.get("municipality", "").strip(),
            offers=params.get("offers", "").strip(),
            seeks=params.get("seeks", "").strip(),
            partners=partners == "true",
        )
        slugs = (
            Municipality.objects.filter(region_id=self.programme.region_id).values_list(
                "slug", flat=True
            )
            if self.programme
            else []
        )
        errors = filters.errors(slugs)
        if partners not in ("", "true", "false"):
            errors["partners"] = partners  # a boolean, like upcoming and solved elsewhere
        _raise_invalid(
            errors,
            {
                "partners": ["true", "false"],
                "helix": HelixSide.values,
                "sector": Sector.values,
                "offers": ExchangeKind.values,
                "seeks": ExchangeKind.values,
            },
        )
        page = self.paginate_queryset(selectors.directory_search(filters=filters))
        data = [selectors.public_profile(profile=p) for p in page]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)

    @extend_schema(
        summary="One organisation in the directory",
        responses={200: serializers.NetworkOrganisationSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        profile = selectors.profile_by_slug(slug=slug, user=PUBLIC)
        if profile is None:
            raise exceptions.NotFound(
                _("There is no organisation “%(slug)s” in the directory.") % {"slug": slug}
            )
        return Response(self.get_serializer(selectors.public_profile(profile=profile)).data)


@extend_schema(tags=["network"])
class ChallengeViewSet(_Programme, viewsets.GenericViewSet):
    """Open Innovatie Lab challenges (published ones)."""

    serializer_class = serializers.ChallengeSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Open Innovatie Lab challenges",
        parameters=[
            OpenApiParameter(
                "schoolYear",
                OpenApiTypes.STR,
                pattern=r"^\d{4}-\d{4}$",
                description="Only challenges of this school year, like 2019-2020.",
            ),
            _param("status", "Only challenges with this status.", ChallengeStatus.values),
        ],
        responses={200: serializers.ChallengeSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        year = request.query_params.get("schoolYear", "").strip()
        status = request.query_params.get("status", "").strip()
        errors = {}
        if year and not (len(year) == 9 and year[4] == "-" and year.replace("-", "").isdigit()):
            errors["schoolYear"] = year  # a school year looks like 2019-2020
        if status and status not in ChallengeStatus.values:
            errors["status"] = status
        _raise_invalid(errors, {"status": ChallengeStatus.values})
        qs = selectors.challenge_list(
            programme=self.programme, user=PUBLIC, school_year=year, status=status
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One challenge",
        responses={200: serializers.ChallengeSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        challenge = (
            selectors.challenge_by_slug(programme=self.programme, slug=slug, user=PUBLIC)
            if self.programme
            else None
        )
        if challenge is None:
            raise exceptions.NotFound(_("There is no challenge “%(slug)s”.") % {"slug": slug})
        return Response(self.get_serializer(challenge).data)


@extend_schema(tags=["network"])
class TrajectoryViewSet(_Programme, viewsets.GenericViewSet):
    """Smart071 innovation trajectories (published ones) and the figures counted from them."""

    serializer_class = serializers.TrajectorySerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Smart071 innovation trajectories",
        parameters=[
            _param("status", "Only trajectories with this status.", TrajectoryStatus.values)
        ],
        responses={200: serializers.TrajectorySerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        status = request.query_params.get("status", "").strip()
        if status and status not in TrajectoryStatus.values:
            _raise_invalid({"status": status}, {"status": TrajectoryStatus.values})
        qs = selectors.trajectory_list(programme=self.programme, user=PUBLIC, status=status)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One trajectory",
        responses={200: serializers.TrajectorySerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        trajectory = (
            selectors.trajectory_by_slug(programme=self.programme, slug=slug, user=PUBLIC)
            if self.programme
            else None
        )
        if trajectory is None:
            raise exceptions.NotFound(_("There is no trajectory “%(slug)s”.") % {"slug": slug})
        return Response(self.get_serializer(trajectory).data)

    @extend_schema(
        summary="Smart071 key figures",
        description="Counted from the published trajectory records; never typed in.",
        responses={200: serializers.TrajectoryFiguresSerializer, **problem_responses(404)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def figures(self, request):
        if self.programme is None:
            raise exceptions.NotFound()
        figures = selectors.trajectory_figures(programme=self.programme)
        return Response(serializers.TrajectoryFiguresSerializer(figures).data)


@extend_schema(tags=["network"])
class ExpertViewSet(_Programme, viewsets.GenericViewSet):
    """The experts directory Smart071 refers companies to."""

    serializer_class = serializers.NetworkExpertSerializer

    @extend_schema(
        summary="Experts and suppliers in the region",
        parameters=[_param("tag", "Only experts with this expertise tag (slug).")],
        responses={
            200: serializers.NetworkExpertSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        tag = request.query_params.get("tag", "").strip()
        qs = selectors.expert_list(programme=self.programme, user=PUBLIC, tag=tag)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
