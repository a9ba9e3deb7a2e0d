"""Everything the analyser reads, built once and kept in a cache file.

Building the index means lemmatising some 120,000 skill labels and phrases and 25,000
occupation names: seconds of work. A fresh process should read its first vacancy in well under
two seconds, so the built index is written to a cache file (by default under var/cache/, see
the app's `matching.analyser()`), named after a fingerprint of what it was built from:

- the taxonomy (the app passes the id and time of its last taxonomy change; the benchmark
  a digest of the ESCO folder's file sizes and times),
- our lexicon files (a digest of their bytes),
- `CODE_VERSION`, raised whenever the way the index is built changes.

A process loads the file whose name matches (about 0.5 s: plain tuples, dicts and sets of
interned strings, plus a plain copy of simplemma's two dictionaries, see text.py), or builds
the index and writes the file (atomically: a temporary file renamed into place, so a reader
never sees half a file). The ESCO import builds it ahead of time (`economie071 import_esco`,
`economie071 skills_extract --build-index`). The file is written and read only by the
application (pickle); it is no place for anything from outside.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import text as tx
from .extractor import Extractor
from .lexicon import (
    LEXICON_DIR,
    OCCUPATION_TITLES_FILE,
    LexiconSkill,
    dutch_names,
    lexicon_entries,
    read_lexicon,
    read_occupation_titles,
)
from .occupations import OccupationIndex
from .types import LexiconEntry

CODE_VERSION = "2026-12-7t"
FORMAT = 1


@dataclass
class TaxonomyData:
    """The taxonomy as plain data: what the index is built from (ids are the caller's)."""

    skill_labels: list[LexiconEntry]  # skill = the skill's id
    occupation_labels: list[LexiconEntry]  # skill = the occupation's id
    profiles: Mapping  # occupation id -> (essential skill ids, optional skill ids)
    relations: Mapping  # skill id -> skill ids one ESCO step away (broader, narrower, related)
    skill_ids: Mapping[str, int | str] = field(default_factory=dict)  # ESCO URI -> skill id
    occupation_ids: Mapping[str, int | str] = field(default_factory=dict)  # URI -> occupation id
    fingerprint: str = ""  # what the taxonomy is (its version); part of the cache's name


def lexicon_fingerprint(directory: str | Path = LEXICON_DIR) -> str:
    digest = hashlib.sha256()
    digest.update(tx.VARIANTS_FILE.read_bytes())
    digest.update(OCCUPATION_TITLES_FILE.read_bytes())
    for path in sorted(Path(directory).glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def index_fingerprint(taxonomy_fingerprint: str, directory: str | Path = LEXICON_DIR) -> str:
    raw = f"{FORMAT}|{CODE_VERSION}|{taxonomy_fingerprint}|{lexicon_fingerprint(directory)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


class ExtractionIndex:
    """The skill extractor, the occupation index, ESCO relations and our Dutch names."""

    def __init__(
        self,
        *,
        extractor: Extractor,
        occupations: OccupationIndex,
        relations: Mapping,
        names: Mapping,
        phrase_skills: frozenset,
        fingerprint: str = "",
    ):
        self.extractor = extractor
        self.occupations = occupations
        self.relations = relations
        self.names = names  # skill id -> our Dutch name ("eigen vertaling")
        self.phrase_skills = phrase_skills  # skill ids our lexicon has phrases for
        self.fingerprint = fingerprint

    @classmethod
    def build(
        cls,
        data: TaxonomyData,
        *,
        lexicon: Iterable[LexiconSkill] | None = None,
        directory: str | Path = LEXICON_DIR,
    ) -> ExtractionIndex:
        items = list(lexicon) if lexicon is not None else read_lexicon(directory)
        ids = data.skill_ids or {
            e.skill: e.skill for e in data.skill_labels if isinstance(e.skill, str)
        }
        phrases = lexicon_entries(ids, items=items)
        extractor = Extractor([*data.skill_labels, *phrases])
        occ_ids = data.occupation_ids or {
            e.skill: e.skill for e in data.occupation_labels if isinstance(e.skill, str)
        }
        titles = [
            LexiconEntry(skill=occ_ids[uri], label=title, lang="nl", kind="phrase")
            for uri, values in read_occupation_titles().items()
            if uri in occ_ids
            for title in values
        ]
        occupations = OccupationIndex([*data.occupation_labels, *titles], data.profiles)
        names = {ids[uri]: name for uri, name in dutch_names(items=items).items() if uri in ids}
        return cls(
            extractor=extractor,
            occupations=occupations,
            relations={k: tuple(v) for k, v in data.relations.items()},
            names=names,
            phrase_skills=frozenset(e.skill for e in phrases),
            fingerprint=index_fingerprint(data.fingerprint, directory),
        )

    # ------------------------------------------------------------------ cache file

    def state(self) -> dict:
        return {
            "format": FORMAT,
            "code": CODE_VERSION,
            "fingerprint": self.fingerprint,
            "lemmas": tx.export_dictionaries(),
            "extractor": self.extractor.state(),
            "occupations": self.occupations.state(),
            "relations": self.relations,
            "names": self.names,
            "phrase_skills": self.phrase_skills,
        }

    @classmethod
    def from_state(cls, state: dict) -> ExtractionIndex:
        if state.get("format") != FORMAT or state.get("code") != CODE_VERSION:
            raise ValueError("an index cache of another version")
        tx.install_dictionaries(state["lemmas"])
        return cls(
            extractor=Extractor.from_state(state["extractor"]),
            occupations=OccupationIndex.from_state(state["occupations"]),
            relations=state["relations"],
            names=state["names"],
            phrase_skills=state["phrase_skills"],
            fingerprint=state["fingerprint"],
        )

    def save(self, path: str | Path) -> Path:
        """Write the cache file atomically (a temporary file in the same folder, renamed)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(self.state(), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | Path, *, fingerprint: str | None = None) -> ExtractionIndex | None:
        """The index in a cache file, or None when it is missing, unreadable, of another
        version or (with `fingerprint`) built from something else."""
        try:
            with Path(path).open("rb") as fh:
                state = pickle.load(fh)  # noqa: S301 (our own cache file, written by us)
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            IndexError,
            TypeError,
            ValueError,
        ):
            return None
        if not isinstance(state, dict):
            return None
        if fingerprint is not None and state.get("fingerprint") != fingerprint:
            return None
        try:
            return cls.from_state(state)
        except (KeyError, TypeError, ValueError):
            return None


def cache_path(folder: str | Path, fingerprint: str) -> Path:
    return Path(folder) / f"skills-extraction-{fingerprint}.pickle"


def load_or_build(
    folder: str | Path,
    data_fingerprint: str,
    build,
    *,
    directory: str | Path = LEXICON_DIR,
    keep: int = 2,
) -> ExtractionIndex:
    """The cached index for this taxonomy and lexicon, or `build()` (-> TaxonomyData) it and
    write the cache, removing older cache files beyond the newest `keep`."""
    fingerprint = index_fingerprint(data_fingerprint, directory)
    path = cache_path(folder, fingerprint)
    index = ExtractionIndex.load(path, fingerprint=fingerprint)
    if index is not None:
        return index
    index = ExtractionIndex.build(build(), directory=directory)
    index.fingerprint = fingerprint
    try:
        index.save(path)
        _prune(Path(folder), keep)
    except OSError:
        pass  # a read-only var/ costs speed, not correctness
    return index


def _prune(folder: Path, keep: int) -> None:
    files = sorted(
        folder.glob("skills-extraction-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in files[keep:]:
        old.unlink(missing_ok=True)
