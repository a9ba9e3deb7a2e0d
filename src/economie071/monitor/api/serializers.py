"""What the monitor part of the API returns, field by field (also its OpenAPI schema).

Decimal figures are strings (as everywhere in the API); names are camelCase.
"""

from rest_framework import serializers

from economie071.monitor.calculations import percentage
from economie071.monitor.constants import (
    AreaType,
    CbsApi,
    Direction,
    Geography,
    ObservationStatus,
)


class MonitorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CbsMappingSerializer(serializers.Serializer):
    firstYear = serializers.IntegerField(source="first_year", min_value=1900)
    lastYear = serializers.IntegerField(source="last_year", min_value=1900)
    tableId = serializers.CharField(source="table_id", help_text="Like 84583NED.")
    api = serializers.ChoiceField(choices=CbsApi.choices)
    measure = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    theme = MonitorRefSerializer()
    unit = serializers.CharField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    geography = serializers.ChoiceField(
        choices=Geography.choices, help_text="municipality: region and municipalities."
    )
    source = serializers.CharField(source="source_name")
    sourceUrl = serializers.CharField(source="source_url", allow_blank=True)
    licence = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True, help_text="How it is measured.")
    cbsMappings = CbsMappingSerializer(
        source="cbs_mappings",
        many=True,
        help_text="Where CBS StatLine publishes it, per range of years.",
    )


class ObservationSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.slug")
    area = serializers.SerializerMethodField(help_text="The region's or municipality's slug.")
    areaKind = serializers.SerializerMethodField()
    year = serializers.IntegerField(min_value=1900)
    value = serializers.DecimalField(max_digits=20, decimal_places=6)
    status = serializers.ChoiceField(choices=ObservationStatus.choices)
    source = serializers.CharField()
    retrievedOn = serializers.DateField(source="retrieved_on", allow_null=True)

    def get_area(self, observation) -> str:
        return (observation.municipality or observation.region).slug

    def get_areaKind(self, observation) -> str:  # noqa: N802 - the field's name
        return "municipality" if observation.municipality_id else "region"


class EditionIndicatorSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.slug")
    theme = serializers.CharField(source="theme.slug", help_text="The theme it counted in.")
    weight = serializers.DecimalField(max_digits=9, decimal_places=4)


class EditionThemeSerializer(serializers.Serializer):
    theme = serializers.CharField(source="theme.slug")
    weight = serializers.DecimalField(max_digits=9, decimal_places=4)


class EditionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    yearPublished = serializers.IntegerField(source="year_published", min_value=1900)
    baseYear = serializers.IntegerField(source="base_year", min_value=1900)
    description = serializers.CharField(allow_blank=True)
    indicators = EditionIndicatorSerializer(many=True)
    themes = EditionThemeSerializer(many=True)


class IndexYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.CharField(allow_null=True)
    themes = serializers.DictField(child=serializers.CharField(allow_null=True))
    indicators = serializers.DictField(child=serializers.CharField(allow_null=True))
    leftOut = serializers.ListField(
        source="left_out",
        child=serializers.CharField(),
        help_text="Indicators left out of this year's mean for missing data.",
    )
    themesLeftOut = serializers.ListField(source="themes_left_out", child=serializers.CharField())
    changeSincePreviousYear = serializers.JSONField(
        source="change_since_previous_year",
        allow_null=True,
        help_text="points and the contributions of the indicators (they add up to points).",
    )
    changeSinceBaseYear = serializers.JSONField(source="change_since_base_year", allow_null=True)


class IndexAreaSerializer(serializers.Serializer):
    area = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["region", "municipality"])
    years = IndexYearSerializer(many=True)


class IndexValuesSerializer(serializers.Serializer):
    """The computed index of an edition (as the compute_index command prints it)."""

    title = serializers.CharField()
    edition = serializers.CharField(allow_null=True)
    baseYear = serializers.IntegerField(source="base_year")
    exampleData = serializers.BooleanField(
        source="example_data", help_text="True: the figures are voorbeeldcijfers."
    )
    exampleDataNote = serializers.CharField(source="example_data_note", allow_blank=True)
    note = serializers.CharField(help_text="What the index does not measure.")
    missingDataRule = serializers.CharField(source="missing_data_rule")
    themes = serializers.ListField(child=serializers.DictField())
    indicators = serializers.ListField(child=serializers.DictField())
    areas = IndexAreaSerializer(many=True)


class RetailFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900)
    floorSpaceM2 = serializers.IntegerField(source="floor_space_m2", min_value=0)
    outlets = serializers.IntegerField(min_value=0)
    vacantM2 = serializers.IntegerField(source="vacant_m2", min_value=0)
    vacantOutlets = serializers.IntegerField(source="vacant_outlets", min_value=0)
    vacancyPct = serializers.SerializerMethodField(help_text="Vacant m² ÷ floor space × 100.")
    vacancyOutletsPct = serializers.SerializerMethodField()
    source = serializers.CharField()

    def get_vacancyPct(self, figure) -> str | None:  # noqa: N802
        value = percentage(figure.vacant_m2, figure.floor_space_m2)
        return None if value is None else str(value)

    def get_vacancyOutletsPct(self, figure) -> str | None:  # noqa: N802
        value = percentage(figure.vacant_outlets, figure.outlets)
        return None if value is None else str(value)


class RetailAreaSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.slug")
    type = serializers.ChoiceField(source="area_type", choices=AreaType.choices)
    inMainStructure = serializers.BooleanField(source="in_main_structure")
    figures = RetailFigureSerializer(many=True)


class BusinessParkFigureSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1900)
    grossHa = serializers.DecimalField(source="gross_ha", max_digits=9, decimal_places=2)
    netHa = serializers.DecimalField(source="net_ha", max_digits=9, decimal_places=2)
    hardHa = serializers.DecimalField(
        source="hard_ha", max_digits=9, decimal_places=2, help_text="Hard plan capacity."
    )
    softHa = serializers.DecimalField(
        source="soft_ha", max_digits=9, decimal_places=2, help_text="Soft plan capacity."
    )
    jobs = serializers.IntegerField(min_value=0, allow_null=True)
    source = serializers.CharField()


class BusinessParkSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.slug")
    figures = BusinessParkFigureSerializer(many=True)
