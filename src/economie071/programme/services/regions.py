"""Setting up a region of its own from a file: the region, its municipalities (by CBS code),
the programme with its pillars and themes. The file format is in docs/operations.md; the
Economie071 file ships as `programme/data/region_economie071.yaml`.

Everything is read and checked before anything is written, and written in one transaction,
through the same upserts the demo uses: running it twice changes nothing, and a file with
an error changes nothing and names the place of the error.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from economie071.audit.models import AuditEntry
from economie071.programme.exceptions import RegionFileError
from economie071.programme.models import Municipality, Programme
from economie071.programme.services.reference import (
    municipality_upsert,
    pillar_upsert,
    programme_upsert,
    region_upsert,
    role_groups_ensure,
    theme_upsert,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MUNICIPALITIES_FILE = DATA_DIR / "cbs_municipalities.csv"
CBS_CODE = re.compile(r"^GM\d{4}$")
SLUG = re.compile(r"^[-a-z0-9]+$")
MAX_ENTRIES = 500  # more municipalities, pillars or themes than this is not a region file


@cache
def cbs_municipality_names() -> dict[str, str]:
    """CBS code -> the municipality's name as CBS writes it (the shipped table)."""
    with MUNICIPALITIES_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["cbs_code"]: row["name"] for row in rows}


@dataclass
class RegionSetupReport:
    programme: Programme
    changes: int  # audit entries written: 0 means the database already held all of it
    municipalities: list[Municipality] = field(default_factory=list)


def _where(path: str, exc: ValidationError) -> RegionFileError:
    if hasattr(exc, "error_dict"):
        problem = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    else:
        problem = " ".join(exc.messages)
    return RegionFileError([f"{path}: {problem}"])


def _text(entry: dict, key: str, path: str, problems: list[str], *, required=True) -> str:
    value = entry.get(key)
    if value is None or value == "":
        if required:
            problems.append(f"{path}.{key}: ontbreekt")
        return ""
    if not isinstance(value, str | int):
        problems.append(f"{path}.{key}: moet tekst zijn")
        return ""
    return str(value).strip()


def _municipality_entries(data: dict, extra_codes: list[str], problems: list[str]) -> list[dict]:
    """The municipalities of the file and of the command line, as {cbs_code, name}."""
    names = cbs_municipality_names()
    raw = data.get("municipalities") or []
    if not isinstance(raw, list):
        problems.append("municipalities: moet een lijst zijn")
        raw = []
    entries: dict[str, dict] = {}
    for i, item in enumerate([*raw, *extra_codes]):
        path = f"municipalities[{i}]" if i < len(raw) else "--municipalities"
        if isinstance(item, str):
            item = {"cbs_code": item}
        if not isinstance(item, dict):
            problems.append(f"{path}: geef een CBS-code (GM0546) of cbs_code en name")
            continue
        code = str(item.get("cbs_code", "")).strip().upper()
        if not CBS_CODE.match(code):
            problems.append(f"{path}: “{code}” is geen CBS-gemeentecode (zoals GM0546)")
            continue
        name = str(item.get("name") or "").strip() or names.get(code, "")
        if not name:
            problems.append(
                f"{path}: {code} staat niet in de gemeentetabel van het CBS die met het platform "
                "wordt meegeleverd; geef de naam in het regiobestand (cbs_code en name)"
            )
            continue
        entries[code] = {"cbs_code": code, "name": name}
    if not entries:
        problems.append(
            "municipalities: geef ten minste één gemeente (in het bestand of met --municipalities)"
        )
    return list(entries.values())


