"""The curated phrase lexicon: how job ads say what an ESCO skill names (Dutch and English).

ESCO labels are written as competences ("cope with stress", "work in teams"); vacancies say
"stressbestendig", "calm under pressure", "teamspeler". And the development copy of ESCO has
Dutch labels for only a few thousand skills. `phrases_nl_en.yaml` (shipped with this package)
maps common job-ad phrasings to the ESCO skill (concept URI) they denote; they are added to
the extractor's lexicon as `LexiconEntry(kind="phrase")` items, matched like labels.

    load_default_phrases()                      # skill = ESCO URI (all phrases)
    load_default_phrases({uri: pk, ...})        # skill = the app's id; unknown URIs dropped
    load_default_phrases(known_uris)            # skill = URI; only URIs in the set
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .types import LexiconEntry

PHRASES_FILE = Path(__file__).with_name("phrases_nl_en.yaml")
ESCO_SKILL_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
LANGS = ("nl", "en")


class PhraseFileError(ValueError):
    """The phrase file is missing, not YAML, or an item is malformed (the item is named)."""


@dataclass(frozen=True)
class PhraseSkill:
    uri: str
    label: str  # the English ESCO preferred label, for the reader
    phrases: Mapping[str, tuple[str, ...]]  # lang -> phrases
    position: int  # 1-based item number in the file (for messages)


def read_phrase_file(path: str | Path = PHRASES_FILE) -> list[PhraseSkill]:
    """Read and check a phrase file; raises PhraseFileError naming the bad item and field."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PhraseFileError(f"{path.name}: cannot read the phrase file: {exc}") from exc
    items = doc.get("skills") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise PhraseFileError(f"{path.name}: expected a top-level 'skills:' list")
    out: list[PhraseSkill] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        where = f"{path.name}: item {n}"
        if not isinstance(item, dict):
            raise PhraseFileError(f"{where}: expected a mapping with uri, label, nl/en")
        uri = item.get("uri")
        if not isinstance(uri, str) or not ESCO_SKILL_URI.match(uri):
            raise PhraseFileError(f"{where}: 'uri' is not an ESCO skill URI: {uri!r}")
        where = f"{where} ({uri.rsplit('/', 1)[-1]})"
        if uri in seen:
            raise PhraseFileError(f"{where}: the same uri as item {seen[uri]}")
        seen[uri] = n
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            raise PhraseFileError(f"{where}: 'label' (the English preferred label) is missing")
        unknown = set(item) - {"uri", "label", *LANGS}
        if unknown:
            raise PhraseFileError(f"{where}: unknown field(s) {sorted(unknown)}")
        phrases: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            values = item.get(lang) or []
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise PhraseFileError(f"{where}: '{lang}' must be a list of non-empty strings")
            lowered = [" ".join(v.split()).lower() for v in values]
            if len(set(lowered)) != len(lowered):
                raise PhraseFileError(f"{where}: '{lang}' lists a phrase twice")
            phrases[lang] = tuple(" ".join(v.split()) for v in values)
        if not any(phrases.values()):
            raise PhraseFileError(f"{where}: no phrases in 'nl' or 'en'")
        out.append(PhraseSkill(uri=uri, label=label.strip(), phrases=phrases, position=n))
    return out


def load_phrases(
    path: str | Path = PHRASES_FILE,
    skills: Mapping[str, int | str] | Collection[str] | None = None,
) -> list[LexiconEntry]:
    """The phrases of a file as LexiconEntry(kind="phrase").

    `skills` None: every phrase, skill = ESCO URI. A mapping URI -> id (the app passes
    `{skill.uri: skill.pk}`): skill = the id, phrases of URIs not in the mapping are dropped.
    A set of URIs: skill = URI, only those URIs.
    """
    out: list[LexiconEntry] = []
    for item in read_phrase_file(path):
        if skills is None:
            skill: int | str = item.uri
        elif isinstance(skills, Mapping):
            if item.uri not in skills:
                continue
            skill = skills[item.uri]
        else:
            if item.uri not in skills:
                continue
            skill = item.uri
        for lang in LANGS:
            for phrase in item.phrases[lang]:
                out.append(LexiconEntry(skill=skill, label=phrase, lang=lang, kind="phrase"))
    return out


def load_default_phrases(
    skills: Mapping[str, int | str] | Collection[str] | None = None,
) -> list[LexiconEntry]:
    """The phrase lexicon shipped with the package (phrases_nl_en.yaml); see load_phrases."""
    return load_phrases(PHRASES_FILE, skills)
