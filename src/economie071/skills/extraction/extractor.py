"""Find skills of a lexicon in a vacancy text (Dutch or English).

How a text is read
------------------
1. Tokens (letters/digits; hyphens and slashes separate tokens), folded (lower case, no
   accents, same length so offsets stay those of the original text), lemmatised with
   simplemma in both languages, plus a light stem of each lemma (Dutch long vowels written
   single: "beheer" and "beheren" share "beher").
2. Dutch compounds that are not lexicon words are split when both parts are
   ("kwaliteitscontrole" -> "kwaliteit" + "controle"), so they meet labels written apart;
   an unknown compound whose last part (its head) is a lexicon word of 5+ letters is split
   there ("dinergerechten" -> "diner" + "gerechten").
3. Words of the text's language that are not lexicon words and not known words of the
   language are corrected to a lexicon word when rapidfuzz finds one with the same first
   two letters, about the same length and a high similarity (spelling variants).
4. Labels are matched three ways: `exact` (the folded words in order), `lemma` (lemmas in
   order, or - with a lower confidence - all content words' stems in any order close together
   in one clause, with at most `LOOSE_GAP` other words between them that are not function
   words: "food preparation" meets "prepare food", "geef jij leiding aan een veelzijdig
   team" meets "leiding geven aan een team") and `fuzzy` (as lemma, but with a
   corrected word). Labels of the other language match only in order (no loose matching),
   single-word ones only when they are names or acronyms ("Python", "HACCP"). Names match
   as written, or inflected with the same capital ("Nederlandse" for "Nederlands"); stop
   words of the text are never the content words of an any-order match ("good" is not
   "goods"). Our phrases (kind "phrase", see lexicon.py) are matched like labels;
   their words are never treated as generic.
5. Generic words do not map to specific skills: every content word of a label must be
   found, a label whose only content word is generic (see generic.py) or shared by many
   skills' labels is not matched on its own, and labels made only of generic words get a
   lower confidence.
6. Overlapping matches: the one covering more words wins; equal ones (the same words
   matching several skills' labels with the same confidence) are all kept, and so is a
   one-word name inside a longer match ("English" in "fluent in English").
7. One Found per skill, with every place it was found as evidence (offsets into the
   original text) and the best confidence (+0.02 per extra mention).
8. Requirement-like phrases that matched nothing (bullet lines of a requirements section,
   "ervaring met X", "kennis van X", "experience with X", ...) are returned as `unmatched`.
9. Dutch sentence structure: coordination ellipsis is read written out ("contract- en
   relatiebeheer" as "contractbeheer en relatiebeheer", "kwaliteitszorg en -controle"; the
   evidence keeps the original wording, see `text.expand_ellipsis`); a separable verb split
   by the clause gets its joined lemma ("je stelt bestekken op", "... op, en ...", "om
   bestekken op te stellen" -> "opstellen"); a verb or head noun said once for a list
   belongs to each item ("je stelt bestekken en offertes op": two matches may share one
   word at the same end).
10. Hyphenated compounds are not evidence of a part on their own: "Chef-kok" does not name
   the configuration tool Chef, "SAP-consultant" is a job title. A label that matches only
   some parts of a hyphenated compound counts when the other parts say it is a skill
   ("HACCP-richtlijnen", "Excel-kennis", "VCA-diploma": see `SKILL_CONTEXT`).

Speed: the built state is plain tuples, dicts and sets of interned strings (`state()`), so
an index cache restores it in a few tenths of a second (`Extractor.from_state`); labels are
turned into objects only when a text touches them. Matching is linear in the text: labels
are looked up by their first two words, every scan of the text is bounded per token, and
words longer than `text.MAX_WORD` are not split or corrected.

Confidence: exact 0.95, lemma in order 0.88, lemma any order 0.74, fuzzy 0.68 (0.62 in any
order); alt label or phrase -0.02, hidden label -0.04; one content word -0.08, three or more +0.03;
only generic words x0.8; label of the other language -0.10; part of a compound -0.04.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text as tx
from .generic import DEFAULT_GENERIC_TERMS, SKILL_NOUNS
from .types import ExtractionResult, Found, LexiconEntry, Span

_PAREN = re.compile(r"\s*\([^)]*\)")
_CONTIG_GAP = re.compile(r"[ \t\-'’]*")
_CLAUSE_BREAK = re.compile(r"[.;:!?\n•·▪|/]|\s[-–—]\s")  # commas and brackets do not break
_NAMEISH = re.compile(r"[A-Z0-9+#]")

BASE = {"exact": 0.95, "lemma": 0.88, "loose": 0.74, "fuzzy": 0.68, "fuzzy_loose": 0.62}
KIND_PENALTY = {"preferred": 0.0, "alt": 0.02, "hidden": 0.04, "phrase": 0.02}
MAX_SHARED_SINGLE = 12  # a single-word label whose stem is in more skills' labels is generic
DEFAULT_MIN_CONFIDENCE = 0.55
LOOSE_GAP = 2  # other content words allowed between the words of an any-order match
STATE_VERSION = 2


def _words(text: str) -> list[str]:
    return text.split()


# the other parts of a hyphenated compound that make a part's match skill evidence:
# "HACCP-richtlijnen", "Excel-kennis", "VCA-diploma", "SQL-queries", "Python-scripts"
SKILL_CONTEXT = frozenset(
    _words("""
    kennis ervaring vaardigheid vaardigheden vaardig richtlijn richtlijnen norm normen
    certificaat certificering diploma code codes systeem systemen software pakket pakketten
    omgeving omgevingen applicatie applicaties programma programma tool tools toepassing
    toepassingen taal talen scripts script queries query bestand bestanden sheet sheets
    opleiding cursus training licentie methode methodiek principes techniek technieken
    procedure procedures protocol protocollen regels wetgeving beheer analyse ontwikkeling
    eisen voorschriften maatregelen werkzaamheden werken taken competenties
    knowledge experience skills skill certificate certification system systems software tool
    tools language scripts queries training course license licence method principles rules
""")
)
_FUNCTION_VERBS = frozenset(
    _words("""
    zorgt zorg zorgen zorgde draagt draag dragen
""")
)
_PARTICLES = frozenset(
    _words("""
    op bij af uit in aan mee na door terug vast samen voor weg over toe neer rond schoon
    klaar open dicht binnen buiten
""")
)
_CLAUSE_WORDS = frozenset(
    _words("""
    en of maar want die dat om zodat waarbij wanneer als voor met naar bij in op aan van tot
    tijdens binnen volgens zoals
