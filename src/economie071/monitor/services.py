"""Writes of the monitor: themes, indicators, observation imports and index editions.

Every function owns its transaction and writes an audit entry; bad input raises a
MonitorError (ImportRejected for an import file) and leaves the database unchanged.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.text import describe_control_character, find_control_character
from economie071.monitor import plausibility
from economie071.monitor.constants import (
    STATUS_WORDS,
    ActionLineMetric,
    AreaType,
    CbsApi,
    Direction,
    Geography,
    ImportKind,
    LedgerKind,
    ObservationStatus,
    Scenario,
)
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.models import (
    BusinessPark,
    BusinessParkFigure,
    CbsMapping,
    EditionIndicator,
    EditionTheme,
    IndexEdition,
    IndexTheme,
    Indicator,
    LandDemand,
    LedgerEntry,
    Observation,
    ObservationImport,
    RetailActionLine,
    RetailFigure,
    RetailProgress,
    ShoppingArea,
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


def _control_character_errors(row: Row) -> list[str]:
    """Every cell of an import file is one line of text: a control character (a NUL, which
    PostgreSQL cannot even store, an escape, a line break) is a bad cell, named by column.
    A tab is allowed: spreadsheets carry them."""
    errors = []
    for column, value in row.cells.items():
        index = find_control_character(value, multiline=False)
        if index is not None:
            errors.append(
                _(
                    "column %(column)s holds a control character, %(character)s, at "
                    "position %(position)s"
                )
                % {
                    "column": column,
                    "character": describe_control_character(value, index),
                    "position": index + 1,
                }
            )
    return errors


def _value_errors(value: Decimal, indicator: Indicator) -> list[str]:
    """A value the indicator's unit does not allow (plausibility.bounds) cannot be true."""
    low, high = plausibility.bounds(indicator.unit)
    if high is not None and low is not None and not low <= value <= high:
        return [
            _(
                "value %(value)s cannot be true: %(name)s is a share in %(unit)s, "
                "between %(low)s and %(high)s"
            )
            % {
                "value": value,
                "name": indicator.slug,
                "unit": indicator.unit,
                "low": low,
                "high": high,
            }
        ]
    if low is not None and value < low:
        return [
            _("value %(value)s cannot be true: %(name)s counts %(unit)s, never fewer than 0")
            % {"value": value, "name": indicator.slug, "unit": indicator.unit}
        ]
    return []


def _plain(number: Decimal) -> str:
    """A figure as people write it: 1100, not 1100.000000 or 1.1E+3."""
    return format(Decimal(number).normalize(), "f")


def _change_warnings(
    items: list[tuple[int, tuple, int, Decimal, str]],
    series: dict[tuple, dict[int, Decimal]],
    *,
    unit_of,
) -> list[tuple[int, str]]:
    """Warnings for figures far from the nearest other year of the same series.

    `items` are the file's (line, series key, year, value, what the value is); `series`
    holds every known figure per key and year, the database's overlaid with the file's.
    `unit_of(key)` is the unit that decides what "far" means (plausibility.large_change).
    """
    warnings = []
    for line, key, year, value, what in items:
        known = series.get(key, {})
        other = plausibility.nearest_year(known, year)
        if other is None:
            continue
        previous = known[other]
        if plausibility.large_change(previous, value, unit=unit_of(key)):
            warnings.append(
                (
                    line,
                    _(
                        "check %(what)s in %(year)s: %(value)s, against %(previous)s in "
                        "%(other)s; a change that large is unusual"
                    )
                    % {
                        "what": what,
                        "year": year,
                        "value": _plain(value),
                        "previous": _plain(previous),
                        "other": other,
                    },
                )
            )
    return warnings


def observations_import(
    *,
    actor,
    rows: list[Row],
    file_name: str = "",
    max_year: int | None = None,
    kind: str = ImportKind.OBSERVATIONS,
) -> ObservationImport:
    """Import observations from the rows of a file: every row is checked, then all or nothing.

    An observation that exists (same indicator, area and year) is replaced, but a final
    figure is never replaced by a provisional one. A value the indicator's unit does not
    allow (a share above 100 %, a negative count: monitor.plausibility) is a bad line; a cell
    with a control character too. Raises ImportRejected listing every bad line; then nothing
    has been written. Values far from the nearest other year of their series are imported
    and listed in the returned batch's `warnings`, per line, for the importer to check.
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
        line_errors = _control_character_errors(row)
        if line_errors:
            errors += [(row.line, message) for message in line_errors]
            continue
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
        elif indicator is not None:
            line_errors += _value_errors(value, indicator)
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
    warnings = _observation_warnings(clean)

    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        batch = ObservationImport.objects.create(
            kind=kind, file_name=file_name[:255], imported_by=user
        )
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
            data={
                "kind": kind,
                "file": file_name,
                "rows": len(rows),
                "created": created,
                "updated": updated,
                "warnings": len(warnings),
            },
        )
    batch.warnings = warnings
    return batch


def _observation_warnings(clean: list[tuple]) -> list[tuple[int, str]]:
    """Warnings for imported values far from the same series' nearest other year."""
    indicators = {item[1].pk: item[1] for item in clean}
    series: dict[tuple, dict[int, Decimal]] = {}
    known = Observation.objects.filter(indicator_id__in=indicators).values_list(
        "indicator_id", "municipality_id", "region_id", "year", "value"
    )
    for indicator_id, municipality_id, region_id, year, value in known:
        area = ("municipality", municipality_id) if municipality_id else ("region", region_id)
        series.setdefault((indicator_id, *area), {})[year] = value
    items = []
    for line, indicator, area, year, value, *_rest in clean:
        key = (indicator.pk, *_area_key(area))
        series.setdefault(key, {})[year] = value
        what = _("%(indicator)s for %(area)s") % {"indicator": indicator.slug, "area": area}
        items.append((line, key, year, value, what))
    return _change_warnings(items, series, unit_of=lambda key: indicators[key[0]].unit)


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


