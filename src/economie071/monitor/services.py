"""Writes of the monitor: themes, indicators, observation imports and index editions.

Every function owns its transaction and writes an audit entry; bad input raises a
MonitorError (ImportRejected for an import file) and leaves the database unchanged.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.monitor.constants import STATUS_WORDS, Direction, Geography, ObservationStatus
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.models import (
    EditionIndicator,
    EditionTheme,
    IndexEdition,
    IndexTheme,
    Indicator,
    Observation,
    ObservationImport,
)
from economie071.monitor.tables import Row, parse_number, parse_year
from economie071.programme.models import Municipality, Region

MAX_VALUE = Decimal("1e14")  # what Observation.value (20 digits, 6 decimals) holds


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


# --- Themes and indicators ----------------------------------------------------------------------


def theme_upsert(
    *, actor, slug: str, name: str, order: int = 0, description: str = ""
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
    actor,
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


# --- Import of observations ---------------------------------------------------------------------


class _Areas:
    """Areas by slug, name and CBS code (case-insensitive); ambiguity is an error."""

    def __init__(self):
        self.by_key: dict[str, list[Region | Municipality]] = {}
        for region in Region.objects.all():
            self._add(region, region.slug, region.name)
        for municipality in Municipality.objects.all():
            self._add(municipality, municipality.slug, municipality.name, municipality.cbs_code)

    def _add(self, area, *keys: str):
        for key in {k.strip().lower() for k in keys if k}:
            self.by_key.setdefault(key, []).append(area)

    def find(self, text: str):
        found = self.by_key.get(text.strip().lower(), [])
        return found[0] if len(found) == 1 else (None if not found else "ambiguous")


def _area_key(area) -> tuple[str, int]:
    return ("municipality" if isinstance(area, Municipality) else "region", area.pk)


def observations_import(
    *, actor, rows: list[Row], file_name: str = "", max_year: int | None = None
) -> ObservationImport:
    """Import observations from the rows of a file: every row is checked, then all or nothing.

    An observation that exists (same indicator, area and year) is replaced, but a final
    figure is never replaced by a provisional one. Raises ImportRejected listing every bad
    line; then nothing has been written.
    """
    max_year = max_year or datetime.date.today().year + 1
    indicators: dict[str, list[Indicator]] = {}
    for indicator in Indicator.objects.all():
        for key in {indicator.slug.lower(), indicator.name.strip().lower()}:
            indicators.setdefault(key, []).append(indicator)
    areas = _Areas()
    errors: list[tuple[int, str]] = []
    seen: dict[tuple, int] = {}
    clean = []
    for row in rows:
        line_errors: list[str] = []
        cells = row.cells
        indicator_text = cells.get("indicator", "")
        matches = indicators.get(indicator_text.strip().lower(), [])
        indicator = matches[0] if len(matches) == 1 else None
        if not indicator_text:
            line_errors.append(_("indicator is empty"))
        elif indicator is None:
            line_errors.append(_("unknown indicator “%(name)s”") % {"name": indicator_text})
        area_text = cells.get("area", "")
        area = areas.find(area_text) if area_text else None
        if not area_text:
            line_errors.append(_("area is empty"))
        elif area is None:
            line_errors.append(_("unknown area “%(name)s”") % {"name": area_text})
        elif area == "ambiguous":
            line_errors.append(
                _("area “%(name)s” is ambiguous: use the slug or CBS code") % {"name": area_text}
            )
            area = None
        if (
            indicator is not None
            and isinstance(area, Municipality)
            and indicator.geography == Geography.REGION
        ):
            line_errors.append(
                _("indicator “%(name)s” exists for the region only, not for %(area)s")
                % {"name": indicator.slug, "area": area.name}
            )
        year = parse_year(cells.get("year", ""))
        if year is None:
            line_errors.append(_("year “%(value)s” is not a year") % {"value": cells.get("year")})
        elif not 1900 <= year <= max_year:
            line_errors.append(
                _("year %(year)s is outside 1900–%(max)s") % {"year": year, "max": max_year}
            )
        value = parse_number(cells.get("value", ""))
        if value is None:
            line_errors.append(
                _("value “%(value)s” is not a number (use 1234.5 or 1234,5)")
                % {"value": cells.get("value", "")}
            )
        elif abs(value) >= MAX_VALUE or -value.as_tuple().exponent > 6:
            line_errors.append(
                _("value %(value)s has too many digits (at most 6 decimals)") % {"value": value}
            )
        unit = cells.get("unit", "").strip()
        if indicator is not None and unit.lower() != indicator.unit.strip().lower():
            line_errors.append(
                _("unit “%(unit)s” does not match the unit of %(name)s (%(expected)s)")
                % {"unit": unit, "name": indicator.slug, "expected": indicator.unit}
            )
        status_text = cells.get("status", "").strip().lower()
        status = STATUS_WORDS.get(status_text)
        if status is None:
            line_errors.append(
                _("status “%(value)s” is not final/definitief or provisional/voorlopig")
                % {"value": cells.get("status")}
            )
        retrieved_text = cells.get("retrieved_on", "").strip()
        retrieved_on = None
        if retrieved_text:
            try:
                retrieved_on = datetime.date.fromisoformat(retrieved_text[:10])
            except ValueError:
                line_errors.append(
                    _("retrieved_on “%(value)s” is not a date (YYYY-MM-DD)")
                    % {"value": retrieved_text}
                )
        source = cells.get("source", "").strip() or (indicator.source_name if indicator else "")
        if len(source) > 200:
            line_errors.append(_("source is longer than 200 characters"))
        if indicator is not None and area is not None and year is not None:
            key = (indicator.pk, *_area_key(area), year)
            if key in seen:
                line_errors.append(
                    _("duplicate: %(name)s for %(area)s in %(year)s is also on line %(line)s")
                    % {"name": indicator.slug, "area": area, "year": year, "line": seen[key]}
                )
            else:
                seen[key] = row.line
        for message in line_errors:
            errors.append((row.line, message))
        if not line_errors:
            clean.append((row.line, indicator, area, year, value, status, source, retrieved_on))

    existing = {}
    if clean:
        for observation in Observation.objects.filter(
            indicator_id__in={item[1].pk for item in clean},
            year__in={item[3] for item in clean},
        ):
            area_key = (
                ("municipality", observation.municipality_id)
                if observation.municipality_id
                else ("region", observation.region_id)
            )
            existing[(observation.indicator_id, *area_key, observation.year)] = observation
    for line, indicator, area, year, _value, status, _source, _retrieved in clean:
        old = existing.get((indicator.pk, *_area_key(area), year))
        if (
            old
            and old.status == ObservationStatus.FINAL
            and status == ObservationStatus.PROVISIONAL
        ):
            errors.append(
                (
                    line,
                    _(
                        "%(name)s for %(area)s in %(year)s is already final; "
                        "a provisional figure does not replace it"
                    )
                    % {"name": indicator.slug, "area": area, "year": year},
                )
            )
    if not rows:
        raise ImportRejected([], [_("The file has no data rows.")])
    if errors:
        raise ImportRejected(errors)

    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        batch = ObservationImport.objects.create(file_name=file_name[:255], imported_by=user)
        created = updated = 0
        new = []
        for _line, indicator, area, year, value, status, source, retrieved_on in clean:
            area_fields = (
                {"municipality": area, "region": None}
                if isinstance(area, Municipality)
                else {"region": area, "municipality": None}
            )
            values = {
                "value": value,
                "status": status,
                "source": source,
                "retrieved_on": retrieved_on,
                "imported_by": user,
                "batch": batch,
            }
            old = existing.get((indicator.pk, *_area_key(area), year))
            if old is None:
                new.append(Observation(indicator=indicator, year=year, **area_fields, **values))
                created += 1
                continue
            if old.value == value and old.status == status and old.source == source:
                continue
            for key, item in values.items():
                setattr(old, key, item)
            old.save()
            updated += 1
        Observation.objects.bulk_create(new)
        batch.created, batch.updated = created, updated
        batch.save(update_fields=["created", "updated"])
        audit_record(
            action="monitor.observations.imported",
            actor=actor,
            target=batch,
            summary=_("%(file)s: %(created)s new, %(updated)s updated observations")
            % {"file": file_name or "-", "created": created, "updated": updated},
            data={"file": file_name, "rows": len(rows), "created": created, "updated": updated},
        )
    return batch


# --- Editions -----------------------------------------------------------------------------------


def edition_create(
    *,
    actor,
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
