"""Our own job-ad vocabulary for ESCO skills: `lexicon_nl/*.yaml` ("eigen vertaling").

ESCO's labels are written as competences ("cope with stress", "perform cleaning duties"),
and most skills have no Dutch label in the copies we can read; vacancies say "stressbestendig",
"je maakt de lokalen schoon", "schoonmaakwerkzaamheden". The lexicon maps such phrasings to
the ESCO skill (concept URI) they denote. It is ours: written for this project phrase by
phrase, versioned with the code, and it holds ESCO concept URIs and our phrases only, never
ESCO's labels or descriptions (the imported taxonomy has those).

One YAML file per ESCO skill group (communication.yaml, assisting_caring.yaml, knowledge.yaml,
...), each a `skills:` list of items:

    - uri: http://data.europa.eu/esco/skill/<uuid>
      nl:                      # Dutch phrasings; the first one is the skill's Dutch name
      - schoonmaakwerkzaamheden    # where the taxonomy has none ("eigen vertaling")
      - schoonmaken
      en:                      # optional: English job-ad phrasings
      - cleaning duties

The phrases are added to the extractor's lexicon as `LexiconEntry(kind="phrase")` beside the
imported labels (ESCO's official Dutch labels, when an installation imports them, are merged
there: both are matched, ours never replace theirs). `read_lexicon` checks every file and
raises `LexiconError` naming the file, the item and the problem. A phrase names one skill; the
few phrases that deliberately name two ("laden en lossen") are listed in `SHARED_PHRASES`.

    lexicon_entries()                     # skill = ESCO URI (all phrases)
    lexicon_entries({uri: pk, ...})       # skill = the app's id; URIs not imported are dropped
    dutch_names()                         # {uri: our Dutch name} for the UI
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .types import LexiconEntry

LEXICON_DIR = Path(__file__).with_name("lexicon_nl")
ESCO_SKILL_URI = re.compile(
    r"^http://data\.europa\.eu/esco/skill/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)
LANGS = ("nl", "en")
MAX_PHRASE_CHARS = 120
# phrases that name two skills at once on purpose: one text passage, two skills
SHARED_PHRASES = frozenset(
    {("nl", "laden en lossen"), ("nl", "laadt en lost"), ("en", "load and unload")}
)

_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:  # libyaml when present: the lexicon is read in a fraction of the time
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class LexiconError(ValueError):
    """A lexicon file is missing, not YAML, or an item is malformed (file and item named)."""


@dataclass(frozen=True)
class LexiconSkill:
    uri: str
    phrases: Mapping[str, tuple[str, ...]]  # lang -> phrases, in the file's order
    file: str  # the file's name, for messages and tooling
    position: int  # 1-based item number in its file

    @property
    def name_nl(self) -> str:
        """Our Dutch name of the skill: the first Dutch phrase ("" when there is none)."""
        nl = self.phrases.get("nl") or ()
        return nl[0] if nl else ""


def _normal(phrase: str) -> str:
    return " ".join(phrase.split()).lower()


def read_lexicon_file(path: str | Path) -> list[LexiconSkill]:
    """Read and check one lexicon file; LexiconError names the file, item and field."""
    path = Path(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot read the lexicon file: {exc}") from exc
    items = doc.get("skills") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise LexiconError(f"{path.name}: expected a top-level 'skills:' list")
    out: list[LexiconSkill] = []
    for n, item in enumerate(items, 1):
        where = f"{path.name}: item {n}"
        if not isinstance(item, dict):
            raise LexiconError(f"{where}: expected a mapping with uri and nl/en phrases")
        uri = item.get("uri")
        if not isinstance(uri, str) or not ESCO_SKILL_URI.match(uri):
            raise LexiconError(f"{where}: 'uri' is not an ESCO skill URI: {uri!r}")
        where = f"{where} ({uri.rsplit('/', 1)[-1]})"
        unknown = set(item) - {"uri", *LANGS}
        if unknown:
            # labels and descriptions are ESCO's: they stay out of our files
            raise LexiconError(f"{where}: unknown field(s) {sorted(unknown)}; only uri, nl, en")
        phrases: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            values = item.get(lang) or []
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise LexiconError(f"{where}: '{lang}' must be a list of non-empty strings")
            too_long = [v for v in values if len(v) > MAX_PHRASE_CHARS]
            if too_long:
                raise LexiconError(
                    f"{where}: '{lang}' phrase longer than "
                    f"{MAX_PHRASE_CHARS} characters: {too_long[0][:40]!r}…"
                )
            normal = [_normal(v) for v in values]
            if len(set(normal)) != len(normal):
                raise LexiconError(f"{where}: '{lang}' lists a phrase twice")
            phrases[lang] = tuple(" ".join(v.split()) for v in values)
        if not any(phrases.values()):
            raise LexiconError(f"{where}: no phrases in 'nl' or 'en'")
        out.append(LexiconSkill(uri=uri, phrases=phrases, file=path.name, position=n))
    return out


def read_lexicon(directory: str | Path = LEXICON_DIR) -> list[LexiconSkill]:
    """Every item of every `*.yaml` file in `directory`, checked across files: a skill is in
    one file once, and a phrase names one skill (except `SHARED_PHRASES`)."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise LexiconError(f"{directory}: no lexicon files (*.yaml)")
    out: list[LexiconSkill] = []
    where_uri: dict[str, str] = {}
    where_phrase: dict[tuple[str, str], str] = {}
    for path in paths:
        for item in read_lexicon_file(path):
            here = f"{item.file}: item {item.position}"
            if item.uri in where_uri:
                raise LexiconError(f"{here}: {item.uri} is also {where_uri[item.uri]}")
            where_uri[item.uri] = here
            for lang, values in item.phrases.items():
                for value in values:
                    key = (lang, _normal(value))
                    if key in where_phrase and key not in SHARED_PHRASES:
                        raise LexiconError(
                            f"{here}: the {lang} phrase {value!r} is also in "
                            f"{where_phrase[key]}; a phrase names one skill"
                        )
                    where_phrase[key] = here
            out.append(item)
    return out