# --- Checking the cells of an import row -------------------------------------------------------


class _Line:
    """The cells of one import row and the problems found in them (messages name the column)."""

    def __init__(self, row: Row, max_year: int):
        self.row = row
        self.cells = row.cells
        self.max_year = max_year
        self.errors: list[str] = []

    def text(self, name: str, *, max_length: int = 200, required: bool = True) -> str:
        value = self.cells.get(name, "").strip()
        if required and not value:
            self.errors.append(_("%(column)s is empty") % {"column": name})
        elif len(value) > max_length:
            self.errors.append(
                _("%(column)s is longer than %(max)s characters")
                % {"column": name, "max": max_length}
            )
        return value

    def year(self) -> int | None:
        text = self.cells.get("year", "")
        year = parse_year(text)
        if year is None:
            self.errors.append(_("year “%(value)s” is not a year") % {"value": text})
        elif not 1900 <= year <= self.max_year:
            self.errors.append(
                _("year %(year)s is outside 1900–%(max)s") % {"year": year, "max": self.max_year}
            )
            return None
        return year

    def integer(self, name: str, *, required: bool = True) -> int | None:
        text = self.cells.get(name, "").strip()
        if not text and not required:
            return None
        number = parse_number(text)
        if number is None or number != number.to_integral_value() or number < 0:
            self.errors.append(
                _("%(column)s “%(value)s” is not a whole number of 0 or more")
                % {"column": name, "value": text}
            )
            return None
        if number >= 2_000_000_000:
            self.errors.append(
                _("%(column)s %(value)s is too large") % {"column": name, "value": text}
            )
            return None
        return int(number)

    def hectares(self, name: str) -> Decimal | None:
        text = self.cells.get(name, "").strip()
        number = parse_number(text)
        if number is None or number < 0:
            self.errors.append(
                _("%(column)s “%(value)s” is not a number of 0 or more (use 12.5 or 12,5)")
                % {"column": name, "value": text}
            )
            return None
        if -number.as_tuple().exponent > 2 or number >= Decimal("10000000"):
            self.errors.append(
                _("%(column)s %(value)s has too many digits (at most 2 decimals)")
                % {"column": name, "value": text}
            )
            return None
        return number

    def date(self, name: str = "retrieved_on") -> datetime.date | None:
        text = self.cells.get(name, "").strip()
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            self.errors.append(
                _("%(column)s “%(value)s” is not a date (YYYY-MM-DD)")
                % {"column": name, "value": text}
            )
            return None

    def choice(self, name: str, words: Mapping[str, str], hint: str) -> str | None:
        text = self.cells.get(name, "").strip()
        found = words.get(text.lower())
        if found is None:
            self.errors.append(
                _("%(column)s “%(value)s” is not one of: %(hint)s")
                % {"column": name, "value": text, "hint": hint}
            )
        return found

    def municipality(self, areas: _Areas, name: str = "municipality"):
        text = self.cells.get(name, "").strip()
        if not text:
            self.errors.append(_("%(column)s is empty") % {"column": name})
            return None
        found = areas.find(text)
        if not isinstance(found, Municipality):
            self.errors.append(_("unknown municipality “%(name)s”") % {"name": text})
            return None
        return found


def _reject_or_none(rows: list[Row], errors: list[tuple[int, str]]) -> None:
    if not rows:
        raise ImportRejected([], [_("The file has no data rows.")])
    if errors:
        raise ImportRejected(errors)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _slug_for(municipality: Municipality, name: str) -> str:
    """A stable slug (municipality + name) that fits the field."""
    return slugify(f"{municipality.slug}-{name}")[:150] or municipality.slug


def _finish_batch(
    *,
    actor,
    batch: ObservationImport,
    created: int,
    updated: int,
    rows: int,
    warnings: list[tuple[int, str]] = (),
):
    batch.created, batch.updated = created, updated
    batch.warnings = list(warnings)
    batch.save(update_fields=["created", "updated"])
    audit_record(
        action=f"monitor.{batch.kind}.imported",
        actor=actor,
        target=batch,
        summary=_("%(file)s: %(created)s new, %(updated)s updated")
        % {"file": batch.file_name or "-", "created": created, "updated": updated},
        data={
            "kind": batch.kind,
            "file": batch.file_name,
            "rows": rows,
            "created": created,
            "updated": updated,
            "warnings": len(warnings),
        },
    )


# --- CBS StatLine -------------------------------------------------------------------------------

TABLE_ID = re.compile(r"^[0-9A-Za-z]{5,12}$")
DIMENSION = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,59}$")


