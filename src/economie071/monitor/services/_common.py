"""What the monitor's writes share: saving with the model's checks, the areas an import
row may name, and checking the cells of an import row (retail, business parks), so every
import reports a bad line the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.formats import decimal_places
from economie071.core.text import describe_control_character, find_control_character
from economie071.monitor import plausibility
from economie071.monitor.exceptions import ImportRejected
from economie071.monitor.models import Indicator, ObservationImport
from economie071.monitor.tables import Row, parse_number, parse_year
from economie071.programme.models import Municipality, Region

MAX_VALUE = Decimal("1e14")  # what Observation.value (20 digits, 6 decimals) holds


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


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
        if decimal_places(number) > 2 or number >= Decimal("10000000"):
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
    warnings: Sequence[tuple[int, str]] = (),
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
