"""Reads of the programme's reference data."""

from django.conf import settings

from economie071.programme.models import Programme


def programme_current() -> Programme | None:
    """The programme this site runs (PROGRAMME_SLUG, or the only/first one)."""
    slug = getattr(settings, "PROGRAMME_SLUG", "")
    qs = Programme.objects.select_related("region")
    return (qs.filter(slug=slug).first() if slug else None) or qs.order_by("id").first()
