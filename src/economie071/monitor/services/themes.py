"""Themes and indicators of Index071: created or brought up to date by their natural key."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.monitor.constants import Direction, Geography
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import IndexTheme, Indicator
from economie071.monitor.services._common import _save


def theme_upsert(
    *, actor: User | None, slug: str, name: str, order: int = 0, description: str = ""
) -> IndexTheme:
    """Create a theme or bring it up to date; audited only when something changed."""
    values = {"name": name, "order": order, "description": description}
    with transaction.atomic():
        theme = IndexTheme.objects.filter(slug=slug).first()
        if theme is not None and all(getattr(theme, k) == v for k, v in values.items()):
            return theme
        action = "created" if theme is None else "updated"
        theme = theme or IndexTheme(slug=slug)
        for key, value in values.items():
            setattr(theme, key, value)
        _save(theme)
        audit_record(action=f"monitor.theme.{action}", actor=actor, target=theme, summary=name)
    return theme


def indicator_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    theme: IndexTheme,
    unit: str,
    source_name: str,
    source_url: str = "",
    licence: str = "",
    direction: str = Direction.HIGHER,
    geography: str = Geography.MUNICIPALITY,
    description: str = "",
) -> Indicator:
    """Create an indicator or bring its definition up to date; audited when it changed."""
    values = {
        "name": name,
        "theme": theme,
        "unit": unit,
        "source_name": source_name,
        "source_url": source_url,
        "licence": licence,
        "direction": direction,
        "geography": geography,
        "description": description,
    }
    with transaction.atomic():
        indicator = Indicator.objects.filter(slug=slug).first()
        if indicator is not None:
            changed = {k: v for k, v in values.items() if getattr(indicator, k) != v}
            if not changed:
                return indicator
            if "unit" in changed and indicator.observations.exists():
                raise MonitorError(
                    _(
                        "Indicator %(slug)s already has observations in %(unit)s: "
                        "its unit cannot change."
                    )
                    % {"slug": slug, "unit": indicator.unit}
                )
            action = "updated"
        else:
            indicator = Indicator(slug=slug)
            changed = values
            action = "created"
        for key, value in values.items():
            setattr(indicator, key, value)
        _save(indicator)
        audit_record(
            action=f"monitor.indicator.{action}",
            actor=actor,
            target=indicator,
            summary=name,
            data={"changed": sorted(changed)},
        )
    return indicator
