"""The monitor's read API: parse the query, call a selector, serialize.

Everything is scoped to the programme this site runs; without one the lists are empty.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework.response import Response

from economie071.core.api.params import param_value
from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.monitor import selectors
from economie071.monitor.api import serializers
from economie071.monitor.constants import AreaType
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import CbsMapping, EditionIndicator, EditionTheme
from economie071.monitor.reporting import report_as_dict
from economie071.programme.models import Municipality

ALL_INDICATORS = "alle"


def _bad(name: str, reason: str):
    return exceptions.ValidationError({name: [reason]}, code="invalid")


@extend_schema(tags=["monitor"])
class IndicatorViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Indicators of the regional monitor, with their source and CBS mappings."""

    serializer_class = serializers.IndicatorSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def _queryset(self):
        return selectors.indicator_list().prefetch_related(
            Prefetch("cbs_mappings", queryset=CbsMapping.objects.order_by("first_year"))
        )

    @extend_schema(
        summary="Indicators",
        responses={200: serializers.IndicatorSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        page = self.paginate_queryset(self._queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="One indicator",
        responses={200: serializers.IndicatorSerializer, **problem_responses(404)},
    )
    def retrieve(self, request, slug: str):
        indicator = self._queryset().filter(slug=slug).first()
        if indicator is None:
            raise exceptions.NotFound(_("There is no indicator “%(slug)s”.") % {"slug": slug})
        return Response(self.get_serializer(indicator).data)


@extend_schema(tags=["monitor"])
class ObservationViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Observations: an indicator's value for an area and year, with provenance."""

    serializer_class = serializers.ObservationSerializer

    @extend_schema(
        summary="Observations",
        parameters=[
            OpenApiParameter("indicator", OpenApiTypes.STR, description="An indicator's slug."),
            OpenApiParameter(
                "area", OpenApiTypes.STR, description="The region's or a municipality's slug."
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="One year, like 2019."),
        ],
        responses={
            200: serializers.ObservationSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        params = request.query_params
        errors = {}
        indicator = param_value(params, "indicator")
        if indicator and not selectors.indicator_list().filter(slug=indicator).exists():
            errors["indicator"] = [_("There is no indicator “%(slug)s”.") % {"slug": indicator}]
        area = param_value(params, "area")
        if area and area not in {a.key for a in selectors.monitor_areas(programme=self.programme)}:
            errors["area"] = [_("There is no area “%(slug)s”.") % {"slug": area}]
        year = None
        raw_year = param_value(params, "year")
        if raw_year:
            if raw_year.isdigit() and len(raw_year) == 4:
                year = int(raw_year)
            else:
                errors["year"] = [_("Use a year of four digits, like 2019.")]
        if errors:
            raise exceptions.ValidationError(errors, code="invalid")
        observations = selectors.observation_list(
            programme=self.programme, indicator=indicator, area=area, year=year
        )
        page = self.paginate_queryset(observations)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["monitor"])
class IndexViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Index071: the editions (methodology) and, per edition, the computed index."""

    serializer_class = serializers.EditionSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    @extend_schema(
        summary="Index071 editions",
        description="Each edition's base year, indicators with their theme and weight, and the "
        "themes' weights, newest first.",
        responses={200: serializers.EditionSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        editions = selectors.edition_list().prefetch_related(
            Prefetch(
                "indicators",
                queryset=EditionIndicator.objects.select_related("indicator", "theme").order_by(
                    "theme__order", "indicator__slug"
                ),
            ),
            Prefetch(
                "themes",
                queryset=EditionTheme.objects.select_related("theme").order_by("theme__order"),
            ),
        )
        page = self.paginate_queryset(editions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="The computed index of an edition",
        description=(
            "Per area and year: the total, theme and indicator indexes (base year = 100), what "
            "was left out for missing data, and the contributions to the change since the "
            "previous year and since the base year. `alle`: all indicators, equal weights. "
            "The index does not measure the effect of policy (see `note`)."
        ),
        parameters=[
            OpenApiParameter(
                "area",
                OpenApiTypes.STR,
                description="Only this area (the region or a municipality).",
            ),
        ],
        responses={
            200: serializers.IndexValuesSerializer,
            **problem_responses(
                400, 404, 409, d409="The index cannot be calculated (the reasons are in detail)"
            ),
        },
    )
    def retrieve(self, request, slug: str):
        if self.programme is None:
            raise exceptions.NotFound()
        edition = None
        if slug != ALL_INDICATORS:
            edition = selectors.edition_by_slug(slug=slug)
            if edition is None:
                raise exceptions.NotFound(_("There is no edition “%(slug)s”.") % {"slug": slug})
        area = param_value(request.query_params, "area")
        if area and area not in {a.key for a in selectors.monitor_areas(programme=self.programme)}:
            raise _bad("area", _("There is no area “%(slug)s”.") % {"slug": area})
        try:
            report = selectors.index_report(
                programme=self.programme, edition=edition, area_keys=[area] if area else None
            )
        except MonitorError as error:
            conflict = exceptions.APIException(" ".join(error.messages))
            conflict.status_code = 409
            raise conflict from None
        return Response(serializers.IndexValuesSerializer(report_as_dict(report)).data)


@extend_schema(tags=["monitor"])
class RetailAreaViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Shopping areas (Retailvisie) with their floor space, outlets and vacancy per year."""

    serializer_class = serializers.RetailAreaSerializer

    @extend_schema(
        summary="Shopping areas",
        parameters=[
            OpenApiParameter(
                "municipality", OpenApiTypes.STR, description="A municipality's slug."
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=AreaType.values,
                description="The area's place in the regional retail structure.",
            ),
        ],
        responses={200: serializers.RetailAreaSerializer(many=True), **problem_responses(400, 404)},
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        municipality = _municipality(request.query_params, self.programme)
        area_type = param_value(request.query_params, "type")
        if area_type and area_type not in AreaType.values:
            raise _bad(
                "type",
                _("Unknown type “%(value)s”; use one of: %(values)s.")
                % {"value": area_type, "values": ", ".join(AreaType.values)},
            )
        areas = selectors.retail_area_list(
            programme=self.programme, municipality=municipality, area_type=area_type
        )
        page = self.paginate_queryset(areas)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["monitor"])
class BusinessParkViewSet(ProgrammeScoped, viewsets.GenericViewSet):
    """Business parks with their hectares (gross, net, hard and soft plan capacity) per year."""

    serializer_class = serializers.BusinessParkSerializer

    @extend_schema(
        summary="Business parks",
        parameters=[
            OpenApiParameter("municipality", OpenApiTypes.STR, description="A municipality's slug.")
        ],
        responses={
            200: serializers.BusinessParkSerializer(many=True),
            **problem_responses(400, 404),
        },
    )
    def list(self, request):
        if self.programme is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        municipality = _municipality(request.query_params, self.programme)
        parks = selectors.business_park_list(programme=self.programme, municipality=municipality)
        page = self.paginate_queryset(parks)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _municipality(params, programme) -> str:
    slug = param_value(params, "municipality")
    if slug and not Municipality.objects.filter(region_id=programme.region_id, slug=slug).exists():
        raise _bad("municipality", _("There is no municipality “%(slug)s”.") % {"slug": slug})
    return slug
