"""The reference lists of the read API: the municipalities of the programme's region with
their inhabitants per year, the programme's pillars and themes, and the organisations
taking part. Parse the query, call a selector, serialize.

Everything is scoped to the programme this site runs (programme.selectors.programme_current);
without one the lists are empty.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from economie071.core.api.problems import problem_responses
from economie071.core.api.views import ProgrammeScoped
from economie071.programme.api import serializers
from economie071.programme.models import Municipality, Organisation, Pillar, Theme
from economie071.programme.selectors import (
    organisation_list,
    programme_pillars,
    programme_themes,
    region_municipalities,
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
        return region_municipalities(programme=self.programme)


@_reference_list(serializers.PillarSerializer)
class PillarViewSet(ProgrammeScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The programme's pillars, in their order."""

    serializer_class = serializers.PillarSerializer

    def get_queryset(self):
        if self._fake() or self.programme is None:
            return Pillar.objects.none()
        return programme_pillars(programme=self.programme)


@_reference_list(serializers.ThemeSerializer)
class ThemeViewSet(ProgrammeScoped, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The programme's cross-cutting themes."""

    serializer_class = serializers.ThemeSerializer

    def get_queryset(self):
        if self._fake() or self.programme is None:
            return Theme.objects.none()
        return programme_themes(programme=self.programme)


@_reference_list(serializers.OrganisationSerializer)
class OrganisationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organisations taking part (government, education, business and others)."""

    serializer_class = serializers.OrganisationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        return organisation_list()