def lexicon_entries(
    skills: Mapping[str, int | str] | Collection[str] | None = None,
    *,
    directory: str | Path = LEXICON_DIR,
    items: list[LexiconSkill] | None = None,
) -> list[LexiconEntry]:
    """The lexicon's phrases as LexiconEntry(kind="phrase").

    `skills` None: every phrase, skill = ESCO URI. A mapping URI -> id (the app passes
    `{skill.uri: skill.pk}`): skill = the id; phrases of URIs not in it are dropped. A set
    of URIs: skill = URI, only those URIs.
    """
    out: list[LexiconEntry] = []
    for item in items if items is not None else read_lexicon(directory):
        if skills is None:
            skill: int | str = item.uri
        elif item.uri not in skills:
            continue
        else:
            skill = skills[item.uri] if isinstance(skills, Mapping) else item.uri
        for lang in LANGS:
            for phrase in item.phrases[lang]:
                out.append(LexiconEntry(skill=skill, label=phrase, lang=lang, kind="phrase"))
    return out


def dutch_names(
    *, directory: str | Path = LEXICON_DIR, items: list[LexiconSkill] | None = None
) -> dict[str, str]:
    """{ESCO URI: our Dutch name} for every skill with a Dutch phrase."""
    return {
        item.uri: item.name_nl
        for item in (items if items is not None else read_lexicon(directory))
        if item.name_nl
    }


OCCUPATION_TITLES_FILE = Path(__file__).with_name("occupations_nl.yaml")
ESCO_OCCUPATION_URI = re.compile(
    r"^http://data\.europa\.eu/esco/occupation/"
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def read_occupation_titles(path: str | Path = OCCUPATION_TITLES_FILE) -> dict[str, tuple[str, ...]]:
    """{occupation URI: our Dutch job titles} from occupations_nl.yaml (checked: URIs, no
    title twice, no unknown fields; LexiconError names the item)."""
    path = Path(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path.name}: cannot read the file: {exc}") from exc
    items = doc.get("occupations") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise LexiconError(f"{path.name}: expected a top-level 'occupations:' list")
    out: dict[str, tuple[str, ...]] = {}
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        where = f"{path.name}: item {n}"
        if not isinstance(item, dict) or set(item) - {"uri", "nl"}:
            raise LexiconError(f"{where}: expected a mapping with uri and nl only")
        uri, titles = item.get("uri"), item.get("nl")
        if not isinstance(uri, str) or not ESCO_OCCUPATION_URI.match(uri):
            raise LexiconError(f"{where}: 'uri' is not an ESCO occupation URI: {uri!r}")
        if uri in out:
            raise LexiconError(f"{where}: {uri} is listed twice")
        if (
            not isinstance(titles, list)
            or not titles
            or not all(
                isinstance(t, str) and t.strip() and len(t) <= MAX_PHRASE_CHARS for t in titles
            )
        ):
            raise LexiconError(f"{where}: 'nl' must be a list of job titles")
        for t in titles:
            key = _normal(t)
            if key in seen:
                raise LexiconError(f"{where}: the title {t!r} is also in item {seen[key]}")
            seen[key] = n
        out[uri] = tuple(" ".join(t.split()) for t in titles)
    return out
