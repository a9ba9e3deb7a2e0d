"""Import of the ESCO classification from its CSV download, in one or more languages.

    economie071 import_esco DIR --lang nl --lang en

DIR holds the files of the ESCO portal's "classification" CSV package
(`skills_<lang>.csv`, `occupations_<lang>.csv`, `occupationSkillRelations_<lang>.csv`,
`skillSkillRelations_<lang>.csv`, `skillsHierarchy_<lang>.csv`, `skillGroups_<lang>.csv`,
`ISCOGroups_<lang>.csv`, `broaderRelationsSkillPillar_<lang>.csv`,
`broaderRelationsOccPillar_<lang>.csv` and the collection files), either side by side or
in one sub-folder per language (DIR/en/, DIR/nl/). Labels of all languages are kept side
by side (Skill.label_nl / label_en, and every preferred, alternative and hidden label in
SkillLabel / OccupationLabel for search and text extraction).

Also accepted, from the development copy (see its README):
- a `skills_<lang>.csv` with only `conceptUri, preferredLabel, labelsAndDescription`: the
  preferred label (from the occupation-skill relations or a collection when empty, else
  guessed), the alternative labels and the description are split off that column with the
  extraction package's heuristic (`split_labels_and_description`; reported);
- an `occupationSkillRelations_<lang>.csv` with an extra `skillLabel` column;
- a language without `skills_<lang>.csv`: its skill labels come from the collection files.

How it works: every file is read and checked first (a missing required file or column, a
file that ends inside a quoted field or mid-row, a field longer than ``FIELD_LIMIT``
characters, or a control character such as NUL in a field stops the import before anything
is written, naming the file, line and column). Tab and line breaks are ordinary in ESCO's
fields (alternative labels are one per line). The C1 control characters (U+0080–U+009F)
are the exception that is cleaned rather than refused: the official download has one, a
quotation mark mis-encoded as U+009D in a skill group's description, so they are left out
of the text and the import's report says where.

Then the steps run, each in its own transaction: ISCO groups, skill groups, skills, skill
labels, skill hierarchy, skill relations, collections, occupations, occupation labels,
occupation skills. Each step compares the files with the database and writes only the
differences, in batches (bulk_create / bulk_update), so a second run changes nothing. A
relation naming an unknown URI fails its step (nothing of it written) with the file and
line, unless `skip_unknown` is set, in which case it is skipped and reported. Rows skipped
for any other reason (not released, duplicate, no label, …) are counted with their first
examples (file:line).

The import ends with a taxonomy journal row, so every process rebuilds its matching index.
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from economie071.core.csvlimits import field_size_limit, is_field_limit_error
from economie071.core.text import describe_control_character, find_control_character
from economie071.skills import matching
from economie071.skills.constants import (
    JournalEntity,
    LabelKind,
    RelationType,
    ReuseLevel,
    SkillType,
)
from economie071.skills.exceptions import EscoImportError
from economie071.skills.extraction import split_labels_and_description
from economie071.skills.extraction.esco import LabelStats
from economie071.skills.models import (
    IscoGroup,
    Occupation,
    OccupationLabel,
    OccupationSkill,
    Skill,
    SkillCollection,
    SkillGroup,
    SkillLabel,
    SkillRelation,
)

BATCH = 2000
LABEL_MAX = 300
EXAMPLES = 5

# The longest field of the official download is some 21 000 characters (an occupation's
# alternative labels); csv's default limit of 131 072 leaves little room for a later release.
FIELD_LIMIT = 1024 * 1024

# Canonical column -> accepted spellings, compared without case, spaces, _ or -.
ALIASES = {
    "uri": ("concepturi", "uri", "conceptid"),
    "concept_type": ("concepttype", "type"),
    "preferred": ("preferredlabel", "preflabel", "preferredterm", "label"),
    "alt": ("altlabels", "altlabel", "alternativelabels", "alternativelabel"),
    "hidden": ("hiddenlabels", "hiddenlabel"),
    "description": ("description",),
    "definition": ("definition",),
    "skill_type": ("skilltype",),
    "reuse": ("reuselevel",),
    "status": ("status",),
    "code": ("code", "notation"),
    "isco": ("iscogroup", "iscogroupcode", "iscocode", "iscogroupuri"),
    "labels_desc": ("labelsanddescription",),
    "occupation_uri": ("occupationuri",),
    "skill_uri": ("skilluri",),
    "relation": ("relationtype", "relationshiptype", "relation"),
    "original_uri": ("originalskilluri",),
    "related_uri": ("relatedskilluri",),
    "broader_uri": ("broaderuri", "broaderconcepturi"),
    "broader_type": ("broadertype",),
    "skill_label": ("skilllabel",),
}

COLLECTIONS = {
    "transversal": (
        "transversalSkillsCollection",
        "Transversale vaardigheden",
        "Transversal skills",
    ),
    "digital": ("digitalSkillsCollection", "Digitale vaardigheden", "Digital skills"),
    "digcomp": ("digCompSkillsCollection", "DigComp-vaardigheden", "DigComp skills"),
    "green": ("greenSkillsCollection", "Groene vaardigheden", "Green skills"),
    "language": ("languageSkillsCollection", "Taalvaardigheden", "Language skills"),
    "research": ("researchSkillsCollection", "Onderzoeksvaardigheden", "Research skills"),
}

SKILL_TYPES = {
    "skill/competence": SkillType.SKILL,
    "skill": SkillType.SKILL,
    "knowledge": SkillType.KNOWLEDGE,
}
REUSE_LEVELS = {v: v for v in ReuseLevel.values}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


_ALIAS_INDEX = {spelling: canon for canon, spellings in ALIASES.items() for spelling in spellings}
# skillsHierarchy: "Level 0 URI", "Level 0 preferred term", "Level 0 code", … "Level 3 …"
for _level in range(4):
    _ALIAS_INDEX[f"level{_level}uri"] = f"_hier_{_level}_uri"
    _ALIAS_INDEX[f"level{_level}preferredterm"] = f"_hier_{_level}_term"
    _ALIAS_INDEX[f"level{_level}preferredlabel"] = f"_hier_{_level}_term"
    _ALIAS_INDEX[f"level{_level}code"] = f"_hier_{_level}_code"


# --- Reading ---------------------------------------------------------------------------


@dataclass
class Table:
    """A parsed CSV file: rows as dicts of canonical column names, with their first line."""

    path: Path
    columns: set[str]
    rows: list[tuple[int, dict[str, str]]]
    cleaned: list[str] = field(default_factory=list)  # where C1 characters were left out

    @property
    def name(self) -> str:
        return self.path.name

    def where(self, line: int) -> str:
        return f"{self.name}:{line}"


def read_table(path: Path, required: Iterable[str], *, progress: bool = False) -> Table:
    """Read a CSV file (UTF-8, with or without BOM) strictly; EscoImportError on a missing
    required column, a file ending inside a quoted field, or a row with fewer fields than
    the header (a file cut off mid-row)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise EscoImportError(f"{path.name}: cannot be read ({exc.strerror})") from None
    with handle, field_size_limit(FIELD_LIMIT):
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise EscoImportError(f"{path.name}: the file is empty") from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise EscoImportError(f"{path.name}:1: cannot read the header ({exc})") from None
        _check_header(path, header)
        canon = [_ALIAS_INDEX.get(_norm(h)) for h in header]
        columns = {c for c in canon if c}
        missing = [c for c in required if c not in columns]
        if missing:
            wanted = ", ".join(ALIASES[c][0] for c in missing)
            raise EscoImportError(
                f"{path.name}:1: missing required column(s) {wanted} "
                f"(the header has: {', '.join(h for h in header if h)})"
            )
        rows = []
        cleaned: list[str] = []
        short: list[tuple[int, int]] = []
        line = reader.line_num + 1
        bar = tqdm(desc=f"read {path.name}", unit=" rows", disable=not progress, leave=False)
        try:
            for record in reader:
                start, line = line, reader.line_num + 1
                if not record or (len(record) == 1 and not record[0].strip()):
                    continue
                if len(record) < len(header):
                    # Some ESCO versions leave trailing empty fields out; a short LAST row
                    # without a final newline is a file cut off mid-row (checked below).
                    short.append((start, len(record)))
                    record = record + [""] * (len(header) - len(record))
                cells = {}
                for i, c in enumerate(canon):
                    if c:
                        cells[c] = _checked(path, start, header[i], record[i].strip(), cleaned)
                rows.append((start, cells))
                bar.update()
            if short and rows and short[-1][0] == rows[-1][0] and not _ends_with_newline(path):
                raise EscoImportError(
                    f"{path.name}:{short[-1][0]}: the last row has {short[-1][1]} fields where "
                    f"the header has {len(header)}: the file is truncated"
                )
        except csv.Error as exc:
            if is_field_limit_error(exc):
                raise EscoImportError(
                    f"{path.name}:{line}: a field is longer than {FIELD_LIMIT} characters; "
                    "is this an ESCO file?"
                ) from None
            raise EscoImportError(
                f"{path.name}:{line}: the file ends inside a quoted field or is damaged "
                f"({exc}); is it truncated?"
            ) from None
        except UnicodeDecodeError as exc:
            raise EscoImportError(
                f"{path.name}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
        finally:
            bar.close()
    return Table(path=path, columns=columns, rows=rows, cleaned=cleaned)


def _check_header(path: Path, header: list[str]) -> None:
    for number, name in enumerate(header, start=1):
        index = find_control_character(name)
        if index is not None:
            raise EscoImportError(
                f"{path.name}:1: column {number} of the header holds a control character, "
                f"{describe_control_character(name, index)}; nothing was imported"
            )


def _checked(path: Path, line: int, column: str, value: str, cleaned: list[str]) -> str:
    """The field without C1 characters (noted in `cleaned`); EscoImportError on any other
    control character."""
    while (index := find_control_character(value)) is not None:
        if not 0x80 <= ord(value[index]) <= 0x9F:
            raise EscoImportError(
                f"{path.name}:{line}: column {column} holds a control character, "
                f"{describe_control_character(value, index)}, at position {index + 1}; "
                "nothing was imported"
            )
        value = value[:index] + value[index + 1 :]
        cleaned.append(f"{path.name}:{line} ({column})")
    return value


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return False
        handle.seek(-1, 2)
        return handle.read(1) in (b"\n", b"\r")


def find_file(folder: Path, stem: str, lang: str) -> Path | None:
    """`<stem>_<lang>.csv` in the folder or its `<lang>/` sub-folder, any letter case."""
    wanted = f"{stem}_{lang}.csv".lower()
    for place in (folder / lang, folder):
        if place.is_dir():
            for path in sorted(place.iterdir()):
                if path.name.lower() == wanted and path.is_file():
                    return path
    return None


def split_labels(value: str) -> list[str]:
    """Alternative labels: one per line (main files) or separated by " | " (collections)."""
    parts = re.split(r"\n| \| ", value or "")
    seen, result = set(), []
    for part in parts:
        text = " ".join(part.split())
        if text and text not in seen:
            seen.add(text)
            result.append(text)
    return result


# --- Report ----------------------------------------------------------------------------


@dataclass
class StepResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ImportReport:
    langs: tuple[str, ...]
    files: list[str] = field(default_factory=list)
    steps: dict[str, StepResult] = field(default_factory=dict)
    skipped: dict[str, list] = field(default_factory=dict)  # reason -> [count, examples]
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def skip(self, reason: str, where: str) -> None:
        entry = self.skipped.setdefault(reason, [0, []])
        entry[0] += 1
        if len(entry[1]) < EXAMPLES:
            entry[1].append(where)

    @property
    def changed(self) -> int:
        return sum(step.changed for step in self.steps.values())

    def lines(self) -> list[str]:
        out = [f"ESCO import ({', '.join(self.langs)}): {len(self.files)} files read"]
        for name, step in self.steps.items():
            out.append(
                f"  {name:<20} created {step.created:>7}  updated {step.updated:>7}  "
                f"deleted {step.deleted:>6}  unchanged {step.unchanged:>7}  {step.seconds:6.1f} s"
            )
        for reason, (count, examples) in sorted(self.skipped.items()):
            out.append(f"  skipped {count}: {reason} (e.g. {', '.join(examples)})")
        out.extend(f"  note: {note}" for note in self.notes)
        out.append(
            f"  {'nothing changed' if not self.changed else f'{self.changed} changes'} "
            f"in {self.seconds:.1f} s"
        )
        return out


# --- Writing helpers -----------------------------------------------------------------------


def _batches(items: list, size: int = BATCH):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _upsert(
    model,
    desired: dict[str, dict],
    fields: list[str],
    result: StepResult,
    progress: bool,
    label: str,
) -> dict[str, int]:
    """Create or update rows keyed on `uri`; returns uri -> pk for every desired uri."""
    existing = {
        obj.uri: obj for obj in model.objects.filter(uri__isnull=False).only("pk", "uri", *fields)
    }
    new, changed = [], []
    for uri, values in desired.items():
        obj = existing.get(uri)
        if obj is None:
            new.append(model(uri=uri, **values))
            continue
        dirty = False
        for name, value in values.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                dirty = True
        if dirty:
            changed.append(obj)
        else:
            result.unchanged += 1
    bar = tqdm(total=len(new) + len(changed), desc=label, disable=not progress, leave=False)
    for chunk in _batches(new):
        model.objects.bulk_create(chunk, batch_size=BATCH)
        bar.update(len(chunk))
    for chunk in _batches(changed):
        model.objects.bulk_update(chunk, fields, batch_size=BATCH)
        bar.update(len(chunk))
    bar.close()
    result.created += len(new)
    result.updated += len(changed)
    return {
        uri: pk
        for uri, pk in model.objects.filter(uri__isnull=False).values_list("uri", "pk")
        if uri in desired
    }


def _sync_pairs(
    through,
    left: str,
    right: str,
    desired: set[tuple[int, int]],
    scope: dict,
    result: StepResult,
    extra: Callable[[tuple[int, int]], dict] | None = None,
) -> None:
    """Make the link table hold exactly `desired` within `scope` (a filter)."""
    rows = {
        (a, b): pk for pk, a, b in through.objects.filter(**scope).values_list("pk", left, right)
    }
    missing = sorted(desired - set(rows))
    extra_rows = [pk for pair, pk in rows.items() if pair not in desired]
    for chunk in _batches(missing):
        through.objects.bulk_create(
            [through(**{left: a, right: b}, **(extra((a, b)) if extra else {})) for a, b in chunk],
            batch_size=BATCH,
        )
    for chunk in _batches(extra_rows, 500):
        through.objects.filter(pk__in=chunk).delete()
    result.created += len(missing)
    result.deleted += len(extra_rows)
    result.unchanged += len(desired) - len(missing)


def _sync_labels(
    model,
    owner: str,
    desired: set[tuple[int, str, str, str]],
    langs,
    owner_ids_scope,
    result: StepResult,
) -> None:
    """Labels (owner id, lang, kind, text) of ESCO concepts in the imported languages."""
    existing = {
        (o, lang, kind, text): pk
        for pk, o, lang, kind, text in model.objects.filter(
            lang__in=langs, **owner_ids_scope
        ).values_list("pk", f"{owner}_id", "lang", "kind", "text")
    }
    missing = sorted(desired - set(existing))
    gone = [pk for key, pk in existing.items() if key not in desired]
    for chunk in _batches(missing):
        model.objects.bulk_create(
            [
                model(**{f"{owner}_id": o}, lang=lang, kind=kind, text=text)
                for o, lang, kind, text in chunk
            ],
            batch_size=BATCH,
        )
    for chunk in _batches(gone, 500):
        model.objects.filter(pk__in=chunk).delete()
    result.created += len(missing)
    result.deleted += len(gone)
    result.unchanged += len(desired) - len(missing)


# --- The import ------------------------------------------------------------------------------

REQUIRED = {
    "skills": ("uri",),
    "occupations": ("uri",),
    "occupationSkillRelations": ("occupation_uri", "relation", "skill_uri"),
    "skillSkillRelations": ("original_uri", "relation", "related_uri"),
    "skillGroups": ("uri", "preferred"),
    "ISCOGroups": ("uri", "code"),
    "broaderRelationsSkillPillar": ("uri", "broader_uri"),
    "broaderRelationsOccPillar": ("uri", "broader_uri"),
    "skillsHierarchy": (),
}
for _slug, (_stem, _nl, _en) in COLLECTIONS.items():
    REQUIRED[_stem] = ("uri",)


class EscoImporter:
    """One import run; `run()` returns the ImportReport. See the module docstring."""

    def __init__(
        self,
        folder: Path | str,
        langs: Iterable[str] = ("nl", "en"),
        *,
        progress: bool = False,
        skip_unknown: bool = False,
    ):
        self.folder = Path(folder)
        self.langs = tuple(dict.fromkeys(lang.lower() for lang in langs))
        self.progress = progress
        self.skip_unknown = skip_unknown
        self.report = ImportReport(langs=self.langs)
        self.tables: dict[tuple[str, str], Table] = {}
        self.skipped_uris: set[str] = set()  # concepts in the files that were not imported

    # -- reading --

    def read(self) -> None:
        if not self.folder.is_dir():
            raise EscoImportError(f"{self.folder}: not a folder")
        for lang in self.langs:
            if not re.fullmatch(r"[a-z]{2}", lang):
                raise EscoImportError(f"--lang {lang}: give a two-letter language code")
        found_any = defaultdict(list)
        for lang in self.langs:
            for stem, required in REQUIRED.items():
                path = find_file(self.folder, stem, lang)
                if path is None:
                    continue
                if stem == "skills":
                    table = read_table(path, (), progress=self.progress)
                    if "uri" not in table.columns:
                        raise EscoImportError(f"{path.name}:1: missing required column conceptUri")
                    if "preferred" not in table.columns and "labels_desc" not in table.columns:
                        raise EscoImportError(
                            f"{path.name}:1: missing required column preferredLabel"
                        )
                elif stem == "skillsHierarchy":
                    table = read_table(path, (), progress=self.progress)
                else:
                    table = read_table(path, required, progress=self.progress)
                self.tables[(stem, lang)] = table
                self.report.files.append(str(path.relative_to(self.folder)))
                if table.cleaned:
                    self.report.notes.append(
                        f"{len(table.cleaned)} C1 control character(s) left out of the text "
                        f"of {path.name}: {', '.join(table.cleaned[:EXAMPLES])}"
                    )
                found_any[stem].append(lang)
            if not any(lang_ == lang for (_s, lang_) in self.tables):
                raise EscoImportError(
                    f"{self.folder}: no ESCO files for language “{lang}” "
                    f"(expected e.g. skills_{lang}.csv or occupations_{lang}.csv)"
                )
        for stem in ("skills", "occupations", "occupationSkillRelations"):
            if not found_any.get(stem):
                names = " or ".join(f"{stem}_{lang}.csv" for lang in self.langs)
                raise EscoImportError(f"{self.folder}: required file {names} is missing")
        for lang in self.langs:
            for stem in ("skills", "ISCOGroups", "skillGroups", "occupations"):
                if (stem, lang) not in self.tables:
                    self.report.notes.append(
                        f"{stem}_{lang}.csv not found: {stem} labels in “{lang}” come from "
                        "other files or stay empty"
                    )

    def tables_of(self, stem: str) -> list[tuple[str, Table]]:
        return [
            (lang, self.tables[(stem, lang)]) for lang in self.langs if (stem, lang) in self.tables
        ]

    def _released(self, table: Table, line: int, row: dict) -> bool:
        status = row.get("status", "")
        if status and status.lower() != "released":
            self.report.skip(f"status “{status}”, not released", table.where(line))
            return False
        return True

    def _unknown(self, table: Table, line: int, what: str, uri: str) -> None:
        if uri in self.skipped_uris:
            self.report.skip(f"relation with a {what} skipped above", table.where(line))
            return
        if not self.skip_unknown:
            raise EscoImportError(
                f"{table.where(line)}: unknown {what} URI {uri} (not in the import nor in "
                "the database); nothing of this step was written"
            )
        self.report.skip(f"unknown {what} URI", table.where(line))

    # -- running --

    def run(self) -> ImportReport:
        started = time.monotonic()
        self.read()
        for name, step in (
            ("ISCO groups", self.step_isco),
            ("skill groups", self.step_skill_groups),
            ("skills", self.step_skills),
            ("skill labels", self.step_skill_labels),
            ("skill hierarchy", self.step_skill_hierarchy),
            ("skill relations", self.step_skill_relations),
            ("collections", self.step_collections),
            ("occupations", self.step_occupations),
            ("occupation labels", self.step_occupation_labels),
            ("occupation skills", self.step_occupation_skills),
        ):
            result = StepResult()
            t0 = time.monotonic()
            with transaction.atomic():
                step(result)
            result.seconds = time.monotonic() - t0
            self.report.steps[name] = result
            if self.progress:
                tqdm.write(
                    f"{name}: {result.changed} changes in {result.seconds:.1f} s", file=sys.stderr
                )
        if self.report.changed:
            with transaction.atomic():
                matching.journal(JournalEntity.TAXONOMY, 0)
        self.report.seconds = time.monotonic() - started
        return self.report

    # -- steps --

    def step_isco(self, result: StepResult) -> None:
        desired: dict[str, dict] = {}
        seen_codes: dict[str, str] = {}
        for lang, table in self.tables_of("ISCOGroups"):
            for line, row in table.rows:
                uri, code = row.get("uri", ""), row.get("code", "")
                if not uri or not code:
                    self.report.skip("ISCO group without URI or code", table.where(line))
                    continue
                if seen_codes.setdefault(code, uri) != uri:
                    self.report.skip("ISCO code used by two URIs", table.where(line))
                    continue
                entry = desired.setdefault(uri, {"code": code})
                if row.get("preferred"):
                    entry[f"label_{lang}"] = row["preferred"][:LABEL_MAX]
                if row.get("description"):
                    entry[f"description_{lang}"] = row["description"]
        fields = ["code"] + [
            f"{k}_{lang}"
            for lang in self.langs
            if lang in ("nl", "en")
            for k in ("label", "description")
        ]
        desired = {u: {k: v for k, v in d.items() if k in fields} for u, d in desired.items()}
        self._fill_missing(IscoGroup, desired, fields)
        pks = _upsert(IscoGroup, desired, fields, result, self.progress, "ISCO groups")
        by_code = dict(IscoGroup.objects.values_list("code", "pk"))
        changed = []
        for group in IscoGroup.objects.filter(pk__in=list(pks.values())).only(
            "pk", "code", "parent_id"
        ):
            parent = by_code.get(group.code[:-1]) if len(group.code) > 1 else None
            if group.parent_id != parent:
                group.parent_id = parent
                changed.append(group)
        IscoGroup.objects.bulk_update(changed, ["parent"], batch_size=BATCH)

    def _fill_missing(self, model, desired: dict[str, dict], fields: list[str]) -> None:
        """Fields a file does not give keep their stored value (never blanked)."""
        stored = {
            row["uri"]: row
            for row in model.objects.filter(uri__isnull=False).values("uri", *fields)
        }
        for uri, values in desired.items():
            old = stored.get(uri)
            for name in fields:
                if name not in values:
                    values[name] = old[name] if old else ""

    def step_skill_groups(self, result: StepResult) -> None:
        desired: dict[str, dict] = {}
        for lang, table in self.tables_of("skillGroups"):
            for line, row in table.rows:
                if not self._released(table, line, row):
                    continue
                entry = desired.setdefault(row["uri"], {})
                entry["code"] = row.get("code", "")[:30] or entry.get("code", "")
                entry[f"label_{lang}"] = row["preferred"][:LABEL_MAX]
                if row.get("description"):
                    entry[f"description_{lang}"] = row["description"]
        parents: set[tuple[str, str]] = set()
        for lang, table in self.tables_of("skillsHierarchy"):
            for _line, row in table.rows:
                path = []
                for level in range(4):
                    uri = self._hier(table, row, level, "uri")
                    term = self._hier(table, row, level, "term")
                    code = self._hier(table, row, level, "code")
                    if not uri:
                        break
                    entry = desired.setdefault(uri, {})
                    if term and not entry.get(f"label_{lang}"):
                        entry[f"label_{lang}"] = term[:LABEL_MAX]
                    if code and not entry.get("code"):
                        entry["code"] = code[:30]
                    path.append(uri)
                for child, parent in zip(path[1:], path[:-1], strict=False):
                    parents.add((child, parent))
        fields = ["code"] + [
            f"{k}_{lang}"
            for lang in self.langs
            if lang in ("nl", "en")
            for k in ("label", "description")
        ]
        desired = {u: {k: v for k, v in d.items() if k in fields} for u, d in desired.items()}
        self._fill_missing(SkillGroup, desired, fields)
        pks = _upsert(SkillGroup, desired, fields, result, self.progress, "skill groups")
        for _lang, table in self.tables_of("broaderRelationsSkillPillar")[:1]:
            for _line, row in table.rows:
                if (
                    row.get("concept_type", "").lower() == "skillgroup"
                    and row.get("broader_type", "").lower() == "skillgroup"
                ):
                    parents.add((row["uri"], row["broader_uri"]))
        pairs = set()
        for child, parent in parents:
            if child in pks and parent in pks:
                pairs.add((pks[child], pks[parent]))
        _sync_pairs(
            SkillGroup.parents.through, "from_skillgroup_id", "to_skillgroup_id", pairs, {}, result
        )

    @staticmethod
    def _hier(table: Table, row: dict, level: int, what: str) -> str:
        return row.get(f"_hier_{level}_{what}", "")

    def step_skills(self, result: StepResult) -> None:
        # Preferred labels from other files, for skills files that leave them empty.
        fallback: dict[str, dict[str, str]] = defaultdict(dict)
        for lang, table in self.tables_of("occupationSkillRelations"):
            if "skill_label" in table.columns:
                for _line, row in table.rows:
                    if row.get("skill_label"):
                        fallback[lang].setdefault(row["skill_uri"], row["skill_label"])
        collection_rows: dict[str, dict[str, dict]] = defaultdict(dict)
        for _slug, (stem, _nl, _en) in COLLECTIONS.items():
            for lang, table in self.tables_of(stem):
                for _line, row in table.rows:
                    collection_rows[lang].setdefault(row["uri"], row)
        desired: dict[str, dict] = {}
        self.alt_labels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        dev_files = set()
        where: dict[str, str] = {}
        guessed = 0
        for lang, table in self.tables_of("skills"):
            dev = "labels_desc" in table.columns and "alt" not in table.columns
            if dev:
                dev_files.add(table.name)
                stats = LabelStats.from_labels(
                    [row["preferred"] for _l, row in table.rows if row.get("preferred")]
                    + [
                        alt
                        for row in collection_rows[lang].values()
                        for alt in split_labels(row.get("alt", ""))
                    ]
                )
            seen = set()
            for line, row in table.rows:
                uri = row.get("uri", "")
                if not uri:
                    self.report.skip("skill without URI", table.where(line))
                    continue
                if uri in seen:
                    self.report.skip("duplicate skill URI", table.where(line))
                    continue
                seen.add(uri)
                if not self._released(table, line, row):
                    continue
                preferred = row.get("preferred", "")
                extra = collection_rows[lang].get(uri, {})
                if not preferred:
                    preferred = extra.get("preferred") or fallback[lang].get(uri, "")
                entry = desired.setdefault(uri, {})
                where.setdefault(uri, table.where(line))
                description = row.get("description", "")
                if dev and row.get("labels_desc"):
                    # The extraction package's heuristic splits the run-together labels.
                    pref_guess, alts, desc_guess = split_labels_and_description(
                        preferred, row["labels_desc"], stats
                    )
                    if not preferred and pref_guess:
                        preferred = pref_guess
                        guessed += 1
                    description = description or extra.get("description") or desc_guess
                    if not extra.get("alt"):
                        for text in alts:
                            self.alt_labels[uri].add((lang, LabelKind.ALT, text))
                if preferred:
                    entry[f"label_{lang}"] = preferred[:LABEL_MAX]
                if description:
                    entry[f"description_{lang}"] = description
                kind = (row.get("skill_type") or extra.get("skill_type", "")).lower()
                if kind in SKILL_TYPES:
                    entry["skill_type"] = SKILL_TYPES[kind]
                reuse = (row.get("reuse") or extra.get("reuse", "")).lower()
                if reuse in REUSE_LEVELS:
                    entry["reuse_level"] = reuse
                for text in split_labels(row.get("alt", "") or extra.get("alt", "")):
                    self.alt_labels[uri].add((lang, LabelKind.ALT, text))
                for text in split_labels(row.get("hidden", "")):
                    self.alt_labels[uri].add((lang, LabelKind.HIDDEN, text))
        # Languages without a skills file: labels of known skills from the collections.
        known = set(desired) | set(
            Skill.objects.filter(uri__isnull=False).values_list("uri", flat=True)
        )
        for lang in self.langs:
            if ("skills", lang) in self.tables:
                continue
            for uri, row in collection_rows[lang].items():
                if uri not in known:
                    self.report.skip(f"collection skill not in any skills file ({lang})", uri)
                    continue
                entry = desired.setdefault(uri, {})
                if row.get("preferred"):
                    entry[f"label_{lang}"] = row["preferred"][:LABEL_MAX]
                if row.get("description"):
                    entry[f"description_{lang}"] = row["description"]
                for text in split_labels(row.get("alt", "")):
                    self.alt_labels[uri].add((lang, LabelKind.ALT, text))
        if dev_files:
            self.report.notes.append(
                f"{', '.join(sorted(dev_files))}: not the official layout (labelsAndDescription);"
                " alternative labels and descriptions split off heuristically "
                f"(skills.extraction), preferred label guessed for {guessed} skills"
            )
        fields = ["skill_type", "reuse_level"] + [
            f"{k}_{lang}"
            for lang in self.langs
            if lang in ("nl", "en")
            for k in ("label", "description")
        ]
        desired = {u: {k: v for k, v in d.items() if k in fields} for u, d in desired.items()}
        self._fill_missing(Skill, desired, fields)
        for uri, values in list(desired.items()):
            if not values.get("label_nl") and not values.get("label_en"):
                self.report.skip("skill without a preferred label", where.get(uri, uri))
                self.skipped_uris.add(uri)
                del desired[uri]
        self.skill_pks = _upsert(Skill, desired, fields, result, self.progress, "skills")
        self.skill_pks.update(Skill.objects.filter(uri__isnull=False).values_list("uri", "pk"))

    def step_skill_labels(self, result: StepResult) -> None:
        langs = [lang for lang in self.langs if lang in ("nl", "en")]
        desired = set()
        rows = Skill.objects.filter(uri__isnull=False).values_list(
            "pk", "uri", "label_nl", "label_en"
        )
        for pk, uri, label_nl, label_en in rows:
            for lang, label in (("nl", label_nl), ("en", label_en)):
                if lang in langs and label:
                    desired.add((pk, lang, LabelKind.PREFERRED, label[:LABEL_MAX]))
            for lang, kind, text in self.alt_labels.get(uri, ()):
                if lang in langs:
                    if len(text) > LABEL_MAX:
                        self.report.skip("label longer than 300 characters", uri)
                        continue
                    desired.add((pk, lang, kind, text))
        _sync_labels(SkillLabel, "skill", desired, langs, {"skill__uri__isnull": False}, result)

    def step_skill_hierarchy(self, result: StepResult) -> None:
        tables = self.tables_of("broaderRelationsSkillPillar")
        if not tables:
            self.report.notes.append(
                "broaderRelationsSkillPillar not found: skill groups and broader skills kept "
                "as they were"
            )
            return
        _lang, table = tables[0]
        groups = dict(SkillGroup.objects.values_list("uri", "pk"))
        in_group, broader = set(), set()
        for line, row in table.rows:
            child_type = row.get("concept_type", "").lower()
            parent_type = row.get("broader_type", "").lower()
            if child_type == "skillgroup":
                continue  # done in the skill groups step
            child = self.skill_pks.get(row["uri"])
            if child is None:
                self._unknown(table, line, "skill", row["uri"])
                continue
            if parent_type == "skillgroup" or (not parent_type and row["broader_uri"] in groups):
                parent = groups.get(row["broader_uri"])
                if parent is None:
                    self._unknown(table, line, "skill group", row["broader_uri"])
                    continue
                in_group.add((child, parent))
            else:
                parent = self.skill_pks.get(row["broader_uri"])
                if parent is None:
                    self._unknown(table, line, "skill", row["broader_uri"])
                    continue
                broader.add((child, parent))
        scope = {"from_skill__uri__isnull": False}
        _sync_pairs(
            Skill.groups.through,
            "skill_id",
            "skillgroup_id",
            in_group,
            {"skill__uri__isnull": False},
            result,
        )
        _sync_pairs(Skill.broader.through, "from_skill_id", "to_skill_id", broader, scope, result)

    def step_skill_relations(self, result: StepResult) -> None:
        tables = self.tables_of("skillSkillRelations")
        if not tables:
            return
        _lang, table = tables[0]
        kinds: dict[tuple[int, int], str] = {}
        for line, row in table.rows:
            a = self.skill_pks.get(row["original_uri"])
            b = self.skill_pks.get(row["related_uri"])
            if a is None or b is None:
                self._unknown(
                    table, line, "skill", row["original_uri"] if a is None else row["related_uri"]
                )
                continue
            kind = row["relation"].lower()
            if kind not in RelationType.values:
                self.report.skip(f"unknown relation type “{row['relation']}”", table.where(line))
                continue
            if a == b:
                self.report.skip("skill related to itself", table.where(line))
                continue
            if kinds.get((a, b)) != RelationType.ESSENTIAL:
                kinds[(a, b)] = kind
        self._sync_typed(
            SkillRelation, "skill_id", "related_id", kinds, {"skill__uri__isnull": False}, result
        )

    def _sync_typed(self, model, left, right, kinds, scope, result) -> None:
        existing = {
            (a, b): (pk, kind)
            for pk, a, b, kind in model.objects.filter(**scope).values_list(
                "pk", left, right, "relation_type"
            )
        }
        new = [
            model(**{left: a, right: b}, relation_type=k)
            for (a, b), k in kinds.items()
            if (a, b) not in existing
        ]
        changed = [
            model(pk=existing[pair][0], relation_type=k)
            for pair, k in kinds.items()
            if pair in existing and existing[pair][1] != k
        ]
        gone = [pk for pair, (pk, _k) in existing.items() if pair not in kinds]
        bar = tqdm(
            total=len(new) + len(changed) + len(gone),
            desc=model._meta.verbose_name,
            disable=not self.progress,
            leave=False,
        )
        for chunk in _batches(new):
            model.objects.bulk_create(chunk, batch_size=BATCH)
            bar.update(len(chunk))
        for chunk in _batches(changed):
            model.objects.bulk_update(chunk, ["relation_type"], batch_size=BATCH)
            bar.update(len(chunk))
        for chunk in _batches(gone, 500):
            model.objects.filter(pk__in=chunk).delete()
            bar.update(len(chunk))
        bar.close()
        result.created += len(new)
        result.updated += len(changed)
        result.deleted += len(gone)
        result.unchanged += len(kinds) - len(new) - len(changed)

    def step_collections(self, result: StepResult) -> None:
        for slug, (stem, name_nl, name_en) in COLLECTIONS.items():
            tables = self.tables_of(stem)
            if not tables:
                continue
            collection, created = SkillCollection.objects.get_or_create(
                slug=slug, defaults={"name_nl": name_nl, "name_en": name_en}
            )
            result.created += int(created)
            members = set()
            for _lang, table in tables:
                for line, row in table.rows:
                    pk = self.skill_pks.get(row["uri"])
                    if pk is None:
                        self._unknown(table, line, "skill", row["uri"])
                        continue
                    members.add((pk, collection.pk))
            _sync_pairs(
                SkillCollection.skills.through,
                "skill_id",
                "skillcollection_id",
                members,
                {"skillcollection_id": collection.pk},
                result,
            )

    def step_occupations(self, result: StepResult) -> None:
        isco = dict(IscoGroup.objects.values_list("code", "pk"))
        desired: dict[str, dict] = {}
        self.occupation_labels: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        for lang, table in self.tables_of("occupations"):
            seen = set()
            for line, row in table.rows:
                uri = row.get("uri", "")
                if not uri:
                    self.report.skip("occupation without URI", table.where(line))
                    continue
                if uri in seen:
                    self.report.skip("duplicate occupation URI", table.where(line))
                    continue
                seen.add(uri)
                if not self._released(table, line, row):
                    continue
                if not row.get("preferred"):
                    self.report.skip(
                        f"occupation without a preferred label ({lang})", table.where(line)
                    )
                    self.skipped_uris.add(uri)
                    continue
                code = row.get("isco", "").rsplit("/", 1)[-1].lstrip("C")
                entry = desired.setdefault(uri, {})
                entry["code"] = row.get("code", "")[:30] or entry.get("code", "")
                if code:
                    entry["isco_code"] = code[:10]
                    entry["isco_group_id"] = isco.get(code)
                entry[f"label_{lang}"] = row["preferred"][:LABEL_MAX]
                if row.get("description"):
                    entry[f"description_{lang}"] = row["description"]
                for kind, column in ((LabelKind.ALT, "alt"), (LabelKind.HIDDEN, "hidden")):
                    for text in split_labels(row.get(column, "")):
                        self.occupation_labels[uri].add((lang, kind, text))
        fields = ["code", "isco_code", "isco_group_id"] + [
            f"{k}_{lang}"
            for lang in self.langs
            if lang in ("nl", "en")
            for k in ("label", "description")
        ]
        desired = {u: {k: v for k, v in d.items() if k in fields} for u, d in desired.items()}
        self._fill_missing(Occupation, desired, fields)
        for values in desired.values():
            values["isco_group_id"] = values.get("isco_group_id") or None
        self.occupation_pks = _upsert(
            Occupation, desired, fields, result, self.progress, "occupations"
        )
        self.occupation_pks.update(
            Occupation.objects.filter(uri__isnull=False).values_list("uri", "pk")
        )
        broader = {}
        for _lang, table in self.tables_of("broaderRelationsOccPillar")[:1]:
            for line, row in table.rows:
                if (
                    row.get("concept_type", "").lower() != "occupation"
                    or row.get("broader_type", "").lower() != "occupation"
                ):
                    continue
                child = self.occupation_pks.get(row["uri"])
                parent = self.occupation_pks.get(row["broader_uri"])
                if child is None or parent is None:
                    self._unknown(
                        table,
                        line,
                        "occupation",
                        row["uri"] if child is None else row["broader_uri"],
                    )
                    continue
                broader[child] = parent
        if broader:
            changed = []
            for occupation in Occupation.objects.filter(uri__isnull=False).only("pk", "broader_id"):
                parent = broader.get(occupation.pk)
                if occupation.broader_id != parent:
                    occupation.broader_id = parent
                    changed.append(occupation)
            Occupation.objects.bulk_update(changed, ["broader"], batch_size=BATCH)
            result.updated += len(changed)

    def step_occupation_labels(self, result: StepResult) -> None:
        langs = [lang for lang in self.langs if lang in ("nl", "en")]
        desired = set()
        for pk, uri, label_nl, label_en in Occupation.objects.filter(uri__isnull=False).values_list(
            "pk", "uri", "label_nl", "label_en"
        ):
            for lang, label in (("nl", label_nl), ("en", label_en)):
                if lang in langs and label:
                    desired.add((pk, lang, LabelKind.PREFERRED, label))
            for lang, kind, text in self.occupation_labels.get(uri, ()):
                if lang in langs and len(text) <= LABEL_MAX:
                    desired.add((pk, lang, kind, text))
        _sync_labels(
            OccupationLabel,
            "occupation",
            desired,
            langs,
            {"occupation__uri__isnull": False},
            result,
        )

    def step_occupation_skills(self, result: StepResult) -> None:
        kinds: dict[tuple[int, int], str] = {}
        for _lang, table in self.tables_of("occupationSkillRelations"):
            for line, row in table.rows:
                occupation = self.occupation_pks.get(row["occupation_uri"])
                if occupation is None:
                    self._unknown(table, line, "occupation", row["occupation_uri"])
                    continue
                skill = self.skill_pks.get(row["skill_uri"])
                if skill is None:
                    self._unknown(table, line, "skill", row["skill_uri"])
                    continue
                kind = row["relation"].lower()
                if kind not in RelationType.values:
                    self.report.skip(
                        f"unknown relation type “{row['relation']}”", table.where(line)
                    )
                    continue
                if kinds.get((occupation, skill)) != RelationType.ESSENTIAL:
                    kinds[(occupation, skill)] = kind
        self._sync_typed(
            OccupationSkill,
            "occupation_id",
            "skill_id",
            kinds,
            {"occupation__uri__isnull": False},
            result,
        )


def import_esco(
    folder: Path | str,
    langs: Iterable[str] = ("nl", "en"),
    *,
    progress: bool = False,
    skip_unknown: bool = False,
) -> ImportReport:
    """Import the ESCO CSV files in `folder`; see the module docstring."""
    from economie071.skills.century import century_skills_ensure

    report = EscoImporter(folder, langs, progress=progress, skip_unknown=skip_unknown).run()
    with transaction.atomic():
        century_skills_ensure()
    # the vacancy-text analyser of this taxonomy, built now and cached in a file, so the
    # first vacancy after the import is read without the build's wait
    matching.build_extraction_index()
    return report
