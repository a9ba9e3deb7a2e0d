"""Index editions: the yearly composition of Index071 (themes, indicators, weights) as
it was published.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import EditionIndicator, EditionTheme, IndexEdition, Indicator
from economie071.monitor.services._common import _save


def edition_create(
    *,
    actor: User | None,
    slug: str,
    name: str,
    year_published: int,
    base_year: int,
    indicators: Mapping[str, Decimal | int | str | None],
    theme_weights: Mapping[str, Decimal | int | str] | None = None,
    description: str = "",
) -> IndexEdition:
    """Record an edition's methodology: base year, indicator set with weights, theme weights.

    `indicators`: indicator slug → weight within its theme (None: 1). The theme each
    indicator counts in is recorded with it, so the edition is recomputed as it was even
    if an indicator is regrouped later. Theme weights default to 1 (equal).
    """
    theme_weights = dict(theme_weights or {})
    problems = []
    if IndexEdition.objects.filter(slug=slug).exists():
        problems.append(_("An edition with slug %(slug)s exists already.") % {"slug": slug})
    if base_year > year_published:
        problems.append(
            _("The base year %(base)s is after the year of publication %(year)s.")
            % {"base": base_year, "year": year_published}
        )
    found = {
        i.slug: i for i in Indicator.objects.select_related("theme").filter(slug__in=indicators)
    }
    for indicator_slug, weight in indicators.items():
        if indicator_slug not in found:
            problems.append(_("Unknown indicator: %(slug)s.") % {"slug": indicator_slug})
        if weight is not None and Decimal(str(weight)) <= 0:
            problems.append(
                _("The weight of %(slug)s must be more than 0.") % {"slug": indicator_slug}
            )
    if not indicators:
        problems.append(_("An edition needs at least one indicator."))
    themes = {i.theme.slug: i.theme for i in found.values()}
    for theme_slug, weight in theme_weights.items():
        if theme_slug not in themes:
            problems.append(
                _("Theme %(slug)s has a weight but no indicator in this edition.")
                % {"slug": theme_slug}
            )
        elif Decimal(str(weight)) <= 0:
            problems.append(
                _("The weight of theme %(slug)s must be more than 0.") % {"slug": theme_slug}
            )
    if problems:
        raise MonitorError(problems)
    with transaction.atomic():
        edition = IndexEdition(
            slug=slug,
            name=name,
            year_published=year_published,
            base_year=base_year,
            description=description,
        )
        _save(edition)
        EditionIndicator.objects.bulk_create(
            EditionIndicator(
                edition=edition,
                indicator=found[indicator_slug],
                theme=found[indicator_slug].theme,
                weight=Decimal(str(weight)) if weight is not None else Decimal(1),
            )
            for indicator_slug, weight in indicators.items()
        )
        EditionTheme.objects.bulk_create(
            EditionTheme(
                edition=edition,
                theme=theme,
                weight=Decimal(str(theme_weights.get(theme_slug, 1))),
            )
            for theme_slug, theme in sorted(themes.items())
        )
        audit_record(
            action="monitor.edition.created",
            actor=actor,
            target=edition,
            summary=name,
            data={
                "base_year": base_year,
                "indicators": {k: str(v if v is not None else 1) for k, v in indicators.items()},
                "theme_weights": {k: str(v) for k, v in theme_weights.items()},
            },
        )
    return edition
