"""Business parks: parks, their figures (hectares of hard and soft plan capacity), the
demand for land to 2030 and the ledger of land taken up and added.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.monitor.constants import ImportKind, LedgerKind, Scenario
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import (
    BusinessPark,
    BusinessParkFigure,
    LandDemand,
    LedgerEntry,
    ObservationImport,
)
from economie071.monitor.services._common import (
    _area_key,
    _Areas,
    _change_warnings,
    _control_character_errors,
    _finish_batch,
    _Line,
    _reject_or_none,
    _save,
    _slug_for,
    _user,
)
from economie071.monitor.tables import Row
from economie071.programme.models import Municipality

SCENARIO_WORDS = {
    "low": Scenario.LOW,
    "laag": Scenario.LOW,
    "mid": Scenario.MID,
    "middle": Scenario.MID,
    "midden": Scenario.MID,
    "high": Scenario.HIGH,
    "hoog": Scenario.HIGH,
}


def business_park_upsert(
    *, actor: User | None, municipality: Municipality, name: str
) -> BusinessPark:
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
    actor: User | None,
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
            # a line without errors has every required value (each reader says when not)
            assert municipality is not None and year is not None and gross is not None
            assert net is not None and hard is not None and soft is not None
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
            park_key = (municipality.pk, slugify(name))
            if park_key not in parks:
                parks[park_key] = business_park_upsert(
                    actor=actor, municipality=municipality, name=name
                )
            _figure, was_created = BusinessParkFigure.objects.update_or_create(
                park=parks[park_key],
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
    *, actor: User | None, rows: list[Row], file_name: str = "", max_year: int | None = None
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
            assert area is not None and year is not None and hectares is not None  # as above
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
    actor: User | None,
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
            summary=f"{municipality.name} {year}: {hectares} ha ({LedgerKind(kind).label})",
        )
    return entry