def region_file_check(data: object, *, extra_codes: Sequence[str] = ()) -> list[str]:
    """Every problem of a region file (already read from YAML), in Dutch, with its place."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["Het regiobestand moet sleutels en waarden bevatten (region, programme, …)."]
    unknown = sorted(set(data) - {"region", "municipalities", "programme", "pillars", "themes"})
    if unknown:
        problems.append("onbekende sleutels: " + ", ".join(map(str, unknown)))
    for key in ("region", "programme"):
        entry = data.get(key)
        if not isinstance(entry, dict):
            problems.append(f"{key}: ontbreekt (slug en name)")
            continue
        for name in ("slug", "name"):
            value = _text(entry, name, key, problems)
            if name == "slug" and value and not SLUG.match(value):
                problems.append(f"{key}.slug: alleen kleine letters, cijfers en streepjes")
    _municipality_entries(data, list(extra_codes), problems)
    for key in ("pillars", "themes"):
        items = data.get(key) or []
        if not isinstance(items, list) or len(items) > MAX_ENTRIES:
            problems.append(f"{key}: moet een lijst zijn (hoogstens {MAX_ENTRIES})")
            continue
        slugs = set()
        for i, item in enumerate(items):
            path = f"{key}[{i}]"
            if not isinstance(item, dict):
                problems.append(f"{path}: moet sleutels en waarden bevatten")
                continue
            slug = _text(item, "slug", path, problems)
            _text(item, "name", path, problems)
            if key == "pillars":
                _text(item, "colour", path, problems)
                if not isinstance(item.get("number"), int):
                    problems.append(f"{path}.number: moet een geheel getal zijn")
            if slug in slugs:
                problems.append(f"{path}.slug: “{slug}” komt twee keer voor")
            slugs.add(slug)
    return problems


def region_setup(
    *, data: dict, extra_codes: Sequence[str] = (), actor: User | None = None
) -> RegionSetupReport:
    """Create or bring up to date the region, municipalities, programme, pillars and themes
    of a region file (see region_file_check). All or nothing: RegionFileError names every
    problem and nothing is written."""
    problems = region_file_check(data, extra_codes=extra_codes)
    if problems:
        raise RegionFileError(problems)
    municipalities = _municipality_entries(data, list(extra_codes), [])
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        try:
            region = region_upsert(actor=actor, **_fields(data["region"], "slug", "name"))
        except ValidationError as exc:
            raise _where("region", exc) from None
        made = []
        for i, entry in enumerate(municipalities):
            existing = Municipality.objects.filter(cbs_code=entry["cbs_code"]).first()
            slug = existing.slug if existing else _municipality_slug(entry["name"])
            try:
                made.append(municipality_upsert(actor=actor, region=region, slug=slug, **entry))
            except ValidationError as exc:
                raise _where(f"municipalities[{i}] {entry['cbs_code']}", exc) from None
        fields = _fields(data["programme"], "slug", "name", "tagline", "description")
        try:
            programme = programme_upsert(actor=actor, region=region, **fields)
        except ValidationError as exc:
            raise _where("programme", exc) from None
        pillar_keys = ("slug", "number", "name", "subtitle", "description", "colour")
        for i, pillar in enumerate(data.get("pillars") or []):
            try:
                pillar_upsert(actor=actor, programme=programme, **_fields(pillar, *pillar_keys))
            except ValidationError as exc:
                raise _where(f"pillars[{i}]", exc) from None
        for i, theme in enumerate(data.get("themes") or []):
            values = _fields(theme, "slug", "name", "description")
            values["order"] = theme.get("order", i + 1)
            try:
                theme_upsert(actor=actor, programme=programme, **values)
            except ValidationError as exc:
                raise _where(f"themes[{i}]", exc) from None
        role_groups_ensure()
    changes = AuditEntry.objects.filter(pk__gt=last_entry).count()
    return RegionSetupReport(programme=programme, changes=changes, municipalities=made)


def _fields(entry: dict, *keys: str) -> dict:
    return {
        key: entry[key] if key == "number" else str(entry[key]).strip()
        for key in keys
        if key in entry and entry[key] is not None
    }


def _municipality_slug(name: str) -> str:
    base = slugify(name)[:45] or "gemeente"
    slug, number = base, 1
    while Municipality.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
