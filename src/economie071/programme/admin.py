"""The Django admin keeps the reference data: region, municipalities, pillars, organisations,
people. Portfolio changes go through the platform's own pages so they are audited."""

from django.contrib import admin

from economie071.programme.models import (
    Municipality,
    Organisation,
    Person,
    Pillar,
    PopulationFigure,
    Programme,
    Region,
    Theme,
)


class PopulationFigureInline(admin.TabularInline):
    model = PopulationFigure
    extra = 1
    fields = ["year", "inhabitants", "source", "source_url"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "region"]
    list_filter = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PopulationFigureInline]


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    fields = ["number", "name", "slug", "subtitle", "colour"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["order", "name", "slug"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PillarInline, ThemeInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "helix", "municipality"]
    list_filter = ["helix", "municipality"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "job_title", "user"]
    list_filter = ["organisation"]
    search_fields = ["name", "job_title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
    prepopulated_fields = {"slug": ["name"]}
