"""Find skills of a lexicon in a vacancy text (Dutch or English).

How a text is read
------------------
1. Tokens (letters/digits; hyphens and slashes separate tokens), folded (lower case, no
   accents, same length so offsets stay those of the original text), lemmatised with
   simplemma in both languages, plus a light stem of each lemma.
2. Dutch compounds that are not lexicon words are split when both parts are
   ("kwaliteitscontrole" -> "kwaliteit" + "controle"), so they meet labels written apart;
   an unknown compound whose last part (its head) is a lexicon word of 5+ letters is split
   there ("dinergerechten" -> "diner" + "gerechten").
3. Words of the text's language that are not lexicon words and not known words of the
   language are corrected to a lexicon word when rapidfuzz finds one with the same first
   two letters, about the same length and a high similarity (spelling variants).
4. Labels are matched three ways: `exact` (the folded words in order), `lemma` (lemmas in
   order, or - with a lower confidence - all content words' stems in any order close together
   in one clause: "food preparation" meets "prepare food") and `fuzzy` (as lemma, but with a
   corrected word). Labels of the other language match only in order (no loose matching),
   single-word ones only when they are names or acronyms ("Python", "HACCP"). Names match
   as written, or inflected with the same capital ("Nederlandse" for "Nederlands"); stop
   words of the text are never the content words of an any-order match ("good" is not
   "goods"). Curated phrases (kind "phrase", see phrase_lexicon.py) are matched like labels;
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

Confidence: exact 0.95, lemma in order 0.88, lemma any order 0.74, fuzzy 0.68 (0.62 in any
order); alt label or phrase -0.02, hidden label -0.04; one content word -0.08, three or more +0.03;
only generic words x0.8; label of the other language -0.10; part of a compound -0.04.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text as tx
from .generic import DEFAULT_GENERIC_TERMS, SKILL_NOUNS
from .types import ExtractionResult, Found, LexiconEntry, Span

_PAREN = re.compile(r"\s*\([^)]*\)")
_CONTIG_GAP = re.compile(r"[ \t\-'’]*")
_CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\n•·▪|/]|\s[-–—]\s")  # commas do not break
_NAMEISH = re.compile(r"[A-Z0-9+#]")

BASE = {"exact": 0.95, "lemma": 0.88, "loose": 0.74, "fuzzy": 0.68, "fuzzy_loose": 0.62}
KIND_PENALTY = {"preferred": 0.0, "alt": 0.02, "hidden": 0.04, "phrase": 0.02}
MAX_SHARED_SINGLE = 12  # a single-word label whose stem is in more skills' labels is generic
DEFAULT_MIN_CONFIDENCE = 0.55


GENERIC_VERBS = {
    "en": (("carry", "out"), ("make", "use", "of"), ("use",), ("apply",), ("perform",),
           ("execute",), ("conduct",), ("undertake",), ("provide",), ("ensure",), ("do",),
           ("have",), ("show",), ("demonstrate",), ("utilise",), ("utilize",), ("employ",)),
    "nl": (),  # Dutch labels put the verb last ("wondverzorging uitvoeren"); see below
}
GENERIC_VERBS_NL_FINAL = ("toepassen", "gebruiken", "uitvoeren", "verrichten", "tonen",
                          "hanteren", "verlenen", "bieden")


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


@dataclass(slots=True)
class _Cand:
    label: _Label
    items: tuple[int, ...]  # indices into the language's item list
    method: str
    confidence: float
    chars: frozenset[int]  # the starts of the matched items (overlap test)
    start: int
    end: int


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
        self.entries = list(entries)
        self.labels: list[_Label] = []
        self.vocab_surface: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        self.vocab_lemma: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        self.vocab_stem: dict[str, set[str]] = {lang: set() for lang in tx.LANGS}
        # indices per language: first word -> labels (in order), rarest content stem -> labels
        # (any order), first two letters -> vocabulary words (spelling correction)
        self._contig: dict = {lang: defaultdict(list) for lang in tx.LANGS}
        self._loose: dict = {lang: defaultdict(list) for lang in tx.LANGS}
        self._blocks: dict = {lang: defaultdict(list) for lang in tx.LANGS}
        self._build()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        raw: list[tuple[int, LexiconEntry, list[str]]] = []
        for i, entry in enumerate(self.entries):
            if entry.lang not in tx.LANGS or not entry.label:
                continue
            variants = {entry.label}
            stripped = _PAREN.sub("", entry.label).strip()
            if stripped and stripped != entry.label:
                variants.add(stripped)
            for variant in variants:
                words = [tx.fold(w) for _s, _e, w in tx.tokenize(variant)]
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
            prepared.append((i, entry, tuple(words), lemmas, stems))
        # Dutch compounds in labels: also index the label with the compound split
        extra = []
        nl_vocab = self.vocab_lemma["nl"]
        for i, entry, _words, lemmas, _stems in prepared:
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
        # a label shared by several skills does not identify one: when it is the preferred
        # label of one of them, only that skill keeps it; otherwise it is marked ambiguous
        # Curated phrases (kind "phrase") own their words the same way, before alt and hidden
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
        for i, entry, words, lemmas, stems in prepared + extra:
            key = (entry.lang, words)
            owners = preferred_of.get(key) or phrase_of.get(key)
            if owners and entry.skill not in owners:
                continue
            if not owners and len(label_skills.get(key, ())) > 1:
                continue  # names several skills and none in particular: left unmatched
            ambiguous = False
            self._add(i, entry, words, lemmas, stems, shared, ambiguous=ambiguous)
            # ESCO skills are verb phrases; ads often name only the object: "wound care" for
            # "carry out wound care". A generic leading verb may be left out.
            lead = _leading_generic_verb(words, entry.lang)
            rest = slice(lead, None) if lead else None
            if entry.lang == "nl" and len(words) > 1 and words[-1] in GENERIC_VERBS_NL_FINAL:
                rest = slice(0, -1)
            if rest is not None:
                self._add(i, entry, words[rest], lemmas[rest], stems[rest], shared,
                          ambiguous=ambiguous, verbless=True)
        for lang in tx.LANGS:
            for w in self.vocab_lemma[lang] | self.vocab_surface[lang]:
                if len(w) >= 5 and w.isalpha():
                    self._blocks[lang][w[:2]].append(w)
            self._contig[lang] = dict(self._contig[lang])
            self._loose[lang] = dict(self._loose[lang])
            self._blocks[lang] = dict(self._blocks[lang])

    def _add(self, i, entry, words, lemmas, stems, shared, *, ambiguous=False, verbless=False):
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
            generic = False  # a curated phrase names its skill even when its words are common
        single_blocked = False
        if len(content) == 1:
            single_blocked = (
                generic
                or ambiguous
                or (
                    len(shared[lang][content[0]]) > MAX_SHARED_SINGLE
                    and not nameish
                    and not phrase
                )
                or len(content[0]) < 2
                or (verbless and not nameish)
            )
        elif verbless and len(content) < 2:
            return
        label = _Label(
            entry=i, skill=entry.skill, label=entry.label, lang=lang, kind=entry.kind,
            surface=words, lemmas=lemmas, stems=stems, content=content, generic=generic,
            single_blocked=single_blocked, nameish=nameish, case=case, verbless=verbless,
            ambiguous=ambiguous,
        )
        idx = len(self.labels)
        self.labels.append(label)
        if not verbless or len(content) == 1:
            self._contig[lang][words[0]].append(idx)
            if lemmas[0] != words[0]:
                self._contig[lang][lemmas[0]].append(idx)
        if len(content) >= 2:
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
        segs = self._segments(text, raw)
        cands: list[_Cand] = []
        for label_lang in (lang, *[x for x in tx.LANGS if x != lang]):
            items = self._items(text, raw, folded, segs, label_lang, own=label_lang == lang)
            cands += self._contiguous(text, items, label_lang, own=label_lang == lang)
            if label_lang == lang:
                cands += self._loose_matches(items, label_lang)
        accepted = self._resolve(cands)
        found = self._merge(text, accepted)
        unmatched = self._unmatched(text, accepted)
        return ExtractionResult(found=found, unmatched=unmatched, lang=lang)

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

    def _items(self, text, raw, folded, segs, lang: str, own: bool) -> list[_Item]:
        vs, vl = self.vocab_surface[lang], self.vocab_lemma[lang]
        stop = tx.STOPWORDS[lang]

        vst = self.vocab_stem[lang]

        def known(part: str) -> bool:
            if part in vl or part in vs:
                return True
            lem = tx.lemma(part, lang)
            return lem in vl or (len(part) >= 5 and tx.stem(lem, lang) in vst)

        items: list[_Item] = []
        for (start, end, _w), f, seg in zip(raw, folded, segs, strict=True):
            lem, st = tx.token_keys(f, lang)
            if f in vs or lem in vl or f in stop or not f.isalpha():
                items.append(_Item(start, end, f, lem, st, seg))
                continue
            parts = tx.split_compound(f, known) if lang == "nl" and len(f) >= 8 else None
            if parts:
                head, link, tail = parts
                tail_start = start + len(head) + len(link)
                h_lem, h_st = tx.token_keys(head, lang)
                t_lem, t_st = tx.token_keys(tail, lang)
                items.append(_Item(start, start + len(head), head, h_lem, h_st, seg, part=True))
                items.append(_Item(tail_start, end, tail, t_lem, t_st, seg, part=True))
                continue
            if own and len(f) >= 5 and not tx.is_known(f, lang):
                fixed = self._spelling(f, lang)
                if fixed:
                    items.append(_Item(start, end, f, fixed, tx.stem(fixed, lang), seg, fuzzy=True))
                    continue
            cut = self._compound_head(f, known) if lang == "nl" and own else 0
            if cut:
                # a Dutch compound whose first part is no lexicon word: its last part (the
                # head, which carries the meaning) may still meet a label: "dinergerechten"
                h_lem, h_st = tx.token_keys(f[:cut], lang)
                t_lem, t_st = tx.token_keys(f[cut:], lang)
                items.append(_Item(start, start + cut, f[:cut], h_lem, h_st, seg, part=True))
                items.append(_Item(start + cut, end, f[cut:], t_lem, t_st, seg, part=True))
                continue
            items.append(_Item(start, end, f, lem, st, seg))
        return items

    @staticmethod
    def _compound_head(word: str, known, min_head: int = 5, min_rest: int = 3) -> int:
        """Where the longest lexicon word that ends an unknown Dutch compound starts (0: none)."""
        if len(word) < min_head + min_rest or not word.isalpha() or tx.is_known(word, "nl"):
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
        for i, it in enumerate(items):
            seen: set[int] = set()
            for key in (it.surface, it.lemma):
                for idx in index.get(key, ()):
                    if idx in seen:
                        continue
                    seen.add(idx)
                    label = self.labels[idx]
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
        stop = tx.STOPWORDS[lang]
        for i, it in enumerate(items):
            if it.surface not in stop:  # "good" is not the content word "goods"
                by_seg[it.seg][it.stem].append(i)
        index = self._loose[lang]
        done: set[tuple[int, int]] = set()
        for i, it in enumerate(items):
            if it.surface in stop:
                continue
            for idx in index.get(it.stem, ()):
                label = self.labels[idx]
                if (idx, it.seg) in done:
                    continue
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
                    chosen.append(min(pos, key=lambda p: abs(p - i)))
                if not ok:
                    continue
                done.add((idx, it.seg))
                chosen = sorted(set(chosen))
                if len(chosen) < len(label.content):
                    continue
                if chosen[-1] - chosen[0] + 1 > len(label.content) + 3:
                    continue
                window = [items[p] for p in chosen]
                method = "fuzzy_loose" if any(x.fuzzy for x in window) else "loose"
                conf = self._confidence(label, method, window, True)
                out.append(self._cand(label, tuple(chosen), method, conf, items))
        return out

    def _confidence(self, label: _Label, method: str, window: list[_Item], own: bool) -> float:
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
        return round(max(0.0, min(conf, 0.99)), 4)

    @staticmethod
    def _cand(label, positions, method, conf, items) -> _Cand:
        window = [items[p] for p in positions]
        return _Cand(
            label=label, items=positions, method=method, confidence=conf,
            chars=frozenset(x.start for x in window),
            start=min(x.start for x in window), end=max(x.end for x in window),
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
        by_skill: dict[object, list[_Cand]] = defaultdict(list)
        for c in accepted:
            by_skill[c.label.skill].append(c)
        found = []
        for skill, cs in by_skill.items():
            best = max(cs, key=lambda c: (c.confidence, len(c.chars)))
            spans = sorted({(c.start, c.end) for c in cs})
            conf = min(0.99, best.confidence + 0.02 * (len(spans) - 1))
            if conf < self.min_confidence:
                continue
            method = {"loose": "lemma", "fuzzy_loose": "fuzzy"}.get(best.method, best.method)
            found.append(
                Found(
                    skill=skill,
                    confidence=round(conf, 4),
                    evidence=tuple(Span(s, e, text[s:e]) for s, e in spans),
                    method=method,
                    label=best.label.label,
                )
            )
        found.sort(key=lambda f: (-f.confidence, f.evidence[0].start, str(f.skill)))
        return tuple(found)

    def _unmatched(self, text: str, accepted: list[_Cand]) -> tuple[Span, ...]:
        from .phrases import requirement_phrases

        covered = [(c.start, c.end) for c in accepted if c.confidence >= self.min_confidence]
        out: list[Span] = []
        for start, end in requirement_phrases(text):
            if any(s < end and start < e for s, e in covered):
                continue
            words = [tx.fold(w) for _s, _e, w in tx.tokenize(text[start:end])]
            content = [
                w for w in words
                if w not in tx.STOPWORDS["nl"] and w not in tx.STOPWORDS["en"] and w.isalpha()
            ]
            if not content or all(w in self.generic for w in content):
                continue
            out.append(Span(start, end, text[start:end]))
        return tuple(out)