def cbs_mapping_upsert(
    *,
    actor,
    indicator: Indicator,
    first_year: int,
    last_year: int | None = None,
    table_id: str,
    api: str,
    measure: str,
    region_dimension: str = "RegioS",
    period_dimension: str = "",
    cbs_unit: str = "",
    factor: Decimal | int | str = 1,
    note: str = "",
) -> CbsMapping:
    """Record where CBS publishes `indicator` for `first_year`..`last_year` (one year if None).

    A mapping is known by its indicator and first year; the years of an indicator's
    mappings may not overlap (which table holds 2019 must be unambiguous). Raises
    MonitorError naming every problem.
    """
    last_year = first_year if last_year is None else last_year
    problems = []
    if not 1900 <= first_year <= last_year <= 2100:
        problems.append(
            _("The years %(first)s–%(last)s are not a range of years.")
            % {"first": first_year, "last": last_year}
        )
    if not TABLE_ID.match(table_id or ""):
        problems.append(
            _("“%(table)s” is not a CBS table id (like 84583NED).") % {"table": table_id}
        )
    if api not in CbsApi.values:
        problems.append(_("Unknown CBS interface “%(api)s”: use v3 or v4.") % {"api": api})
    if not DIMENSION.match(measure or ""):
        problems.append(_("“%(measure)s” is not a CBS measure key.") % {"measure": measure})
    for dimension in (region_dimension, period_dimension):
        if dimension and not DIMENSION.match(dimension):
            problems.append(_("“%(name)s” is not a CBS dimension name.") % {"name": dimension})
    if not region_dimension:
        problems.append(_("Name the region dimension (RegioS, WijkenEnBuurten, …)."))
    if not period_dimension and first_year != last_year:
        problems.append(
            _(
                "Table %(table)s has no period dimension, so it holds one year: the mapping "
                "must cover one year, not %(first)s–%(last)s."
            )
            % {"table": table_id, "first": first_year, "last": last_year}
        )
    try:
        factor = Decimal(str(factor))
    except ArithmeticError:
        factor = Decimal(0)
    if not factor > 0:
        problems.append(_("The factor must be a number above 0."))
    overlapping = (
        CbsMapping.objects.filter(indicator=indicator)
        .exclude(first_year=first_year)
        .filter(first_year__lte=last_year, last_year__gte=first_year)
    )
    for other in overlapping:
        problems.append(
            _("%(indicator)s already has table %(table)s for %(first)s–%(last)s.")
            % {
                "indicator": indicator.slug,
                "table": other.table_id,
                "first": other.first_year,
                "last": other.last_year,
            }
        )
    if problems:
        raise MonitorError(problems)
    values = {
        "last_year": last_year,
        "table_id": table_id,
        "api": api,
        "measure": measure,
        "region_dimension": region_dimension,
        "period_dimension": period_dimension,
        "cbs_unit": cbs_unit,
        "factor": factor,
        "note": note,
    }
    with transaction.atomic():
        mapping = CbsMapping.objects.filter(indicator=indicator, first_year=first_year).first()
        if mapping is not None and all(getattr(mapping, k) == v for k, v in values.items()):
            return mapping
        action = "created" if mapping is None else "updated"
        mapping = mapping or CbsMapping(indicator=indicator, first_year=first_year)
        for key, value in values.items():
            setattr(mapping, key, value)
        _save(mapping)
        audit_record(
            action=f"monitor.cbs_mapping.{action}",
            actor=actor,
            target=mapping,
            summary=str(mapping),
        )
    return mapping


MAPPING_KEYS = {
    "indicator",
    "first_year",
    "last_year",
    "year",
    "table_id",
    "api",
    "measure",
    "region_dimension",
    "period_dimension",
    "cbs_unit",
    "factor",
    "note",
}


def cbs_mappings_load(*, actor, entries: list) -> list[CbsMapping]:
    """Upsert mappings from a list of dicts (a YAML file): all of them, or none.

    Each entry: indicator (slug), year or first_year/last_year, table_id, api, measure,
    and optionally region_dimension, period_dimension, cbs_unit, factor, note.
    """
    if not isinstance(entries, list) or not entries:
        raise MonitorError(_("The mapping file holds no list of mappings."))
    indicators = {i.slug: i for i in Indicator.objects.all()}
    problems = []
    mappings = []
    with transaction.atomic():
        for number, entry in enumerate(entries, start=1):
            prefix = _("Mapping %(number)s") % {"number": number}
            if not isinstance(entry, dict):
                problems.append(f"{prefix}: " + _("not a set of keys and values"))
                continue
            unknown = sorted(set(entry) - MAPPING_KEYS)
            if unknown:
                problems.append(
                    f"{prefix}: " + _("unknown keys: %(keys)s") % {"keys": ", ".join(unknown)}
                )
                continue
            indicator = indicators.get(str(entry.get("indicator", "")))
            if indicator is None:
                problems.append(
                    f"{prefix}: "
                    + _("unknown indicator “%(name)s”") % {"name": entry.get("indicator", "")}
                )
                continue
            first = entry.get("first_year", entry.get("year"))
            if not isinstance(first, int):
                problems.append(f"{prefix}: " + _("give a year or first_year"))
                continue
            try:
                with transaction.atomic():
                    mappings.append(
                        cbs_mapping_upsert(
                            actor=actor,
                            indicator=indicator,
                            first_year=first,
                            last_year=entry.get("last_year", first),
                            table_id=str(entry.get("table_id", "")),
                            api=str(entry.get("api", "")),
                            measure=str(entry.get("measure", "")),
                            region_dimension=str(entry.get("region_dimension", "RegioS")),
                            period_dimension=str(entry.get("period_dimension", "") or ""),
                            cbs_unit=str(entry.get("cbs_unit", "") or ""),
                            factor=entry.get("factor", 1),
                            note=str(entry.get("note", "") or ""),
                        )
                    )
            except MonitorError as error:
                problems.extend(f"{prefix}: {message}" for message in error.messages)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise MonitorError(problems)
    return mappings


