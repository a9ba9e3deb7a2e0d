"""The retail monitor: shopping areas, their yearly figures, and the Retailvisie's lines
of action with their progress.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.monitor.constants import ActionLineMetric, AreaType, ImportKind
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import (
    ObservationImport,
    RetailActionLine,
    RetailFigure,
    RetailProgress,
    ShoppingArea,
)
from economie071.monitor.services._common import (
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


def shopping_area_upsert(
    *,
    actor: User | None,
    municipality: Municipality,
    name: str,
    area_type: str,
    in_main_structure: bool = True,
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
    actor: User | None,
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
            # a line without errors has every required value (each reader says when not)
            assert municipality is not None and area_type is not None and year is not None
            assert floor is not None and outlets is not None
            assert vacant_m2 is not None and vacant_outlets is not None
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
            in_main,
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
                    in_main_structure=in_main,
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
    actor: User | None,
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
    *,
    actor: User | None,
    line: RetailActionLine,
    year: int,
    value: Decimal,
    source: str,
    note: str = "",
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
