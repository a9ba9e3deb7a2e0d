"""Reads of the programme's reference data."""

from django.conf import settings
from django.db.models import Prefetch

from economie071.programme.models import (
    Municipality,
    Organisation,
    PopulationFigure,
    Programme,
)


def programme_current() -> Programme | None:
    """The programme this site runs (PROGRAMME_SLUG, or the only/first one)."""
    slug = getattr(settings, "PROGRAMME_SLUG", "")
    qs = Programme.objects.select_related("region")
    return (qs.filter(slug=slug).first() if slug else None) or qs.order_by("id").first()


def region_municipalities(programme: Programme):
    """The municipalities of the programme's region, each with its inhabitants per year."""
    return (
        Municipality.objects.filter(region_id=programme.region_id)
        .prefetch_related(
            Prefetch("population_figures", queryset=PopulationFigure.objects.order_by("year"))
        )
        .order_by("name")
    )


def organisation_list():
    return Organisation.objects.select_related("municipality").order_by("name", "id")


def programme_pillars(programme: Programme):
    return programme.pillars.order_by("number")


def programme_themes(programme: Programme):
    return programme.themes.order_by("order", "name")
