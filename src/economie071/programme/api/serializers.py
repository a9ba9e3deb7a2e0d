"""What the reference lists of the API return (municipalities with their inhabitants per
year, pillars, themes, organisations), field by field in camelCase; also the OpenAPI schema.
"""

from rest_framework import serializers

from economie071.programme.models import (
    Municipality,
    Organisation,
    Pillar,
    PopulationFigure,
    Theme,
)

# Integer fields are declared, not taken from the models: a model's integer field carries
# the database's range (SQLite's differs from PostgreSQL's), and the schema must not.


class PopulationFigureSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=1900)
    inhabitants = serializers.IntegerField(min_value=1)
    sourceUrl = serializers.URLField(source="source_url", allow_blank=True)

    class Meta:
        model = PopulationFigure
        fields = ["year", "inhabitants", "source", "sourceUrl"]


class MunicipalitySerializer(serializers.ModelSerializer):
    cbsCode = serializers.CharField(source="cbs_code")
    inhabitants = PopulationFigureSerializer(
        source="population_figures",
        many=True,
        help_text="Inhabitants on 1 January of each year, with the source of the figure.",
    )

    class Meta:
        model = Municipality
        fields = ["slug", "name", "cbsCode", "inhabitants"]


class PillarSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(min_value=0)

    class Meta:
        model = Pillar
        fields = ["slug", "number", "name", "subtitle", "description", "colour"]


class ThemeSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(min_value=0)

    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "order"]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="For a municipality's own organisation: that municipality's slug.",
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name", "helix", "municipality", "website"]