@dataclass
class CbsImportResult:
    batch: ObservationImport
    values: int
    missing: list[str]
    urls: list[str]


def cbs_plan(
    *,
    indicators: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    table: str = "",
) -> list[tuple[CbsMapping, tuple[int, ...]]]:
    """The mappings to fetch and, for each, the years asked (all its years without `years`)."""
    mappings = CbsMapping.objects.select_related("indicator").order_by(
        "indicator__slug", "first_year"
    )
    problems = []
    if indicators:
        wanted = list(dict.fromkeys(indicators))
        known = set(Indicator.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        problems += [
            _("Unknown indicator: %(slug)s.") % {"slug": slug}
            for slug in wanted
            if slug not in known
        ]
        mappings = mappings.filter(indicator__slug__in=wanted)
    if table:
        mappings = mappings.filter(table_id__iexact=table)
    if problems:
        raise MonitorError(problems)
    wanted_years = sorted(set(years)) if years else None
    plan = []
    for mapping in mappings:
        span = range(mapping.first_year, mapping.last_year + 1)
        chosen = tuple(y for y in span if wanted_years is None or y in wanted_years)
        if chosen:
            plan.append((mapping, chosen))
    if not plan:
        raise MonitorError(
            _("No CBS mapping matches: add a mapping for the indicator and year first.")
        )
    return plan


def cbs_import(
    *,
    actor,
    programme,
    client,
    indicators: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    table: str = "",
    progress=None,
) -> CbsImportResult:
    """Fetch the mapped CBS figures for the programme's municipalities and import them.

    Everything is fetched first; only then are the rows handed to observations_import (the
    same checks as a file, all or nothing). A CBS that cannot be reached, an error status
    or an answer we cannot read raises cbs.CbsError before anything is written. `progress`
    is called with each (mapping, years) before it is fetched.
    """
    from economie071.monitor.cbs import Query

    plan = cbs_plan(indicators=indicators, years=years, table=table)
    municipalities = {
        m.cbs_code.strip().upper(): m
        for m in Municipality.objects.filter(region_id=programme.region_id)
        if m.cbs_code
    }
    if not municipalities:
        raise MonitorError(_("The programme's municipalities have no CBS codes."))
    today = timezone.localdate()
    rows: list[Row] = []
    missing: list[str] = []
    urls: list[str] = []
    tables = []
    for mapping, mapping_years in plan:
        if progress is not None:
            progress(mapping, mapping_years)
        result = client.fetch(
            Query(
                api=mapping.api,
                table_id=mapping.table_id,
                measure=mapping.measure,
                region_dimension=mapping.region_dimension,
                region_codes=tuple(sorted(municipalities)),
                period_dimension=mapping.period_dimension,
                years=mapping_years if mapping.period_dimension else (),
            )
        )
        urls += result.urls
        if mapping.cbs_unit and result.unit.strip().lower() != mapping.cbs_unit.strip().lower():
            raise MonitorError(
                _(
                    "Unit mismatch for %(indicator)s: CBS table %(table)s gives %(measure)s in "
                    "“%(unit)s”, the mapping expects “%(expected)s”. Nothing was imported."
                )
                % {
                    "indicator": mapping.indicator.slug,
                    "table": mapping.table_id,
                    "measure": mapping.measure,
                    "unit": result.unit,
                    "expected": mapping.cbs_unit,
                }
            )
        tables.append(mapping.table_id)
        found = set()
        for item in result.values:
            year = item.year if item.year is not None else mapping.first_year
            municipality = municipalities[item.region_code.upper()]
            found.add((municipality.pk, year))
            if item.value is None:
                missing.append(
                    _("%(indicator)s: CBS has no figure for %(area)s in %(year)s (%(table)s)")
                    % {
                        "indicator": mapping.indicator.slug,
                        "area": municipality.name,
                        "year": year,
                        "table": mapping.table_id,
                    }
                )
                continue
            value = item.value * mapping.factor
            if -value.as_tuple().exponent > 6:
                value = value.quantize(Decimal("0.000001"))
            rows.append(
                Row(
                    line=len(rows) + 1,
                    cells={
                        "indicator": mapping.indicator.slug,
                        "area": municipality.cbs_code,
                        "year": str(year),
                        "value": format(value.normalize(), "f"),
                        "unit": mapping.indicator.unit,
                        "status": "final",
                        "source": f"CBS StatLine {mapping.table_id} ({mapping.measure})",
                        "retrieved_on": today.isoformat(),
                    },
                )
            )
        for municipality in municipalities.values():
            for year in mapping_years:
                if (municipality.pk, year) not in found:
                    missing.append(
                        _("%(indicator)s: CBS has no figure for %(area)s in %(year)s (%(table)s)")
                        % {
                            "indicator": mapping.indicator.slug,
                            "area": municipality.name,
                            "year": year,
                            "table": mapping.table_id,
                        }
                    )
    if not rows:
        raise MonitorError(
            [_("CBS gave no figures for the programme's municipalities; nothing was imported.")]
            + missing
        )
    batch = observations_import(
        actor=actor,
        rows=rows,
        file_name="CBS StatLine " + ", ".join(dict.fromkeys(tables)),
        kind=ImportKind.CBS,
    )
    return CbsImportResult(batch=batch, values=len(rows), missing=missing, urls=urls)


# --- Retail monitor -----------------------------------------------------------------------------

AREA_TYPE_WORDS = {
    "main_centre": AreaType.MAIN_CENTRE,
    "main centre": AreaType.MAIN_CENTRE,
    "hoofdcentrum": AreaType.MAIN_CENTRE,
    "hoofdwinkelgebied": AreaType.MAIN_CENTRE,
    "district_centre": AreaType.DISTRICT_CENTRE,
    "district centre": AreaType.DISTRICT_CENTRE,
    "neighbourhood_centre": AreaType.DISTRICT_CENTRE,
    "wijkcentrum": AreaType.DISTRICT_CENTRE,
    "buurtcentrum": AreaType.DISTRICT_CENTRE,
    "wijk- of buurtcentrum": AreaType.DISTRICT_CENTRE,
    "peripheral": AreaType.PERIPHERAL,
    "destination": AreaType.PERIPHERAL,
    "perifeer": AreaType.PERIPHERAL,
    "doelgericht": AreaType.PERIPHERAL,
    "doelgericht of perifeer": AreaType.PERIPHERAL,
}
YES_NO = {
    "": "yes",
    "yes": "yes",
    "ja": "yes",
    "true": "yes",
    "1": "yes",
    "no": "no",
    "nee": "no",
    "false": "no",
    "0": "no",
}
SCENARIO_WORDS = {
    "low": Scenario.LOW,
    "laag": Scenario.LOW,
    "mid": Scenario.MID,
    "middle": Scenario.MID,
    "midden": Scenario.MID,
    "high": Scenario.HIGH,
    "hoog": Scenario.HIGH,
}


def shopping_area_upsert(
    *, actor, municipality: Municipality, name: str, area_type: str, in_main_structure: bool = True
) -> ShoppingArea:
    """A shopping area by municipality and name; its type and place are brought up to date."""
    slug = _slug_for(municipality, name)
    values = {"name": name, "area_type": area_type, "in_main_structure": in_main_structure}
    with transaction.atomic():
        area = ShoppingArea.objects.filter(slug=slug).first()
        if area is not None and all(getattr(area, k) == v for k, v in values.items()):
            return area
        action = "created" if area is None else "updated"
        area = area or ShoppingArea(slug=slug, municipality=municipality)
        for key, value in values.items():
            setattr(area, key, value)
        _save(area)
        audit_record(
            action=f"monitor.shopping_area.{action}", actor=actor, target=area, summary=name
        )
    return area


def retail_figures_import(
    *,
    actor,
    rows: list[Row],
    file_name: str = "",
    max_year: int | None = None,
    create_new: bool = False,
) -> ObservationImport:
    """Import the retail monitor's figures (template: tables.RETAIL), all or nothing.

    A shopping area is known by its municipality and name (letter case and punctuation
    aside); its type and place in the main structure follow the file. A name the monitor
    does not know is a bad line (a typo would otherwise start a new area with one year of
    figures), unless `create_new` is set: then the area is created. A figure for the same
    area and year is replaced. Raises ImportRejected listing every bad line. Floor space or
    outlets far from the area's nearest other year are in the batch's `warnings`.
    """
    max_year = max_year or datetime.date.today().year + 1
    areas = _Areas()
    known_areas = set(ShoppingArea.objects.values_list("slug", flat=True))
    measured = []  # (line, area slug, year, floor space, outlets, name) for the warnings
    errors: list[tuple[int, str]] = []
    clean = []
    seen: dict[tuple, int] = {}
    kinds: dict[tuple, tuple] = {}
    for row in rows:
        problems = _control_character_errors(row)
        if problems:
            errors += [(row.line, message) for message in problems]
            continue
        line = _Line(row, max_year)
        municipality = line.municipality(areas)
        name = line.text("shopping_area", max_length=150)
        area_type = line.choice(
            "type",
            AREA_TYPE_WORDS,
            "main_centre/hoofdcentrum, district_centre/wijkcentrum, peripheral/perifeer",
        )
        main = line.choice("main_structure", YES_NO, "yes/ja, no/nee")
        year = line.year()
        floor = line.integer("floor_space_m2")
        outlets = line.integer("outlets")
        vacant_m2 = line.integer("vacant_m2")
        vacant_outlets = line.integer("vacant_outlets")
        source = line.text("source")
        retrieved_on = line.date()
        if floor is not None and vacant_m2 is not None and vacant_m2 > floor:
            line.errors.append(
                _("vacant_m2 %(vacant)s is more than floor_space_m2 %(total)s")
                % {"vacant": vacant_m2, "total": floor}
            )
        if outlets is not None and vacant_outlets is not None and vacant_outlets > outlets:
            line.errors.append(
                _("vacant_outlets %(vacant)s is more than outlets %(total)s")
                % {"vacant": vacant_outlets, "total": outlets}
            )
        if municipality is not None and name:
            if not create_new and _slug_for(municipality, name) not in known_areas:
                line.errors.append(
                    _(
                        "%(municipality)s has no shopping area “%(name)s”: check the name, or "
                        "import with the option to create new shopping areas"
                    )
                    % {"municipality": municipality.name, "name": name}
                )
            key = (municipality.pk, slugify(name))
            definition = (area_type, main)
            if key in kinds and None not in definition and kinds[key][0] != definition:
                line.errors.append(
                    _("%(name)s has another type or place in the structure on line %(line)s")
                    % {"name": name, "line": kinds[key][1]}
                )
            elif None not in definition:
                kinds.setdefault(key, (definition, row.line))
            if year is not None:
                if (key, year) in seen:
                    line.errors.append(
                        _("duplicate: %(name)s in %(year)s is also on line %(line)s")
                        % {"name": name, "year": year, "line": seen[(key, year)]}
                    )
                else:
                    seen[(key, year)] = row.line
        errors += [(row.line, message) for message in line.errors]
        if not line.errors:
            slug = _slug_for(municipality, name)
            measured.append((row.line, slug, year, floor, outlets, name))
            clean.append(
                (
                    municipality,
                    name,
                    area_type,
                    main == "yes",
                    year,
                    floor,
                    outlets,
                    vacant_m2,
                    vacant_outlets,
                    source,
                    retrieved_on,
                )
            )
    _reject_or_none(rows, errors)
    warnings = _retail_warnings(measured)
    with transaction.atomic():
        batch = ObservationImport.objects.create(
            kind=ImportKind.RETAIL, file_name=file_name[:255], imported_by=_user(actor)
        )
        created = updated = 0
        area_cache: dict[tuple, ShoppingArea] = {}
        for (
            municipality,
            name,
            area_type,
            main,
            year,
            floor,
            outlets,
            vacant_m2,
            vacant_outlets,
            source,
            retrieved_on,
        ) in clean:
            key = (municipality.pk, slugify(name))
            if key not in area_cache:
                area_cache[key] = shopping_area_upsert(
                    actor=actor,
                    municipality=municipality,
                    name=name,
                    area_type=area_type,
                    in_main_structure=main,
                )
            _figure, was_created = RetailFigure.objects.update_or_create(
                area=area_cache[key],
                year=year,
                defaults={
                    "floor_space_m2": floor,
                    "outlets": outlets,
                    "vacant_m2": vacant_m2,
                    "vacant_outlets": vacant_outlets,
                    "source": source,
                    "retrieved_on": retrieved_on,
                    "batch": batch,
                },
            )
            created += was_created
            updated += not was_created
        _finish_batch(
            actor=actor,
            batch=batch,
            created=created,
            updated=updated,
            rows=len(rows),
            warnings=warnings,
        )
    return batch


def _retail_warnings(measured: list[tuple]) -> list[tuple[int, str]]:
    """Warnings for floor space or outlets far from the same area's nearest other year."""
    known = RetailFigure.objects.filter(area__slug__in={item[1] for item in measured}).values_list(
        "area__slug", "year", "floor_space_m2", "outlets"
    )
    floor: dict[tuple, dict[int, Decimal]] = {}
    outlets: dict[tuple, dict[int, Decimal]] = {}
    for slug, year, floor_space, count in [*known, *[item[1:5] for item in measured]]:
        floor.setdefault((slug,), {})[year] = Decimal(floor_space)
        outlets.setdefault((slug,), {})[year] = Decimal(count)
    return _change_warnings(
        [
            (line, (slug,), year, Decimal(m2), f"floor_space_m2 ({name})")
            for line, slug, year, m2, _count, name in measured
        ],
        floor,
        unit_of=lambda _key: "m²",
    ) + _change_warnings(
        [
            (line, (slug,), year, Decimal(count), f"outlets ({name})")
            for line, slug, year, _m2, count, name in measured
        ],
        outlets,
        unit_of=lambda _key: "verkooppunten",
    )


def action_line_upsert(
    *,
    actor,
    code: str,
    name: str,
    metric: str,
    baseline_year: int,
    target_value: Decimal | None = None,
    target_unit: str = "",
    target_year: int | None = None,
    target_source: str = "",
    description: str = "",
    contact_municipality: Municipality | None = None,
) -> RetailActionLine:
    """Create or update a line of action (A, B, C) and its target."""
    problems = []
    code = (code or "").strip().upper()
    if len(code) != 1 or not code.isalpha():
        problems.append(_("The code of a line of action is one letter (A, B, C)."))
    if metric not in ActionLineMetric.values:
        problems.append(_("Unknown way of measuring: %(metric)s.") % {"metric": metric})
    if target_year is not None and target_year < baseline_year:
        problems.append(
            _("The target year %(target)s is before the baseline year %(base)s.")
            % {"target": target_year, "base": baseline_year}
        )
    if target_value is not None and target_value < 0:
        problems.append(_("The target cannot be negative."))
    if target_value is not None and not target_source.strip():
        problems.append(_("Say where the target comes from (source of the target)."))
    if problems:
        raise MonitorError(problems)
    values = {
        "name": name,
        "metric": metric,
        "baseline_year": baseline_year,
        "target_value": target_value,
        "target_unit": target_unit,
        "target_year": target_year,
        "target_source": target_source,
        "description": description,
        "contact_municipality": contact_municipality,
    }
    with transaction.atomic():
        line = RetailActionLine.objects.filter(code=code).first()
        if line is not None:
            changed = sorted(k for k, v in values.items() if getattr(line, k) != v)
            if not changed:
                return line
            action = "updated"
        else:
            line, changed, action = RetailActionLine(code=code), sorted(values), "created"
        for key, value in values.items():
            setattr(line, key, value)
        _save(line)
        audit_record(
            action=f"monitor.action_line.{action}",
            actor=actor,
            target=line,
            summary=f"{code}: {name}",
            data={"changed": changed},
        )
    return line


def action_line_progress_record(
    *, actor, line: RetailActionLine, year: int, value: Decimal, source: str, note: str = ""
) -> RetailProgress:
    """Record (or correct) a line's progress in a year; only for lines measured by hand."""
    problems = []
    if line.metric != ActionLineMetric.MANUAL:
        problems.append(
            _("The progress of line %(code)s is computed from the retail figures.")
            % {"code": line.code}
        )
    if year < line.baseline_year:
        problems.append(
            _("%(year)s is before the baseline year %(base)s.")
            % {"year": year, "base": line.baseline_year}
        )
    if not source.strip():
        problems.append(_("Say where the figure comes from (source)."))
    if problems:
        raise MonitorError(problems)
    with transaction.atomic():
        progress, created = RetailProgress.objects.update_or_create(
            line=line, year=year, defaults={"value": value, "source": source, "note": note}
        )
        audit_record(
            action="monitor.action_line.progress_recorded",
            actor=actor,
            target=line,
            summary=f"{line.code} {year}: {value}",
            data={"year": year, "value": str(value), "created": created},
        )
    return progress


# --- Business parks -----------------------------------------------------------------------------


def business_park_upsert(*, actor, municipality: Municipality, name: str) -> BusinessPark:
    slug = _slug_for(municipality, name)
    with transaction.atomic():
        park = BusinessPark.objects.filter(slug=slug).first()
        if park is not None and park.name == name:
            return park
        action = "created" if park is None else "updated"
        park = park or BusinessPark(slug=slug, municipality=municipality)
        park.name = name
        _save(park)
        audit_record(
            action=f"monitor.business_park.{action}", actor=actor, target=park, summary=name
        )
    return park


def park_figures_import(
    *,
    actor,
    rows: list[Row],
    file_name: str = "",
    max_year: int | None = None,
    create_new: bool = False,
) -> ObservationImport:
    """Import business park figures (template: tables.PARKS), all or nothing.

    A business park is known by its municipality and name; a name the monitor does not
    know is a bad line unless `create_new` is set (as for shopping areas). Gross hectares far
    from the park's nearest other year are in the batch's `warnings`.
    """
    max_year = max_year or datetime.date.today().year + 1
    areas = _Areas()
    known_parks = set(BusinessPark.objects.values_list("slug", flat=True))
    measured = []  # (line, park slug, year, gross hectares, name) for the warnings
    errors: list[tuple[int, str]] = []
    clean = []
    seen: dict[tuple, int] = {}
    for row in rows:
        problems = _control_character_errors(row)
        if problems:
            errors += [(row.line, message) for message in problems]
            continue
        line = _Line(row, max_year)
        municipality = line.municipality(areas)
        name = line.text("business_park", max_length=150)
        year = line.year()
        gross = line.hectares("gross_ha")
        net = line.hectares("net_ha")
        hard = line.hectares("hard_ha")
        soft = line.hectares("soft_ha")
        jobs = line.integer("jobs", required=False)
        source = line.text("source")
        retrieved_on = line.date()
        if gross is not None and net is not None and net > gross:
            line.errors.append(
                _("net_ha %(net)s is more than gross_ha %(gross)s") % {"net": net, "gross": gross}
            )
        if (
            municipality is not None
            and name
            and not create_new
            and _slug_for(municipality, name) not in known_parks
        ):
            line.errors.append(
                _(
                    "%(municipality)s has no business park “%(name)s”: check the name, or "
                    "import with the option to create new business parks"
                )
                % {"municipality": municipality.name, "name": name}
            )
        if municipality is not None and name and year is not None:
            key = (municipality.pk, slugify(name), year)
            if key in seen:
                line.errors.append(
                    _("duplicate: %(name)s in %(year)s is also on line %(line)s")
                    % {"name": name, "year": year, "line": seen[key]}
                )
            else:
                seen[key] = row.line
        errors += [(row.line, message) for message in line.errors]
        if not line.errors:
            measured.append((row.line, _slug_for(municipality, name), year, gross, name))
            clean.append(
                (municipality, name, year, gross, net, hard, soft, jobs, source, retrieved_on)
            )
    _reject_or_none(rows, errors)
    series: dict[tuple, dict[int, Decimal]] = {}
    known = BusinessParkFigure.objects.filter(
        park__slug__in={item[1] for item in measured}
    ).values_list("park__slug", "year", "gross_ha")
    for slug, year, gross in [*known, *[item[1:4] for item in measured]]:
        series.setdefault((slug,), {})[year] = gross
    warnings = _change_warnings(
        [
            (line, (slug,), year, gross, f"gross_ha ({name})")
            for line, slug, year, gross, name in measured
        ],
        series,
        unit_of=lambda _key: "ha",
    )
    with transaction.atomic():
        batch = ObservationImport.objects.create(
            kind=ImportKind.PARKS, file_name=file_name[:255], imported_by=_user(actor)
        )
        created = updated = 0
        parks: dict[tuple, BusinessPark] = {}
        for municipality, name, year, gross, net, hard, soft, jobs, source, retrieved in clean:
            key = (municipality.pk, slugify(name))
            if key not in parks:
                parks[key] = business_park_upsert(actor=actor, municipality=municipality, name=name)
            _figure, was_created = BusinessParkFigure.objects.update_or_create(
                park=parks[key],
                year=year,
                defaults={
                    "gross_ha": gross,
                    "net_ha": net,
                    "hard_ha": hard,
                    "soft_ha": soft,
                    "jobs": jobs,
                    "source": source,
                    "retrieved_on": retrieved,
                    "batch": batch,
                },
            )
            created += was_created
            updated += not was_created
        _finish_batch(
            actor=actor,
            batch=batch,
            created=created,
            updated=updated,
            rows=len(rows),
            warnings=warnings,
        )
    return batch


def land_demand_import(
    *, actor, rows: list[Row], file_name: str = "", max_year: int | None = None
) -> ObservationImport:
    """Import the demand forecast for business land (template: tables.DEMAND), all or nothing.

    Demand is in hectares per year, per scenario, for the region as a whole or for a
    municipality; the years may run to the strategy's horizon (2030) and beyond.
    """
    max_year = max_year or 2100
    areas = _Areas()
    errors: list[tuple[int, str]] = []
    clean = []
    seen: dict[tuple, int] = {}
    for row in rows:
        problems = _control_character_errors(row)
        if problems:
            errors += [(row.line, message) for message in problems]
            continue
        line = _Line(row, max_year)
        area_text = line.cells.get("area", "").strip()
        area = areas.find(area_text) if area_text else None
        if not area_text:
            line.errors.append(_("area is empty"))
        elif area is None or area == "ambiguous":
            line.errors.append(_("unknown area “%(name)s”") % {"name": area_text})
            area = None
        scenario = line.choice("scenario", SCENARIO_WORDS, "low/laag, mid/midden, high/hoog")
        year = line.year()
        hectares = line.hectares("hectares")
        source = line.text("source")
        if area is not None and scenario and year is not None:
            key = (*_area_key(area), scenario, year)
            if key in seen:
                line.errors.append(
                    _("duplicate: %(area)s, %(scenario)s, %(year)s is also on line %(line)s")
                    % {"area": area, "scenario": scenario, "year": year, "line": seen[key]}
                )
            else:
                seen[key] = row.line
        errors += [(row.line, message) for message in line.errors]
        if not line.errors:
            clean.append((area, scenario, year, hectares, source))
    _reject_or_none(rows, errors)
    with transaction.atomic():
        batch = ObservationImport.objects.create(
            kind=ImportKind.DEMAND, file_name=file_name[:255], imported_by=_user(actor)
        )
        created = updated = 0
        for area, scenario, year, hectares, source in clean:
            area_fields = (
                {"municipality": area, "region": None}
                if isinstance(area, Municipality)
                else {"region": area, "municipality": None}
            )
            _item, was_created = LandDemand.objects.update_or_create(
                **area_fields,
                scenario=scenario,
                year=year,
                defaults={"hectares": hectares, "source": source, "batch": batch},
            )
            created += was_created
            updated += not was_created
        _finish_batch(actor=actor, batch=batch, created=created, updated=updated, rows=len(rows))
    return batch


def ledger_entry_create(
    *,
    actor,
    municipality: Municipality,
    year: int,
    kind: str,
    hectares: Decimal,
    description: str,
    source: str,
    park: BusinessPark | None = None,
) -> LedgerEntry:
    """Record a transformation (business land lost) or a compensation in the covenant ledger."""
    problems = []
    if kind not in LedgerKind.values:
        problems.append(_("Unknown kind of entry: %(kind)s.") % {"kind": kind})
    if hectares is None or hectares <= 0:
        problems.append(_("The hectares must be more than 0."))
    if park is not None and park.municipality_id != municipality.pk:
        problems.append(
            _("%(park)s lies in %(municipality)s, not in %(other)s.")
            % {"park": park.name, "municipality": park.municipality.name, "other": municipality}
        )
    if not description.strip():
        problems.append(_("Describe the entry (what happened to the land)."))
    if not source.strip():
        problems.append(_("Say where the figure comes from (source)."))
    if problems:
        raise MonitorError(problems)
    with transaction.atomic():
        entry = LedgerEntry(
            municipality=municipality,
            park=park,
            year=year,
            kind=kind,
            hectares=hectares,
            description=description,
            source=source,
            recorded_by=_user(actor),
        )
        _save(entry)
        audit_record(
            action=f"monitor.ledger.{kind}_recorded",
            actor=actor,
            target=entry,
            summary=f"{municipality.name} {year}: {hectares} ha ({kind})",
        )
    return entry