""")
)
_SEPARABLE_REACH = 8
_FUNCTION_NEXT = frozenset(
    _words("""
    voor ervoor dat er zorg je jij u
""")
)
_FLAG = {"generic": 1, "single_blocked": 2, "nameish": 4, "verbless": 8, "ambiguous": 16}


GENERIC_VERBS = {
    "en": (
        ("carry", "out"),
        ("make", "use", "of"),
        ("use",),
        ("apply",),
        ("perform",),
        ("execute",),
        ("conduct",),
        ("undertake",),
        ("provide",),
        ("ensure",),
        ("do",),
        ("have",),
        ("show",),
        ("demonstrate",),
        ("utilise",),
        ("utilize",),
        ("employ",),
    ),
    "nl": (),  # Dutch labels put the verb last ("wondverzorging uitvoeren"); see below
}
GENERIC_VERBS_NL_FINAL = (
    "toepassen",
    "gebruiken",
    "uitvoeren",
    "verrichten",
    "tonen",
    "hanteren",
    "verlenen",
    "bieden",
)


def _leading_generic_verb(words: tuple[str, ...], lang: str) -> int:
    """Number of leading words that form a generic verb, 0 if none (English labels)."""
    for verb in GENERIC_VERBS.get(lang, ()):
        if words[: len(verb)] == verb and len(words) > len(verb):
            return len(verb)
    return 0


def _inflected_name(written: str, lemma: str, label: _Label) -> bool:
    """A capitalised name in another form: "Nederlandse" for the label "Nederlands".

    Only for names written with a capital and then lower case (not acronyms: "IT" stays
    "IT"), when the text writes the word with a capital too and its lemma is the label's.
    """
    name = label.case[0] if label.case else ""
    return (
        len(name) > 2
        and name[0].isupper()
        and name[1:].islower()
        and written[:1].isupper()
        and lemma == label.lemmas[0]
    )


@dataclass(slots=True)
class _Label:
    entry: int
    skill: int | str
    label: str
    lang: str
    kind: str
    surface: tuple[str, ...]
    lemmas: tuple[str, ...]
    stems: tuple[str, ...]
    content: tuple[str, ...]  # stems of the content words (no stop words), unique, in order
    generic: bool  # all content words generic
    single_blocked: bool  # one content word, and it is generic or shared by many skills
    nameish: bool  # the label has capitals, digits or + / # (a name or acronym)
    case: tuple[str, ...] | None = None  # must match these exact (cased) words of the text
    verbless: bool = False  # a generic leading verb was dropped ("carry out wound care")
    ambiguous: bool = False  # the same label (not preferred anywhere) names several skills


@dataclass(slots=True)
class _Item:
    start: int
    end: int
    surface: str
    lemma: str
    stem: str
    seg: int
    fuzzy: bool = False
    part: bool = False
    hyph: int = -1  # the hyphenated compound this token is part of ("Chef-kok"), -1: none
    # the first part of a split compound: the folded last part ("parkeer" of "parkeerplaats")
    tail: str = ""


@dataclass(slots=True)
class _Cand:
    label: _Label
    items: tuple[int, ...]  # indices into the language's item list
    method: str
    confidence: float
    chars: frozenset[int]  # the starts of the matched items (overlap test)
    start: int
    end: int


# verbs with an unstressed prefix take no ge- in the participle: "verstrekt", "beheerd"
_UNSTRESSED_PREFIXES = ("be", "ver", "ont", "her", "er")


def _participle(item: _Item) -> str:
    """Whether a Dutch token is the past participle of the verb it is read as: "ge" for
    "geplande", "gemotiveerd", "ingehuurde" (not "gebruikt", whose verb starts with ge-
    itself); "inflected" for an inflected participle of a verb with an unstressed prefix,
    "verstrekte", "beheerde" (uninflected, "verstrekt" is as often the verb in the present
    tense; "verbindende" is a present participle, which names the doing); "" otherwise."""
    w, lem = item.surface, item.lemma
    if w == lem or not lem.endswith("en") or lem.startswith("ge") or len(w) < 6:
        return ""
    if w.startswith("ge") or any(w.startswith(p + "ge") and lem.startswith(p) for p in _PARTICLES):
        return "ge"
    if (
        w.endswith(("de", "te"))
        and not w.endswith("ende")
        and any(w.startswith(p) and lem.startswith(p) for p in _UNSTRESSED_PREFIXES)
    ):
        return "inflected"
    return ""


def _attributive_participle(c: _Cand, items: list[_Item]) -> bool:
    """A participle read as the label's verb, standing before another word of the match or
    inflected ("-e"), is an adjective, not that verb: "een gemotiveerd team" motivates no
    team, "de geplande onderhoudswerken" plan no maintenance, "gerestaureerde werken" and
    "verstrekte medicatie" are no restoring and no giving out. (A label that is itself a
    participle, "gemotiveerd", keeps its word.)"""
    positions = sorted(c.items)
    label_words = {
        tx.stem(tx.lemma(w, "nl"), "nl"): w for w in c.label.surface if not w.startswith("ge")
    }
    for k, p in enumerate(positions):
        item = items[p]
        kind = _participle(item) if item.stem in label_words else ""
        if not kind:
            continue
        nxt = positions[k + 1] if k + 1 < len(positions) else None
        if item.surface.endswith("e") or (kind == "ge" and nxt is not None and nxt - p <= 2):
            return True
    return False


def _nested_name(c: _Cand, others) -> bool:
    """A one-word name (capitalised label: a language, a tool) inside longer matches.

    "Fluent in English" matches "be fluent in English" (interact verbally in English); the
    text still names the language "English" itself, so both are kept.
    """
    return (
        c.label.case is not None
        and len(c.chars) == 1
        and all(len(o.chars) > 1 and o.label.skill != c.label.skill for o in others)
    )


_LONG_VOWEL = re.compile(r"(aa|ee|oo|uu)(?=[^aeiou]$)")


def _separable_lemma(particle: str, verb: _Item, vocab_lemma) -> str | None:
    """The lexicon's lemma of a particle and the verb it was split from, or None. The verb
    stands as its lemma allows ("stelt" -> "opstellen") or, before "je"/"jij", as its bare
    stem, which the lemmatiser may read as another word ("los je ... op" -> "oplossen",
    "maak je ... op" -> "opmaken", read as "opstellen")."""
    w = verb.surface
    forms = [verb.lemma]
    if len(w) >= 2 and w.isalpha():
        forms += [w + "en", w + w[-1] + "en", _LONG_VOWEL.sub(lambda m: m.group(1)[0], w) + "en"]
    for form in forms:
        joined = tx.lemma(particle + form, "nl") if form != verb.lemma else particle + form
        joined = tx.VARIANTS["nl"].get(joined, joined)  # "opmaken" is "opstellen"
        if joined in vocab_lemma:
            return joined
    return None


def _shared_word(c: _Cand, other: _Cand) -> bool:
    """Two matches in any order that share one word, each with words of its own: a verb or
    noun said once for a list ("je stelt bestekken en offertes op", "onderhoud en beheer
    van gebouwen") belongs to every item of the list."""
    shared = c.chars & other.chars
    if (
        c.label.skill == other.label.skill
        or len(shared) != 1
        or len(c.chars) < 2
        or len(other.chars) < 2
        or not ("loose" in c.method or "loose" in other.method)
    ):
        return False
    # a name said once for two skills: "Nederlands mondeling en schriftelijk" (speaking and
    # writing Dutch), "Excel-formules en -grafieken"; but a name's word is no common word
    # ("werkt met MS Teams" is no "in een team werken")
    if c.label.nameish and other.label.nameish:
        return True
    if c.label.nameish != other.label.nameish:
        return False
    # the shared word stands at the same end of both: first (the verb before a list) or
    # last (the particle verb or head noun after it)
    (at,) = shared
    return (at == min(c.chars) and at == min(other.chars)) or (
        at == max(c.chars) and at == max(other.chars)
    )


class Extractor:
    """Build once over a lexicon, then `extract(text)` as often as needed (thread-safe reads)."""

    def __init__(
        self,
        entries: Iterable[LexiconEntry],
        *,
        generic_terms: Iterable[str] | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    ):
        self.generic = frozenset(
            tx.fold(t) for t in (DEFAULT_GENERIC_TERMS if generic_terms is None else generic_terms)
        )
        self.min_confidence = min_confidence
        self._init_empty()
        self._build(list(entries))
        self._freeze()
        self._derive()

    def _init_empty(self) -> None:
        # one row per indexed label: (entry, skill, label, lang, kind, surface, lemmas,
        # stems, content, flags, case); `_lab(idx)` turns a row into a _Label when needed
        self._rows: list[tuple] = []
        self._cache: dict[int, _Label] = {}
        self._phrases: tuple | None = None  # our phrases, folded, for phrase_lookup
        self.vocab_surface: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        self.vocab_lemma: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        self.vocab_stem: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        # indices per language: first word (one-word labels) or first two words -> labels (in
        # order), rarest content stem -> labels (any order), first two letters -> vocabulary
        # words (spelling correction)
        self._contig: dict = {lang: defaultdict(list) for lang in tx.LANGS}
        self._loose: dict = {lang: defaultdict(list) for lang in tx.LANGS}
        self._blocks: dict = {lang: defaultdict(list) for lang in tx.LANGS}

    # ------------------------------------------------------------------ state (index cache)

    def state(self) -> dict:
        """The built extractor as plain builtins (for pickle); see `from_state`."""
        return {
            "version": STATE_VERSION,
            "generic": self.generic,
            "min_confidence": self.min_confidence,
            "rows": self._rows,
            "vocab": (self.vocab_surface, self.vocab_lemma, self.vocab_stem),
            "contig": self._contig,
            "loose": self._loose,
            "blocks": self._blocks,
            "by_skill": self._by_skill,
            "stem_counts": self._stem_counts,
        }

    @classmethod
    def from_state(cls, state: dict) -> Extractor:
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise ValueError("extractor state of another version")
        self = cls.__new__(cls)
        self.generic = state["generic"]
        self.min_confidence = state["min_confidence"]
        self._rows = state["rows"]
        self._cache = {}
        self._phrases = None
        self.vocab_surface, self.vocab_lemma, self.vocab_stem = state["vocab"]
        self._contig = state["contig"]
        self._loose = state["loose"]
        self._blocks = state["blocks"]
        self._by_skill = state["by_skill"]
        self._stem_counts = state["stem_counts"]
        return self

    def phrase_lookup(self, words: Iterable[str], lang: str | None = None) -> dict:
        """{skill: the shortest of our own phrases that contain every one of `words`} (case
        and accents ignored): a skill looked up by the words employers and job seekers use,
        also where the imported taxonomy has no label in that language ("klachten" finds
        "klachten behandelen"). Linear in the number of phrases (some ten thousand)."""
        table = self._phrases
        if table is None:
            seen: dict[tuple, tuple] = {}
            for row in self._rows:
                skill, label, lang_, kind = row[1], row[2], row[3], row[4]
                if kind == "phrase":
                    seen.setdefault((skill, label), (tx.fold(label), skill, label, lang_))
            table = self._phrases = tuple(seen.values())  # a benign race: equal tuples
        return tx.names_containing(
            table if lang is None else [row for row in table if row[3] == lang], words
        )

    @property
    def labels(self) -> list[_Label]:
        """Every indexed label as an object (for tests and tooling; matching uses `_lab`)."""
        return [self._lab(i) for i in range(len(self._rows))]

    def _lab(self, idx: int) -> _Label:
        label = self._cache.get(idx)
        if label is None:
            entry, skill, text, lang, kind, surface, lemmas, stems, content, flags, case = (
                self._rows[idx]
            )
            label = _Label(
                entry=entry,
                skill=skill,
                label=text,
                lang=lang,
                kind=kind,
                surface=surface,
                lemmas=lemmas,
                stems=stems,
                content=content,
                generic=bool(flags & _FLAG["generic"]),
                single_blocked=bool(flags & _FLAG["single_blocked"]),
                nameish=bool(flags & _FLAG["nameish"]),
                case=case,
                verbless=bool(flags & _FLAG["verbless"]),
                ambiguous=bool(flags & _FLAG["ambiguous"]),
            )
            self._cache[idx] = label  # a benign race: two threads build equal objects
        return label

    def skill_contents(self, skill, lang: str) -> tuple[tuple[str, ...], ...]:
        """The content stems of each of a skill's labels in a language (words of its names)."""
        return self._by_skill.get((skill, lang), ())

    def stem_skill_counts(self, lang: str) -> dict[str, int]:
        """{content stem: the number of skills whose labels use it} in a language."""
        return self._stem_counts.get(lang, {})

    def _derive(self) -> None:
        by_skill: dict = {}
        sets: dict = {}
        for row in self._rows:
            if not row[9] & _FLAG["verbless"]:
                by_skill.setdefault((row[1], row[3]), set()).add(row[8])
            for st in row[8]:
                sets.setdefault((row[3], st), set()).add(row[1])
        self._by_skill = {k: tuple(sorted(v)) for k, v in by_skill.items()}
        self._stem_counts: dict[str, dict[str, int]] = {}
        for (lg, st), skills in sets.items():
            self._stem_counts.setdefault(lg, {})[st] = len(skills)

    def _freeze(self) -> None:
        """Plain dicts of tuples of interned strings: small to pickle, quick to restore."""
        intern = sys.intern

        def words(t):
            return None if t is None else tuple(intern(w) for w in t)

        self._rows = [
            (
                e,
                intern(k) if isinstance(k, str) else k,
                t,
                intern(lg),
                intern(kd),
                words(sf),
                words(lm),
                words(st),
                words(ct),
                fl,
                words(cs),
            )
            for e, k, t, lg, kd, sf, lm, st, ct, fl, cs in self._rows
        ]
        for lang in tx.LANGS:
            for name in ("vocab_surface", "vocab_lemma", "vocab_stem"):
                getattr(self, name)[lang] = frozenset(intern(w) for w in getattr(self, name)[lang])
            self._contig[lang] = {
                (tuple(intern(w) for w in k) if isinstance(k, tuple) else intern(k)): tuple(v)
                for k, v in self._contig[lang].items()
            }
            self._loose[lang] = {intern(k): tuple(v) for k, v in self._loose[lang].items()}
            self._blocks[lang] = {
                intern(k): tuple(intern(w) for w in v) for k, v in self._blocks[lang].items()
            }

    # ------------------------------------------------------------------ building

    def _build(self, entries: list[LexiconEntry]) -> None:
        raw: list[tuple[int, LexiconEntry, tuple[str, ...]]] = []
        for i, entry in enumerate(entries):
            if entry.lang not in tx.LANGS or not entry.label:
                continue
            variants = {entry.label}
            stripped = _PAREN.sub("", entry.label).strip()
            if stripped and stripped != entry.label:
                variants.add(stripped)
            if entry.lang == "nl" and "-" in entry.label:
                # texts are read with their elided compounds written out; labels too
                expanded = tx.expand_ellipsis(entry.label)
                if expanded.starts is not None:
                    variants.add(expanded.text)
            for variant in variants:
                words = tuple(tx.fold(w) for _s, _e, w in tx.tokenize(variant))
                if words:
                    raw.append((i, entry, words))
                    for w in words:
                        self.vocab_surface[entry.lang].add(w)
        # lemmas/stems; stem frequency over distinct skills (to spot shared single words)
        shared: dict[str, dict[str, set]] = {lang: defaultdict(set) for lang in tx.LANGS}
        prepared = []
        for i, entry, words in raw:
            lang = entry.lang
            lemmas = tuple(tx.lemma(w, lang) for w in words)
            stems = tuple(tx.stem(lem, lang) for lem in lemmas)
            for lem in lemmas:
                self.vocab_lemma[lang].add(lem)
            self.vocab_stem[lang].update(stems)
            for s in set(stems):
                shared[lang][s].add(entry.skill)
            prepared.append((i, entry, words, lemmas, stems))
        # Dutch compounds in labels: also index the label with the compound split
        extra = []
        paraphrased: dict[int, list[tuple]] = {}  # id(prepared row) -> its compound written out
        nl_vocab = self.vocab_lemma["nl"]
        for row in prepared:
            i, entry, _words, lemmas, _stems = row
            if entry.lang != "nl":
                continue
            split_words, changed = [], False
            for w in lemmas:
                parts = None
                if len(w) >= 8:
                    parts = tx.split_compound(w, lambda p, w=w: p != w and p in nl_vocab)
                if parts:
                    split_words += [parts[0], parts[2]]
                    changed = True
                else:
                    split_words.append(w)
            if changed:
                lem2 = tuple(tx.lemma(w, "nl") for w in split_words)
                extra.append(
                    (i, entry, tuple(split_words), lem2, tuple(tx.stem(x, "nl") for x in lem2))
                )
            if changed and len(lemmas) == 1:
                # a compound is also written as its last part "van" (de, het) its first:
                # "beheer van de netwerken" is "netwerkbeheer", "controle van de kwaliteit"
                # "kwaliteitscontrole"; in that order only, word by word ("beheervormen en
                # materiaal" is no "materiaalbeheer")
                head, tail = split_words
                paraphrased[id(row)] = [
                    (words, words, tuple(tx.stem(x, "nl") for x in words))
                    for between in ((), ("de",), ("het",))
                    for words in [(tx.lemma(tail, "nl"), "van", *between, tx.lemma(head, "nl"))]
                ]
        # a label shared by several skills does not identify one: when it is the preferred
        # label of one of them, only that skill keeps it; otherwise it is left unmatched.
        # Our phrases (kind "phrase") own their words the same way, before alt and hidden
        # labels of other skills (the development copy's alt labels are partly guessed).
        label_skills: dict[tuple, set] = defaultdict(set)
        preferred_of: dict[tuple, set] = defaultdict(set)
        phrase_of: dict[tuple, set] = defaultdict(set)
        for _i, entry, words, _l, _s in prepared:
            label_skills[(entry.lang, words)].add(entry.skill)
            if entry.kind == "preferred":
                preferred_of[(entry.lang, words)].add(entry.skill)
            elif entry.kind == "phrase":
                phrase_of[(entry.lang, words)].add(entry.skill)
        split_rows = {id(x) for x in extra}
        for item in prepared + extra:
            i, entry, words, lemmas, stems = item
            key = (entry.lang, words)
            owners = preferred_of.get(key) or phrase_of.get(key)
            if owners and entry.skill not in owners:
                continue
            if not owners and len(label_skills.get(key, ())) > 1:
                continue  # names several skills and none in particular: left unmatched
            # a label with a compound split ("kwaliteitscontrole" -> "kwaliteit controle")
            # matches the split words in order only: any order would read "managementteam"
            # as "teammanagement"
            self._add(i, entry, words, lemmas, stems, shared, loose=id(item) not in split_rows)
            for w_words, w_lemmas, w_stems in paraphrased.get(id(item), ()):
                others = preferred_of.get((entry.lang, w_words)) or phrase_of.get(
                    (entry.lang, w_words)
                )
                if not others or entry.skill in others:
                    self._add(i, entry, w_words, w_lemmas, w_stems, shared, loose=False)
            # ESCO skills are verb phrases; ads often name only the object: "wound care" for
            # "carry out wound care". A generic leading verb may be left out.
            lead = _leading_generic_verb(words, entry.lang)
            rest = slice(lead, None) if lead else None
            if entry.lang == "nl" and len(words) > 1 and words[-1] in GENERIC_VERBS_NL_FINAL:
                rest = slice(0, -1)
            if rest is not None:
                self._add(
                    i,
                    entry,
                    words[rest],
                    lemmas[rest],
                    stems[rest],
                    shared,
                    verbless=True,
                    loose=id(item) not in split_rows,
                )
        for lang in tx.LANGS:
            for w in self.vocab_lemma[lang] | self.vocab_surface[lang]:
                if 5 <= len(w) <= tx.MAX_WORD and w.isalpha():
                    self._blocks[lang][w[:2]].append(w)

    def _add(self, i, entry, words, lemmas, stems, shared, *, verbless=False, loose=True):
        lang = entry.lang
        stop = tx.STOPWORDS[lang]
        original = [w for _s, _e, w in tx.tokenize(_PAREN.sub("", entry.label))]
        content = tuple(
            dict.fromkeys(s for s, w in zip(stems, words, strict=True) if w not in stop)
        )
        if not content and len(words) == 1 and original and original[0] != original[0].lower():
            content = stems  # an acronym that looks like a function word: "IT"
        if not content:
            return
        content_words = [(lem, w) for lem, w in zip(lemmas, words, strict=True) if w not in stop]
        generic = bool(content_words) and all(
            lem in self.generic or w in self.generic for lem, w in content_words
        )
        nameish = bool(_NAMEISH.search(" ".join(original)))
        case = None
        if len(words) == 1 and original:
            token = next((o for o in original if tx.fold(o) == words[0]), original[0])
            if token != token.lower():
                # acronyms and names match only as written: "IT" is not "it", the
                # configuration tool "Chef" is not a "chef"
                case = (token,)
        phrase = entry.kind == "phrase"
        if phrase:
            generic = False  # our phrase names its skill even when its words are common
        single_blocked = False
        if len(content) == 1:
            single_blocked = (
                generic
                or (
                    len(shared[lang][content[0]]) > MAX_SHARED_SINGLE and not nameish and not phrase
                )
                or len(content[0]) < 2
                or (verbless and not nameish)
            )
        elif verbless and len(content) < 2:
            return
        flags = (
            (_FLAG["generic"] if generic else 0)
            | (_FLAG["single_blocked"] if single_blocked else 0)
            | (_FLAG["nameish"] if nameish else 0)
            | (_FLAG["verbless"] if verbless else 0)
        )
        idx = len(self._rows)
        self._rows.append(
            (
                i,
                entry.skill,
                entry.label,
                lang,
                entry.kind,
                tuple(words),
                tuple(lemmas),
                tuple(stems),
                content,
                flags,
                case,
            )
        )
        if not verbless or len(content) == 1:
            firsts = {words[0], lemmas[0]}
            if len(words) == 1:
                for w in firsts:
                    self._contig[lang][w].append(idx)
            else:
                for w in firsts:
                    for w2 in {words[1], lemmas[1]}:
                        self._contig[lang][(w, w2)].append(idx)
        if len(content) >= 2 and loose:
            rarest = min(content, key=lambda s, lang=lang: (len(shared[lang][s]), s))
            self._loose[lang][rarest].append(idx)

    # ------------------------------------------------------------------ reading a text

    def extract(self, text: str, lang: str | None = None) -> ExtractionResult:
        if not isinstance(text, str):
            raise TypeError("extract expects a str; decode bytes with decode_text first")
        raw = tx.tokenize(text)
        folded = [tx.fold(w) for _s, _e, w in raw]
        if lang not in tx.LANGS:
            lang = tx.detect_language(folded)
        # Dutch coordination ellipsis is read written out ("contract- en relatiebeheer" ->
        # "contractbeheer en relatiebeheer"); matches are mapped back to the original text
        expanded = tx.expand_ellipsis(text) if lang == "nl" else tx.Expanded(text)
        work = expanded.text
        if expanded.starts is not None:
            raw = tx.tokenize(work)
            folded = [tx.fold(w) for _s, _e, w in raw]
        segs = self._segments(work, raw)
        hyph = self._hyphen_groups(work, raw)
        cands: list[_Cand] = []
        for label_lang in (lang, *[x for x in tx.LANGS if x != lang]):
            items = self._items(work, raw, folded, segs, hyph, label_lang, own=label_lang == lang)
            found = self._contiguous(work, items, label_lang, own=label_lang == lang)
            if label_lang == lang:
                found += self._loose_matches(items, label_lang)
            cands += [
                c
                for c in found
                if c.confidence > 0
                and self._hyphen_ok(c, items)
                and not (label_lang == "nl" and _attributive_participle(c, items))
            ]
        accepted = self._resolve(cands)
        if expanded.starts is not None:
            for c in accepted:
                c.start, c.end = expanded.start(c.start), expanded.end(c.end)
        merged = self._merge(text, accepted)
        unmatched = self._unmatched(text, accepted)
        return ExtractionResult(found=merged, unmatched=unmatched, lang=lang)

    @staticmethod
    def _segments(text: str, raw) -> list[int]:
        """Clause number of each token: punctuation, brackets and line breaks start a clause."""
        segs, seg, prev_end = [], 0, None
        for start, _end, _w in raw:
            if prev_end is not None and _CLAUSE_BREAK.search(text, prev_end, start):
                seg += 1
            segs.append(seg)
            prev_end = _end
        return segs

    @staticmethod
    def _hyphen_groups(text: str, raw) -> list[int]:
        """For each token, the number of the hyphenated compound it belongs to ("Chef-kok",
        "HACCP-richtlijnen": tokens joined by a single hyphen, no spaces), or -1."""
        groups = [-1] * len(raw)
        group = -1
        for k in range(1, len(raw)):
            prev_end, start = raw[k - 1][1], raw[k][0]
            if start - prev_end == 1 and text[prev_end] in "-\u2010\u2011":
                if groups[k - 1] < 0:
                    group += 1
                    groups[k - 1] = group
                groups[k] = groups[k - 1]
        return groups

    def _items(self, text, raw, folded, segs, hyph, lang: str, own: bool) -> list[_Item]:
        vs, vl = self.vocab_surface[lang], self.vocab_lemma[lang]
        stop = tx.STOPWORDS[lang]

        vst = self.vocab_stem[lang]

        def known(part: str) -> bool:
            if part in vl or part in vs:
                return True
            lem = tx.lemma(part, lang)
            return lem in vl or (len(part) >= 5 and tx.stem(lem, lang) in vst)

        items: list[_Item] = []
        for (start, end, _w), f, seg, hy in zip(raw, folded, segs, hyph, strict=True):
            lem, st = tx.token_keys(f, lang)
            # a word whose lemma or stem is a label word is read whole ("samenwerking" is
            # not split into "samen" + "werking": its stem is that of "samenwerken")
            if (
                f in vs
                or lem in vl
                or f in stop
                or not f.isalpha()
                or len(f) > tx.MAX_WORD
                or (len(f) >= 5 and st in vst)
            ):
                items.append(_Item(start, end, f, lem, st, seg, hyph=hy))
                continue
            parts = tx.split_compound(f, known) if lang == "nl" and len(f) >= 8 else None
            if parts:
                head, link, tail = parts
                tail_start = start + len(head) + len(link)
                h_lem, h_st = tx.token_keys(head, lang)
                t_lem, t_st = tx.token_keys(tail, lang)
                items.append(
                    _Item(
                        start,
                        start + len(head),
                        head,
                        h_lem,
                        h_st,
                        seg,
                        part=True,
                        hyph=hy,
                        tail=tail,
                    )
                )
                items.append(_Item(tail_start, end, tail, t_lem, t_st, seg, part=True, hyph=hy))
                continue
            if (
                own
                and len(f) >= 5
                and not tx.is_known(f, lang)
                and not any(tx.is_known(f, x) for x in tx.LANGS if x != lang)
            ):
                fixed = self._spelling(f, lang)
                if fixed:
                    items.append(
                        _Item(start, end, f, fixed, tx.stem(fixed, lang), seg, fuzzy=True, hyph=hy)
                    )
                    continue
            cut = self._compound_head(f, known) if lang == "nl" and own else 0
            if cut:
                # a Dutch compound whose first part is no lexicon word: its last part (the
                # head, which carries the meaning) may still meet a label: "dinergerechten"
                h_lem, h_st = tx.token_keys(f[:cut], lang)
                t_lem, t_st = tx.token_keys(f[cut:], lang)
                items.append(
                    _Item(
                        start,
                        start + cut,
                        f[:cut],
                        h_lem,
                        h_st,
                        seg,
                        part=True,
                        hyph=hy,
                        tail=f[cut:],
                    )
                )
                items.append(_Item(start + cut, end, f[cut:], t_lem, t_st, seg, part=True, hyph=hy))
                continue
            items.append(_Item(start, end, f, lem, st, seg, hyph=hy))
        if lang == "nl":
            self._join_separable_verbs(text, items, vl)
        return items

    @staticmethod
    def _join_separable_verbs(text: str, items: list[_Item], vocab_lemma) -> None:
        """Dutch splits a separable verb: in a main clause the particle ends the clause ("je
        stelt offertes op", "je houdt de voorraad bij", "je voert inspecties uit, en ..."),
        in an infinitive "te" comes between them ("om offertes op te stellen"). The verb
        gets the joined lemma ("opstellen") when the lexicon knows it, so the phrase
        "offertes opstellen" meets the sentence. A main-clause particle joins the nearest
        verb before it in its clause (at most `_SEPARABLE_REACH` words back, across a list:
        "je stelt bestekken, offertes en plannen op"); the particle ends the clause at
        punctuation, a comma included, or before a word such as "en" or "om"."""
        n = len(items)
        for k, it in enumerate(items):
            if it.surface not in _PARTICLES or k == 0:
                continue
            if k + 2 < n and items[k + 1].surface == "te" and items[k + 2].seg == it.seg:
                verb = items[k + 2]
                for joined in (tx.lemma(it.surface + verb.surface, "nl"), it.surface + verb.lemma):
                    joined = tx.VARIANTS["nl"].get(joined, joined)
                    if joined in vocab_lemma:
                        verb.lemma = joined
                        verb.stem = tx.stem(joined, "nl")
                        break
                continue
            at_end = (
                k + 1 >= n
                or items[k + 1].seg != it.seg
                or items[k + 1].surface in _CLAUSE_WORDS
                or "," in text[it.end : items[k + 1].start]
            )
            if not at_end:
                continue
            for j in range(k - 1, max(-1, k - 1 - _SEPARABLE_REACH), -1):
                verb = items[j]
                if verb.seg != it.seg:
                    break
                if verb.surface in tx.STOPWORDS["nl"]:
                    continue  # "en" + "op" is no verb "open"
                split = _separable_lemma(it.surface, verb, vocab_lemma)
                if split:
                    verb.lemma = split
                    verb.stem = tx.stem(split, "nl")
                    break

    @staticmethod
    def _compound_head(word: str, known, min_head: int = 5, min_rest: int = 3) -> int:
        """Where the longest lexicon word that ends an unknown Dutch compound starts (0: none)."""
        if (
            len(word) < min_head + min_rest
            or len(word) > tx.MAX_WORD
            or not word.isalpha()
            or tx.is_known(word, "nl")
        ):
            return 0
        for i in range(min_rest, len(word) - min_head + 1):
            if known(word[i:]):
                return i
        return 0

    def _spelling(self, word: str, lang: str) -> str | None:
        block = self._blocks[lang].get(word[:2])
        if not block:
            return None
        choices = [w for w in block if abs(len(w) - len(word)) <= 2]
        if not choices:
            return None
        cutoff = 90 if len(word) <= 6 else 86
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if not best:
            return None
        return tx.lemma(best[0], lang) if best[0] in self.vocab_surface[lang] else best[0]

    # ------------------------------------------------------------------ matching

    def _contiguous(self, text: str, items: list[_Item], lang: str, own: bool) -> list[_Cand]:
        out: list[_Cand] = []
        n = len(items)
        joined = [
            i + 1 < n
            and items[i].seg == items[i + 1].seg
            and (
                _CONTIG_GAP.fullmatch(text, items[i].end, items[i + 1].start) is not None
                or (items[i].part and items[i + 1].part and items[i + 1].start - items[i].end <= 2)
            )
            for i in range(n)
        ]
        index = self._contig[lang]
        stop = tx.STOPWORDS[lang]
        for i, it in enumerate(items):
            keys: list = [it.surface, it.lemma]
            if joined[i]:
                nxt = items[i + 1]
                keys += [(a, b) for a in {it.surface, it.lemma} for b in {nxt.surface, nxt.lemma}]
            seen: set[int] = set()
            for key in keys:
                for idx in index.get(key, ()):
                    if idx in seen:
                        continue
                    seen.add(idx)
                    label = self._lab(idx)
                    size = len(label.surface)
                    if i + size > n or not all(joined[i + k] for k in range(size - 1)):
                        continue
                    window = items[i : i + size]
                    if label.case is not None:
                        written = text[window[0].start : window[0].end]
                        if (written,) == label.case:
                            method = "exact"
                        elif _inflected_name(written, window[0].lemma, label):
                            method = "lemma"
                        else:
                            continue
                    elif tuple(x.surface for x in window) == label.surface:
                        method = "exact"
                    elif tuple(x.lemma for x in window) == label.lemmas:
                        if any(
                            x.surface in stop and w not in stop
                            for x, w in zip(window, label.surface, strict=True)
                        ):
                            continue  # "goed onthaal" is no "goederen ontvangen"
                        method = "fuzzy" if any(x.fuzzy for x in window) else "lemma"
                    else:
                        continue
                    if not own and not self._cross_ok(label, window):
                        continue
                    if label.single_blocked and not self._skill_phrase(items, i + size, label):
                        continue
                    conf = self._confidence(label, method, window, own)
                    out.append(self._cand(label, tuple(range(i, i + size)), method, conf, items))
        return out

    @staticmethod
    def _cross_ok(label: _Label, window: list[_Item]) -> bool:
        if len(label.content) >= 2:
            return True
        return label.nameish and not any(x.fuzzy for x in window)

    def _skill_phrase(self, items: list[_Item], after: int, label: _Label) -> bool:
        """A generic single-word label counts when the text says '<word> skills'."""
        if label.kind != "preferred" or after >= len(items):
            return False
        nxt = items[after]
        same_clause = nxt.seg == items[after - 1].seg
        return same_clause and (nxt.surface in SKILL_NOUNS or nxt.lemma in SKILL_NOUNS)

    def _loose_matches(self, items: list[_Item], lang: str) -> list[_Cand]:
        out: list[_Cand] = []
        by_seg: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        stop = set(tx.STOPWORDS[lang])
        # "je zorgt voor ..." is a function verb, not the noun "zorg" (care)
        skip = {
            i
            for i, it in enumerate(items[:-1])
            if it.surface in _FUNCTION_VERBS and items[i + 1].surface in _FUNCTION_NEXT
        }
        for i, it in enumerate(items):
            if it.surface not in stop and i not in skip:  # "good" is not "goods"
                by_seg[it.seg][it.stem].append(i)  # positions in ascending order
        index = self._loose[lang]
        done: set[tuple[int, int]] = set()
        for i, it in enumerate(items):
            if it.surface in stop or i in skip:
                continue
            for idx in index.get(it.stem, ()):
                if (idx, it.seg) in done:
                    continue
                label = self._lab(idx)
                positions = by_seg[it.seg]
                chosen = [i]
                ok = True
                for s in label.content:
                    if s == it.stem:
                        continue
                    pos = positions.get(s)
                    if not pos:
                        ok = False
                        break
                    chosen.append(_nearest(pos, i))
                if not ok:
                    continue
                done.add((idx, it.seg))
                chosen = sorted(set(chosen))
                if len(chosen) < len(label.content):
                    continue
                # at most LOOSE_GAP other words between them; function words do not count
                # ("geef jij leiding aan een veelzijdig team")
                between = sum(
                    1 for p in range(chosen[0], chosen[-1] + 1) if items[p].surface not in stop
                )
                if between > len(label.content) + LOOSE_GAP:
                    continue
                if (
                    lang == "nl"
                    and between > len(chosen)
                    and not self._in_order(label, items, chosen)
                ):
                    continue
                window = [items[p] for p in chosen]
                method = "fuzzy_loose" if any(x.fuzzy for x in window) else "loose"
                conf = self._confidence(label, method, window, True)
                out.append(self._cand(label, tuple(chosen), method, conf, items))
        return out

    @staticmethod
    def _in_order(label: _Label, items: list[_Item], chosen: list[int]) -> bool:
        """Whether words found apart (other words between them) may be read as the label.

        In the label's order they may; turned around only as Dutch puts a verb first ("je
        behandelt vragen en klachten" for "klachten behandelen"): the text's first word is
        the label's last word, a verb. Anything else turned around is two words that happen
        to stand in one sentence ("Ontwikkeling zoeken we een professionele ..." is no
        "professionele ontwikkeling", "planning en de financiële ..." no "financiële
        planning")."""
        order = [
            label.content.index(items[p].stem) for p in chosen if items[p].stem in label.content
        ]
        if order == sorted(order):
            return True
        return order[0] == len(label.content) - 1 and label.surface[-1].endswith("en")

    @staticmethod
    def _hyphen_ok(c: _Cand, items: list[_Item]) -> bool:
        """A match of only some parts of a hyphenated compound is no evidence, unless the
        other parts say it names a skill ("HACCP-richtlijnen"): "Chef-kok" is a cook."""
        groups = {items[p].hyph for p in c.items if items[p].hyph >= 0}
        if not groups:
            return True
        covered = set(c.items)
        for g in groups:
            # the compound's tokens lie next to each other around the match
            lo = min(p for p in c.items if items[p].hyph == g)
            hi = max(p for p in c.items if items[p].hyph == g)
            while lo > 0 and items[lo - 1].hyph == g:
                lo -= 1
            while hi + 1 < len(items) and items[hi + 1].hyph == g:
                hi += 1
            rest = [items[p] for p in range(lo, hi + 1) if p not in covered]
            if rest and not any(
                x.surface in SKILL_CONTEXT or x.lemma in SKILL_CONTEXT for x in rest
            ):
                return False
        return True

    def _confidence(self, label: _Label, method: str, window: list[_Item], own: bool) -> float:
        if len(window) == 1 and window[0].tail and window[0].tail not in SKILL_CONTEXT:
            # the first part of a compound alone names no skill: a "parkeerplaats" is a
            # place, a "netwerkpartner" a partner; the last part carries the meaning (but
            # "HACCP-kennis", "schoonmaakervaring" name the skill of their first part)
            return 0.0
        conf = BASE[method] - KIND_PENALTY.get(label.kind, 0.04)
        if len(label.content) == 1:
            conf -= 0.08
        if label.verbless:
            conf -= 0.06
        if label.ambiguous:
            conf -= 0.2
        elif len(label.content) >= 3:
            conf += 0.03
        if label.generic:
            conf *= 0.8
        if not own:
            conf -= 0.10
        if any(x.part for x in window):
            conf -= 0.04
        if label.case is not None and len(label.case[0]) <= 2:
            conf -= 0.25  # "AR", "IT", "HR" alone: too often something else ("AR-assistent")
        return round(max(0.0, min(conf, 0.99)), 4)

    @staticmethod
    def _cand(label, positions, method, conf, items) -> _Cand:
        window = [items[p] for p in positions]
        return _Cand(
            label=label,
            items=positions,
            method=method,
            confidence=conf,
            chars=frozenset(x.start for x in window),
            start=min(x.start for x in window),
            end=max(x.end for x in window),
        )

    @staticmethod
    def _resolve(cands: list[_Cand]) -> list[_Cand]:
        """Longest first; an overlapping shorter (or weaker) match of another label loses."""
        cands.sort(key=lambda c: (-len(c.chars), -c.confidence, c.start, str(c.label.skill)))
        accepted: list[_Cand] = []
        taken: dict[int, list[_Cand]] = defaultdict(list)
        for c in cands:
            clash = {id(o): o for ch in c.chars for o in taken.get(ch, ())}
            if clash and _nested_name(c, clash.values()):
                clash = {}
            clash = {k: o for k, o in clash.items() if not _shared_word(c, o)}
            if clash:
                same = all(
                    o.chars == c.chars and abs(o.confidence - c.confidence) < 1e-9
                    for o in clash.values()
                )
                same_skill = any(o.label.skill == c.label.skill for o in clash.values())
                if not same or same_skill:
                    continue
            accepted.append(c)
            for ch in c.chars:
                taken[ch].append(c)
        return accepted

    def _merge(self, text: str, accepted: list[_Cand]) -> tuple[Found, ...]:
        by_skill: dict[int | str, list[_Cand]] = defaultdict(list)
        for c in accepted:
            by_skill[c.label.skill].append(c)
        found = []
        for skill, cs in by_skill.items():
            best = max(cs, key=lambda c: (c.confidence, len(c.chars)))
            spans: dict[tuple[int, int], float] = {}
            for c in cs:
                key = (c.start, c.end)
                spans[key] = max(spans.get(key, 0.0), c.confidence)
            conf = min(0.99, best.confidence + 0.02 * (len(spans) - 1))
            if conf < self.min_confidence:
                continue
            method = {"loose": "lemma", "fuzzy_loose": "fuzzy"}.get(best.method, best.method)
            ordered = sorted(spans)
            found.append(
                Found(
                    skill=skill,
                    confidence=round(conf, 4),
                    evidence=tuple(Span(s, e, text[s:e]) for s, e in ordered),
                    method=method,
                    label=best.label.label,
                    span_confidence=tuple(spans[k] for k in ordered),
                    phrase=best.label.kind == "phrase",
                )
            )
        found.sort(key=lambda f: (-f.confidence, f.evidence[0].start, str(f.skill)))
        return tuple(found)

    def _unmatched(self, text: str, accepted: list[_Cand]) -> tuple[Span, ...]:
        from .phrases import requirement_phrases

        covered = Covered((c.start, c.end) for c in accepted if c.confidence >= self.min_confidence)
        out: list[Span] = []
        for start, end in requirement_phrases(text):
            if covered.overlaps(start, end):
                continue
            if not self.names_something(text[start:end]):
                continue
            out.append(Span(start, end, text[start:end]))
        return tuple(out)

    def names_something(self, phrase: str) -> bool:
        """Whether a phrase has a content word that is not generic (worth showing)."""
        words = [tx.fold(w) for _s, _e, w in tx.tokenize(phrase)]
        content = [
            w
            for w in words
            if w not in tx.STOPWORDS["nl"] and w not in tx.STOPWORDS["en"] and w.isalpha()
        ]
        return bool(content) and not all(w in self.generic for w in content)

    def search_word(self, phrase: str, lang: str = "nl") -> str:
        """The word of a phrase to look a skill up by: its rarest content word that some
        skill's name uses, a noun where there is one (Dutch verbs and participles are left for
        last: "Je boekt inkomende betalingen van klanten" -> "betaling"; inflected adjectives
        come after nouns: "een professionele keuken" -> "keuken"), as a lemma; "" when no word
        of it is in a skill's name. For the unmatched phrases of a vacancy."""
        counts = self.stem_skill_counts(lang)
        best: tuple[int, int, str] | None = None
        after_article = False  # "een (professionele) keuken": a noun, though it ends in -en
        for _s, _e, w in tx.tokenize(phrase):
            f = tx.fold(w)
            noun_next = after_article
            after_article = f in _ARTICLES
            if f in tx.STOPWORDS[lang] or not f.isalpha() or f in self.generic or len(f) < 3:
                continue
            lem, st = tx.token_keys(f, lang)
            # an inflected adjective: "professionele" of "professioneel"
            adjective = lang == "nl" and f != lem and f.endswith("e") and not lem.endswith("e")
            after_article = noun_next and adjective
            n = counts.get(st, 0)
            if not n:
                continue
            # a present participle, a conjugated verb or an infinitive
            verbish = (
                lang == "nl"
                and not noun_next
                and (
                    f.endswith(("ende", "end"))
                    or (lem.endswith("en") and not f.endswith("en"))
                    or (f == lem and f.endswith("en"))
                )
            )
            kind = 2 if verbish else 1 if adjective else 0
            # the shorter where one begins the other ("aanmaningen" -> "aanmaning",
            # "stress" not "stressen"): a search finds names that contain it
            word = min(lem, f, key=len) if lem.startswith(f) or f.startswith(lem) else lem
            if best is None or (kind, n) < best[:2]:
                best = (kind, n, word)
        return best[2] if best else ""


# Dutch words after which (and after inflected adjectives) comes a noun: "een keuken" is no
# verb although it ends in -en like one. Not "het" and "dit": "het opstellen van rapporten"
# is a verb made noun, and the report is the better search.
_ARTICLES = frozenset(["de", "een", "onze", "uw", "hun", "deze", "elke", "iedere", "geen", "jouw"])


def _nearest(positions: list[int], i: int) -> int:
    """The position in a sorted list closest to i (the lower one on a tie)."""
    k = bisect.bisect_left(positions, i)
    if k == 0:
        return positions[0]
    if k == len(positions):
        return positions[-1]
    before, after = positions[k - 1], positions[k]
    return before if i - before <= after - i else after


class Covered:
    """Character ranges, to ask in O(log n) whether a range overlaps any of them."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(ranges):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._starts = [s for s, _e in merged]
        self._ends = [e for _s, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self._starts, end)  # ranges starting before `end`
        return k > 0 and self._ends[k - 1] > start
