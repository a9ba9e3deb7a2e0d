"""CBS StatLine: the mappings from a CBS table to an indicator, and the import that
fetches the figures and passes them through the same checks as a file import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.formats import decimal_places
from economie071.monitor.cbs import CbsClient, Query
from economie071.monitor.constants import CbsApi, ImportKind
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import CbsMapping, Indicator, ObservationImport
from economie071.monitor.services._common import _save
from economie071.monitor.services.imports import observations_import
from economie071.monitor.tables import Row
from economie071.programme.models import Municipality, Programme

TABLE_ID = re.compile(r"^[0-9A-Za-z]{5,12}$")


DIMENSION = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,59}$")


def cbs_mapping_upsert(
    *,
    actor: User | None,
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


def cbs_mappings_load(*, actor: User | None, entries: list) -> list[CbsMapping]:
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
    actor: User | None,
    programme: Programme,
    client: CbsClient,
    indicators: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    table: str = "",
    progress: Callable[[CbsMapping, Sequence[int]], object] | None = None,
) -> CbsImportResult:
    """Fetch the mapped CBS figures for the programme's municipalities and import them.

    Everything is fetched first; only then are the rows handed to observations_import (the
    same checks as a file, all or nothing). A CBS that cannot be reached, an error status
    or an answer we cannot read raises cbs.CbsError before anything is written. `progress`
    is called with each (mapping, years) before it is fetched.
    """
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
            if decimal_places(value) > 6:
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
