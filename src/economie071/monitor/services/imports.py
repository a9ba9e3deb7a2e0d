"""The import of observations (indicator figures per area and year): all or nothing, with
a report of every bad line and a warning for figures far from the nearest other year.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.formats import decimal_places
from economie071.monitor.constants import STATUS_WORDS, Geography, ImportKind, ObservationStatus
from economie071.monitor.exceptions import ImportRejected
from economie071.monitor.models import Indicator, Observation, ObservationImport
from economie071.monitor.services._common import (
    MAX_VALUE,
    _area_key,
    _Areas,
    _change_warnings,
    _control_character_errors,
    _value_errors,
)
from economie071.monitor.tables import Row, parse_number, parse_year
from economie071.programme.models import Municipality


def observations_import(
    *,
    actor: User | None,
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
    for known in Indicator.objects.all():
        for name in {known.slug.lower(), known.name.strip().lower()}:
            indicators.setdefault(name, []).append(known)
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
        elif abs(value) >= MAX_VALUE or decimal_places(value) > 6:
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
            # a line without errors has every required value (each check says when not)
            assert indicator is not None and area is not None and year is not None
            assert value is not None
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
            for field, item in values.items():
                setattr(old, field, item)
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
