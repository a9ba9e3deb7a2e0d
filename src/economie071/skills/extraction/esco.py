"""Build a lexicon (LexiconEntry list) from an ESCO CSV folder, without Django.

Used by the benchmark, and usable by an importer: the parts that deal with the
development copy's non-standard `skills_en.csv` are here as plain functions.

`skills_en.csv` of the development copy has the columns `conceptUri, preferredLabel,
labelsAndDescription`, where `labelsAndDescription` is the preferred label, the alt labels
and the description run together in one string without separators. `split_labels_and_description`
recovers the alt labels with a heuristic:

1. the preferred label is removed from the front;
2. the description starts at the first capitalised word that is an ordinary word (one that
   occurs in lower case in some preferred label, or an article/pronoun), and is not part
   of the preferred label itself (so "Haskell techniques" stays a label);
3. the remaining run of alt labels is cut between two words where the first often ends a
   label and the second often starts one (statistics over all preferred labels and every
   properly separated alt label of the collection files), with the preferred label's own
   first and last words as strong hints.

Where the official layout is present (an `altLabels` column, labels separated by newlines
or " | "), that is used instead. Measured on the skills whose alt labels are known from the
collection files, the heuristic recovers most alt labels exactly; a wrongly cut alt label is
usually a longer phrase that rarely occurs in a text, so it costs recall more than precision.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from economie071.core.csvlimits import field_size_limit

from .types import LexiconEntry


def _words(text: str) -> list[str]:
    return text.split()


_WORD = re.compile(r"\S+")
_SENTENCE_STARTERS = frozenset(
    _words(
        "a an the this these it its in to for of on with by as when where which using how "
        "any all each every some one two there that those"
    )
)
_FUNCTION = frozenset(
    _words(
        "a an the of and or to in for on with by as at from into about their its your his her "
        "our other others"
    )
)

# the collection files that hold skills (not occupations)
_SKILL_COLLECTIONS = (
    "transversalSkillsCollection",
    "digitalSkillsCollection",
    "digCompSkillsCollection",
    "greenSkillsCollection",
    "languageSkillsCollection",
    "researchSkillsCollection",
)

# Longer than the longest field of the official download, read only while a file is read
# (csv's limit is one setting for the whole process).
FIELD_LIMIT = 1024 * 1024


def split_alt_field(value: str) -> list[str]:
    """The official `altLabels`/`hiddenLabels` column: labels separated by newlines or ' | '."""
    parts = re.split(r"\n|\s\|\s", value or "")
    return [p.strip() for p in parts if p.strip()]


@dataclass
class LabelStats:
    """How often a lower-case word starts, ends or occurs in a skill label."""

    first: Counter
    last: Counter
    total: Counter
    lower_vocab: frozenset[str]

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> LabelStats:
        first: Counter = Counter()
        last: Counter = Counter()
        total: Counter = Counter()
        lower: set[str] = set()
        for label in labels:
            words = _WORD.findall(label)
            if not words:
                continue
            for w in words:
                total[w.lower()] += 1
                if w == w.lower():
                    lower.add(w.strip("(),"))
            first[words[0].lower()] += 1
            last[words[-1].lower()] += 1
        return cls(first, last, total, frozenset(lower))

    def start_score(self, word: str) -> float:
        w = word.lower()
        return math.log((self.first[w] + 0.2) / (self.total[w] + 1.0))

    def end_score(self, word: str) -> float:
        w = word.lower()
        return math.log((self.last[w] + 0.2) / (self.total[w] + 1.0))


def _is_capitalised(word: str) -> bool:
    core = word.strip("(\"'")
    return bool(core) and core[0].isupper() and (len(core) == 1 or not core[1:].isupper())


def split_labels_and_description(
    preferred: str, blob: str, stats: LabelStats, threshold: float = -1.8
) -> tuple[str, list[str], str]:
    """Split `labelsAndDescription` into (preferred label, alt labels, description)."""
    text = " ".join(blob.split())
    pref = " ".join((preferred or "").split())
    words = _WORD.findall(text)
    start = len(_WORD.findall(pref)) if pref and text.startswith(pref) else 0
    pref_words = set(_WORD.findall(pref))
    desc_at = None
    for i in range(max(start, 1 if not pref else start), len(words)):
        w = words[i]
        if not _is_capitalised(w) or w in pref_words:
            continue
        core = w.strip("(\"',").lower()
        if core in _SENTENCE_STARTERS or core in stats.lower_vocab:
            desc_at = i
            break
    if desc_at is None:
        desc_at = len(words)
    if not pref:
        # no preferred label given: the first label is everything up to the first cut
        alt_words = words[:desc_at]
        labels = _segment(alt_words, stats, (), threshold)
        pref = labels[0] if labels else ""
        return pref, labels[1:], " ".join(words[desc_at:])
    alt_words = words[start:desc_at]
    pw = _WORD.findall(pref)
    hints = (pw[0].lower(), pw[-1].lower()) if pw else ()
    alts = [a for a in _segment(alt_words, stats, hints, threshold) if _plausible(a)]
    return pref, alts, " ".join(words[desc_at:])


def _plausible(label: str) -> bool:
    """Drop cut results that are most likely fragments of a longer label."""
    words = label.split()
    if words[0].lower() in _FUNCTION or words[-1].lower() in _FUNCTION:
        return False
    if len(words) == 1:
        # a single lower-case word from a cut is too often a fragment ("system", "control");
        # single names/acronyms ("Haskell", "SQL") are kept
        return not words[0].islower()
    return True


def _segment(words: list[str], stats: LabelStats, hints: tuple, threshold: float) -> list[str]:
    """Best cut of a run of labels: dynamic programming over cut scores and a length prior."""
    n = len(words)
    if not n:
        return []

    def cut(i: int) -> float:  # score of a cut before words[i]
        prev, word = words[i - 1], words[i]
        lw, lp = word.lower(), prev.lower()
        score = stats.end_score(prev) + stats.start_score(word)
        if hints:
            if lw == hints[0]:
                score += 2.0
            if lp == hints[1]:
                score += 1.5
        if lp in _FUNCTION or lw in _FUNCTION - {"a", "an"}:
            score -= 5.0
        return score - threshold

    cuts = [0.0] + [cut(i) for i in range(1, n)]
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - 14), j):
            length = j - i
            prior = _LENGTH_PRIOR.get(length, -4.0)
            value = best[i] + (cuts[i] if i else 0.0) + prior
            if value > best[j]:
                best[j], back[j] = value, i
    out: list[str] = []
    j = n
    while j > 0:
        i = back[j]
        out.append(" ".join(words[i:j]))
        j = i
    return out[::-1]


# log-ish preference for label lengths in words: single words are the most dangerous to get
# wrong (a fragment like "system" would become a label), so they need a clear cut on both sides
_LENGTH_PRIOR = {1: -1.5, 2: 0.0, 3: 0.0, 4: 0.0, 5: -0.3, 6: -0.6, 7: -1.0, 8: -1.5}


# ------------------------------------------------------------------------------ loading


class EscoFolderError(Exception):
    """The ESCO folder is missing a file we need, or a file is not readable."""


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh, field_size_limit(FIELD_LIMIT):
            yield from csv.DictReader(fh)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EscoFolderError(f"{path}: {exc}") from exc


def _collection_files(folder: Path, lang: str) -> list[Path]:
    return [
        folder / lang / f"{name}_{lang}.csv"
        for name in _SKILL_COLLECTIONS
        if (folder / lang / f"{name}_{lang}.csv").exists()
    ]


def load_esco_lexicon(
    folder: str | Path, langs: Iterable[str] = ("en", "nl")
) -> list[LexiconEntry]:
    """All skill labels of an ESCO folder as LexiconEntry (skill = concept URI).

    English: `en/skills_en.csv` (official layout with `altLabels`/`hiddenLabels`, or the
    development copy's `labelsAndDescription`), with the collection files' separated alt
    labels where they exist. Other languages: `<lang>/skills_<lang>.csv` if present, else the
    `<lang>/*SkillsCollection_<lang>.csv` files (the development copy has only those for nl).
    """
    folder = Path(folder)
    entries: dict[tuple, LexiconEntry] = {}

    def add(uri: str, label: str, lang: str, kind: str) -> None:
        label = " ".join((label or "").split())
        if not uri or not label:
            return
        key = (uri, label.lower(), lang)
        if key in entries and entries[key].kind == "preferred":
            return
        if key in entries and kind != "preferred":
            return
        entries[key] = LexiconEntry(skill=uri, label=label, lang=lang, kind=kind)

    for lang in langs:
        skills_file = folder / lang / f"skills_{lang}.csv"
        collections = _collection_files(folder, lang)
        known_alts: dict[str, list[str]] = {}
        known_pref: dict[str, str] = {}
        for path in collections:
            for row in _read_csv(path):
                uri = row.get("conceptUri", "")
                if "/skill/" not in uri:
                    continue
                known_pref[uri] = row.get("preferredLabel", "")
                known_alts[uri] = split_alt_field(row.get("altLabels", ""))
        if skills_file.exists():
            rows = list(_read_csv(skills_file))
            if rows and "labelsAndDescription" in rows[0]:
                stats = LabelStats.from_labels(
                    [r["preferredLabel"] for r in rows if r.get("preferredLabel")]
                    + [a for alts in known_alts.values() for a in alts]
                )
                for row in rows:
                    uri = row["conceptUri"]
                    pref = row.get("preferredLabel") or known_pref.get(uri, "")
                    pref, alts, _desc = split_labels_and_description(
                        pref, row.get("labelsAndDescription", ""), stats
                    )
                    add(uri, pref, lang, "preferred")
                    for alt in known_alts.get(uri, alts):
                        add(uri, alt, lang, "alt")
            else:
                for row in rows:
                    uri = row.get("conceptUri", "")
                    add(uri, row.get("preferredLabel", ""), lang, "preferred")
                    for alt in split_alt_field(row.get("altLabels", "")):
                        add(uri, alt, lang, "alt")
                    for hidden in split_alt_field(row.get("hiddenLabels", "")):
                        add(uri, hidden, lang, "hidden")
        else:
            for uri, pref in known_pref.items():
                add(uri, pref, lang, "preferred")
                for alt in known_alts.get(uri, ()):
                    add(uri, alt, lang, "alt")
    return list(entries.values())


def load_esco_occupations(
    folder: str | Path, langs: Iterable[str] = ("nl", "en")
) -> list[LexiconEntry]:
    """Every occupation name (preferred, alternative, hidden) as LexiconEntry, whose `skill`
    is the occupation's concept URI (the occupation index reads them like skill labels)."""
    folder = Path(folder)
    out: list[LexiconEntry] = []
    seen: set[tuple] = set()
    for lang in langs:
        path = folder / lang / f"occupations_{lang}.csv"
        if not path.exists():
            continue
        for row in _read_csv(path):
            uri = row.get("conceptUri", "")
            if "/occupation/" not in uri:
                continue
            for kind, values in (
                ("preferred", [row.get("preferredLabel", "")]),
                ("alt", split_alt_field(row.get("altLabels", ""))),
                ("hidden", split_alt_field(row.get("hiddenLabels", ""))),
            ):
                for value in values:
                    label = " ".join((value or "").split())
                    key = (uri, label.lower(), lang)
                    if label and key not in seen:
                        seen.add(key)
                        out.append(LexiconEntry(skill=uri, label=label, lang=lang, kind=kind))
    return out


def load_esco_profiles(folder: str | Path) -> dict[str, tuple[tuple, tuple]]:
    """{occupation URI: (essential skill URIs, optional skill URIs)} from
    `occupationSkillRelations_<lang>.csv` (any language; the relations are the same)."""
    folder = Path(folder)
    candidates = [folder / lang / f"occupationSkillRelations_{lang}.csv" for lang in ("en", "nl")]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        raise EscoFolderError(f"{folder}: no occupationSkillRelations_<lang>.csv")
    ess: dict[str, list[str]] = {}
    opt: dict[str, list[str]] = {}
    for row in _read_csv(path):
        occ, skill = row.get("occupationUri", ""), row.get("skillUri", "")
        if not occ or not skill:
            continue
        target = ess if (row.get("relationType") or "").lower() == "essential" else opt
        target.setdefault(occ, []).append(skill)
        ess.setdefault(occ, [])
        opt.setdefault(occ, [])
    return {occ: (tuple(dict.fromkeys(ess[occ])), tuple(dict.fromkeys(opt[occ]))) for occ in ess}


def load_esco_relations(folder: str | Path) -> dict[str, tuple[str, ...]]:
    """{skill URI: skill URIs one ESCO step away}: broader and narrower skills (the skill
    pillar's hierarchy, skill groups left out) and skill-to-skill relations, both ways."""
    folder = Path(folder)
    out: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        if a and b and a != b and "/skill/" in a and "/skill/" in b:
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)

    for lang in ("en", "nl"):
        path = folder / lang / f"broaderRelationsSkillPillar_{lang}.csv"
        if path.exists():
            for row in _read_csv(path):
                if (
                    row.get("conceptType", "") != "SkillGroup"
                    and row.get("broaderType", "") != "SkillGroup"
                ):
                    link(row.get("conceptUri", ""), row.get("broaderUri", ""))
            break
    for lang in ("en", "nl"):
        path = folder / lang / f"skillSkillRelations_{lang}.csv"
        if path.exists():
            for row in _read_csv(path):
                link(row.get("originalSkillUri", ""), row.get("relatedSkillUri", ""))
            break
    return {k: tuple(sorted(v)) for k, v in out.items()}


def esco_folder_fingerprint(folder: str | Path) -> str:
    """Names, sizes and modification times of an ESCO folder's CSV files (cache naming)."""
    folder = Path(folder)
    parts = []
    for path in sorted(folder.glob("*/*.csv")):
        st = path.stat()
        parts.append(f"{path.relative_to(folder)}:{st.st_size}:{int(st.st_mtime)}")
    return "esco:" + "|".join(parts)


def load_esco_taxonomy(folder: str | Path):
    """The whole ESCO folder as TaxonomyData (ids are concept URIs): skill labels in Dutch
    and English, occupation names, occupation profiles and skill relations."""
    from .index import TaxonomyData

    labels = load_esco_lexicon(folder)
    occupations = load_esco_occupations(folder)
    return TaxonomyData(
        skill_labels=labels,
        occupation_labels=occupations,
        occupation_ids={str(e.skill): e.skill for e in occupations},
        profiles=load_esco_profiles(folder),
        relations=load_esco_relations(folder),
        skill_ids={str(e.skill): e.skill for e in labels},
        fingerprint=esco_folder_fingerprint(folder),
    )
