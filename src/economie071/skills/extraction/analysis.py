"""A vacancy text -> the occupation it is for and its skills, ranked by evidence.

    analyser = VacancyAnalyser(index)                 # index: ExtractionIndex
    result = analyser.analyse(text, title="Kok", occupation=None)
    result.occupations    # the best 3 occupations with their evidence
    result.proposals      # skills, best first: what the employer sees, in that order
    result.unmatched      # requirement phrases that matched no skill

How it works
------------
1. **Sections** (sections.py): the text is cut into blocks, each with a kind and a weight:
   tasks and requirements count fully, the introduction less, sentences about the company,
   the sector or trends and the offer hardly at all. The title is no skill evidence.
2. **Skills in the text** (extractor.py): the lexicon (the imported labels plus our own
   Dutch phrases) is matched; every evidence span is weighed with its block's weight. Spans
   inside an occupation name written in the text ("Als kok ...", "Chef-kok") are dropped: a
   job title is not a skill. A skill's text evidence is its best weighed span (+0.02 per
   further span).
3. **Occupation first** (occupations.py): the title, the occupation names in the text and the
   skills found give the best 3 occupations. The employer confirms one; until then the best
   one is used, and a close second adds its profile at half weight.
4. **Candidates**: the skills found in the text, plus the essential and optional skills of
   the occupation(s).
5. **Ranking by evidence**, in tiers (a skill in a higher tier always comes first):
   - *asked*: text evidence of at least `explicit` (a phrase of the skill in a task or
     requirement): ordered by that evidence, plus a bonus when the occupation's profile has
     the skill (essential more than optional);
   - *likely*: skills of the occupation's profile with indirect evidence: a skill one ESCO
     step away (broader, narrower, related) was found, or words of the skill's names occur
     in the tasks and requirements (the occupation makes a generic word specific:
     "onderhoud" in a maintenance job), or weaker text evidence (an introduction sentence);
   - *profile*: the rest of the profile, essential before optional, ordered by how many
     occupations need the skill (general skills before rare ones);
   - text matches too weak for the first tier and not in the profile come last; when the
     occupation was only guessed (detected with a low score, not confirmed), the profile
     tier comes after them: a guessed profile is no better evidence than a weak match,
     and the profiles of the occupations that best explain the skills found join it
     (`guess_pool`), so the profile skills that several of them share come first.
   Each proposal says where it comes from: `text`, `occupation` or `both`, with its evidence
   spans, and a confidence (0..1) for display.
6. **Unmatched**: requirement phrases that matched no skill: the extractor's cue phrases
   ("kennis van X", bullet lines) and every clause of the task and requirement sections
   whose content words no match covers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import sections as sx
from . import text as tx
from .extractor import Covered
from .occupations import OccupationMatch
from .types import ExtractionResult, Found, Span

MAX_TEXT_CHARS = 20_000  # a vacancy text is refused beyond this (a clear error, not a hang)
MAX_TITLE_CHARS = 300

TEXT, OCCUPATION, BOTH = "text", "occupation", "both"
# A proposal's confidence is at least this exactly when the text asks for the skill (tier
# "asked"); the other tiers' confidences are capped below it (likely 0.49, weak 0.45,
# profile at most 0.35), so a stored proposal says by its confidence alone which it was.
ASKED_CONFIDENCE = 0.5
ESSENTIAL, OPTIONAL = "essential", "optional"


class TextTooLongError(ValueError):
    """The vacancy text (or title) is longer than the extractor reads."""

    def __init__(self, length: int, limit: int = MAX_TEXT_CHARS):
        super().__init__(f"the text has {length} characters; at most {limit} are read")
        self.length = length
        self.limit = limit


@dataclass(frozen=True)
class Params:
    """The ranking's knobs (tuned on the tuning set of real vacancies only)."""

    explicit: float = 0.5  # text evidence from which a skill counts as asked for
    # the same for a skill outside the occupation's profile: a little more is asked of it (on
    # the tuning texts 0.6 keeps every skill both labellers gave, and fewer of the 15 are
    # clearly wrong; see the benchmark's trade-off lines)
    explicit_outside: float = 0.6
    weak_text: float = 0.25  # weaker text evidence still makes a profile skill "likely"
    essential_bonus: float = 0.12  # asked and essential in the occupation
    optional_bonus: float = 0.06  # asked and optional in the occupation
    second_occupation: float = 0.5  # weight of a close second occupation's profile
    second_within: float = 0.5  # "close": its score at least this share of the best
    related: float = 0.5  # evidence passed on to a profile skill one ESCO step away
    words: float = 0.6  # weight of the share of a profile skill's words found
    min_words_share: float = 0.5  # below this share of its words, no word evidence
    optional_prior: float = 0.5  # an optional profile skill's prior (essential: 1)
    # below this occupation score (title 2x its share of a name, mentions, skills) the
    # detected occupation is a guess: its profile skills without any evidence in the text
    # come after the text's own weaker matches instead of before them
    sure_occupation: float = 1.0
    sure_title: float = 0.75  # ... or a title that names only part of the occupation name
    sure_skills: float = 0.15  # and few of the text's skills in its profile
    # a guessed occupation's profile is joined by those of the occupations that best explain
    # the skills found (the best `guess_pool`, weighed up to `guess_weight`)
    guess_pool: int = 5
    guess_weight: float = 0.5


@dataclass(frozen=True)
class Proposal:
    skill: int | str
    rank: int  # 1 = first
    confidence: float  # 0..1, for display
    source: str  # "text" | "occupation" | "both"
    relation: str = ""  # in the occupation's profile: "essential" | "optional" | ""
    tier: str = ""  # "asked" | "likely" | "profile" | "weak"
    evidence: tuple[Span, ...] = ()  # where the text names it (weighed spans only)
    method: str = ""  # "exact" | "lemma" | "fuzzy" | "related" | "words" | ""
    via: int | str | None = None  # the related skill found in the text ("related")
    phrase: bool = False  # found through our own phrases ("eigen vertaling")
    text_evidence: float = 0.0  # the weighed text evidence (0..1)


@dataclass(frozen=True)
class Analysis:
    lang: str
    occupations: tuple[OccupationMatch, ...]  # the best 3 proposals, best first
    occupation: int | str | None  # the occupation whose profile was used first
    confirmed: bool  # whether that occupation was confirmed by the employer
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Span, ...]
    extraction: ExtractionResult | None = field(repr=False, default=None)


_CLAUSE = re.compile(r"[;:•·▪|]|,\s|\s(?:en|of|and|or|en/of)\s|\s[-–—]\s")
_LEAD_FLUFF = re.compile(
    r"^(?:(?:je|jij|u|we|wij|you|hij|zij)\s+)?(?:(?:bent|hebt|heeft|kunt|kan|wil|zal|gaat|"
    r"beschikt|beschik|staat|werkt|zorgt|draagt|neemt|hebben|zijn|are|have|will|can)\s+)?"
    r"(?:(?:in\s+het\s+bezit\s+van|over|in\s+voor|voor|mee|aan|bij|om|te|de|het|een|ook|"
    r"graag|goed|goede|zeer|erg|verder|daarnaast|tevens|onder\s+andere|o\.a\.)\s+)*",
    re.IGNORECASE,
)
MAX_UNMATCHED_WORDS = 12
MAX_UNMATCHED = 40


class VacancyAnalyser:
    def __init__(self, index, params: Params | None = None):
        self.index = index
        self.params = params or Params()

    # ------------------------------------------------------------------ public

    def analyse(
        self,
        text: str,
        *,
        title: str = "",
        lang: str | None = None,
        occupation: int | str | None = None,
        mode: str = "combined",
        limit_occupations: int = 3,
    ) -> Analysis:
        """Read a vacancy. `occupation`: the occupation the employer confirmed (its profile is
        used instead of the detected one). `mode`: "combined" (default), "text" (no
        occupation at all) or "occupation" (the profile only, ordered without the text)."""
        if not isinstance(text, str) or not isinstance(title, str):
            raise TypeError("analyse expects str text and title")
        if len(text) > MAX_TEXT_CHARS:
            raise TextTooLongError(len(text))
        if len(title) > MAX_TITLE_CHARS:
            raise TextTooLongError(len(title), MAX_TITLE_CHARS)
        p = self.params
        blocks = sx.read_sections(text)
        smap = sx.SectionMap(blocks)
        result = self.index.extractor.extract(text, lang)
        occ_index = self.index.occupations
        mentioned = occ_index.mentions(text) if mode != "occupation" else {}
        mention_spans = Covered(
            (sp.start, sp.end) for spans in mentioned.values() for sp, _l in spans
        )
        found: dict = {}
        for f in result.found:
            weighed = self._weigh(f, smap, mention_spans)
            if weighed:
                found[f.skill] = weighed
        self._drop_nested(found)
        evidence = {s: ev for s, (ev, _spans, _f) in found.items()}
        matches: list[OccupationMatch] = []
        if mode != "text":
            matches = occ_index.match(
                title=title,
                text=text,
                evidence=evidence,
                limit=limit_occupations,
                mentioned=mentioned,
            )
        prior: dict = {}
        relation: dict = {}
        used = None
        guess = False  # the occupation was detected, and only weakly
        if mode != "text":
            weights = []
            if occupation is not None:
                weights = [(occupation, 1.0)]
            elif matches:
                top = matches[0]
                guess = top.score < p.sure_occupation or (
                    top.title < p.sure_title and top.skills < p.sure_skills
                )
                best = matches[0]
                weights = [(best.occupation, 1.0)]
                for m in matches[1:]:
                    if m.score >= p.second_within * best.score:
                        weights.append((m.occupation, p.second_occupation * m.score / best.score))
                if guess and p.guess_pool:
                    # a guessed occupation is one opinion among several: the occupations whose
                    # profiles best explain the skills found add theirs, so that the profile
                    # skills they share come first ("Groene makelaar" is no commodity broker)
                    by_skills = occ_index.skill_scores(evidence)
                    pool = sorted(by_skills, key=lambda o: (-by_skills[o][0], str(o)))
                    pool = pool[: p.guess_pool]
                    top_s = by_skills[pool[0]][0] if pool else 0.0
                    have = {o for o, _w in weights}
                    for o in pool:
                        if o not in have and top_s > 0:
                            weights.append((o, p.guess_weight * by_skills[o][0] / top_s))
            used = weights[0][0] if weights else None
            total = sum(w for _o, w in weights) or 1.0
            for occ, w in weights:
                ess, opt = occ_index.profiles.get(occ, ((), ()))
                for kind, skills, value in (
                    (ESSENTIAL, ess, w),
                    (OPTIONAL, opt, w * p.optional_prior),
                ):
                    for s in skills:
                        prior[s] = prior.get(s, 0.0) + value
                        if occ == used and relation.get(s) != ESSENTIAL:
                            relation[s] = kind
            # a skill several likely occupations share is the safest bet: the prior is the
            # weighed share of the candidate occupations that have it (at most 1)
            prior = {s: min(1.0, v / total) for s, v in prior.items()}
        if mode == "occupation":
            proposals = self._profile_only(prior, relation)
        else:
            proposals = self._rank(text, result.lang, smap, found, prior, relation, mode, guess)
        unmatched = self._unmatched(text, result, blocks)
        return Analysis(
            lang=result.lang,
            occupations=tuple(matches),
            occupation=used,
            confirmed=occupation is not None,
            proposals=tuple(proposals),
            unmatched=unmatched,
            extraction=result,
        )

    # ------------------------------------------------------------------ evidence

    @staticmethod
    def _weigh(f: Found, smap: sx.SectionMap, mentions: Covered):
        """(text evidence, weighed spans, found) of a skill, or None when nothing counts."""
        confs = f.span_confidence or (f.confidence,) * len(f.evidence)
        spans = []
        for span, conf in zip(f.evidence, confs, strict=False):
            if mentions.overlaps(span.start, span.end) and _inside(mentions, span):
                continue  # part of a job title written in the text
            w = conf * smap.weight_at(span.start)
            if w > 0:
                spans.append((w, span))
        if not spans:
            return None
        spans.sort(key=lambda x: (-x[0], x[1].start))
        best = spans[0][0]
        extra = sum(1 for w, _s in spans[1:] if w >= 0.3)
        ev = min(0.99, best + 0.02 * extra)
        return ev, tuple(s for _w, s in sorted(spans, key=lambda x: x[1].start)), f

    def _drop_nested(self, found: dict) -> None:
        """A general skill whose every evidence span lies inside the evidence of a more
        specific skill one ESCO step away says nothing more: "Nederlands" in "Nederlands
        mondeling" is speaking Dutch, not also the Dutch language as a subject. (The more
        general of two related skills is the one with more ESCO relations: "SQL" in "SQL
        queries" stays beside "query languages".)"""
        relations = self.index.relations
        spans = {s: [(sp.start, sp.end) for sp in v[1]] for s, v in found.items()}
        for s in list(found):
            wide = len(relations.get(s, ()))
            near = [
                t for t in relations.get(s, ()) if t in found and len(relations.get(t, ())) < wide
            ]
            if near and all(
                any(
                    a <= start and end <= b and (a, b) != (start, end)
                    for t in near
                    for a, b in spans[t]
                )
                for start, end in spans[s]
            ):
                del found[s]

    def _word_evidence(self, lang: str, text: str, smap: sx.SectionMap, skills) -> dict:
        """{skill: share of its names' words found in the tasks and requirements} for profile
        skills without a match: the occupation makes generic words specific."""
        ex = self.index.extractor
        weights: dict[str, float] = {}
        for start, _end, w in tx.tokenize(text):
            f = tx.fold(w)
            if f in tx.STOPWORDS[lang] or not f.isalpha() or len(f) < 3 or len(f) > tx.MAX_WORD:
                continue
            weight = smap.weight_at(start)
            if weight < 0.5:
                continue
            key = tx.stem(tx.lemma(f, lang), lang)
            weights[key] = max(weights.get(key, 0.0), weight)
        if not weights:
            return {}
        out = {}
        df = ex.stem_skill_counts(lang)
        for s in skills:
            best = 0.0
            for content in ex.skill_contents(s, lang):
                idf = [1.0 / (1.0 + 0.1 * df.get(c, 0)) for c in content]
                total = sum(idf)
                have = sum(i * weights.get(c, 0.0) for c, i in zip(content, idf, strict=True))
                if total > 0:
                    best = max(best, have / total)
            if best >= self.params.min_words_share:
                out[s] = best
        return out

    # ------------------------------------------------------------------ ranking

    def _rank(self, text, lang, smap, found, prior, relation, mode, guess=False) -> list[Proposal]:
        p = self.params
        asked = {
            s
            for s, (ev, _sp, _f) in found.items()
            if ev >= (p.explicit if s in prior or not prior else p.explicit_outside)
        }
        # indirect evidence for profile skills: a skill one ESCO step away was asked for
        related: dict = {}
        for s in prior:
            if s in asked:
                continue
            for n in self.index.relations.get(s, ()):
                if n in asked:
                    v = p.related * found[n][0]
                    if v > related.get(s, (0.0, None))[0]:
                        related[s] = (v, n)
        unmentioned = [s for s in prior if s not in found]
        words = self._word_evidence(lang, text, smap, unmentioned) if prior else {}
        counts = self.index.occupations.of_skill
        rows: list[tuple] = []
        for s in set(found) | set(prior):
            pr = prior.get(s, 0.0)
            rel = relation.get(s, "")
            ev, spans, f = found.get(s, (0.0, (), None))
            method = f.method if f else ""
            phrase = bool(f and f.phrase)
            via = None
            if s in asked:
                bonus = 0.0
                if pr:
                    bonus = p.essential_bonus if rel == ESSENTIAL else p.optional_bonus
                tier, order, score = "asked", 0, ev + bonus
                conf = max(ASKED_CONFIDENCE, min(0.99, score))
                source = BOTH if pr else TEXT
            elif pr:
                r, r_via = related.get(s, (0.0, None))
                w = p.words * words.get(s, 0.0)
                t = ev if ev >= p.weak_text else 0.0
                indirect = max(w, t)
                if indirect > 0:
                    tier, order = "likely", 1
                    score = pr * (0.5 + indirect) + 0.1 * r
                    conf = min(0.49, 0.2 + 0.4 * indirect * pr)
                    if indirect == t:
                        source, method = BOTH, method or "lemma"
                    else:
                        source, method, spans = OCCUPATION, "words", ()
                else:
                    # a related skill asked for (broader, narrower, related) orders the rest
                    # of the profile a little; measured, it is weak evidence on its own
                    tier, order = "profile", 4 if guess else 2
                    score = pr + r + 0.0001 * len(counts.get(s, ()))  # then common skills
                    conf = 0.15 + 0.15 * pr + 0.1 * r
                    source, spans = OCCUPATION, ()
                    method, via = ("related", r_via) if r else ("", None)
            else:
                tier, order, score = "weak", 3, ev
                conf = min(0.45, ev)
                source = TEXT
            rows.append(
                (
                    order,
                    -score,
                    str(s),
                    dict(
                        skill=s,
                        confidence=round(conf, 3),
                        source=source,
                        relation=rel,
                        tier=tier,
                        evidence=spans,
                        method=method,
                        via=via,
                        phrase=phrase,
                        text_evidence=round(ev, 3),
                    ),
                )
            )
        rows.sort(key=lambda r: r[:3])
        return [Proposal(rank=i, **r[3]) for i, r in enumerate(rows, 1)]

    def _profile_only(self, prior, relation) -> list[Proposal]:
        """The occupation-only baseline: essential, then optional; common skills first."""
        counts = self.index.occupations.of_skill
        rows = sorted(prior, key=lambda s: (-prior[s], -len(counts.get(s, ())), str(s)))
        return [
            Proposal(
                skill=s,
                rank=i,
                confidence=round(0.15 + 0.15 * prior[s], 3),
                source=OCCUPATION,
                relation=relation.get(s, ""),
                tier="profile",
            )
            for i, s in enumerate(rows, 1)
        ]

    # ------------------------------------------------------------------ unmatched

    def _unmatched(self, text: str, result: ExtractionResult, blocks) -> tuple[Span, ...]:
        """The extractor's cue phrases, plus every clause of a task or requirement block that
        no match touches and that names something (not only generic or function words)."""
        covered = Covered((s.start, s.end) for f in result.found for s in f.evidence)
        out: dict[tuple[int, int], Span] = {(s.start, s.end): s for s in result.unmatched}
        have = Covered(out)
        ex = self.index.extractor
        for b in blocks:
            if b.heading or b.kind not in (sx.TASKS, sx.REQUIREMENTS):
                continue
            for start, end in _clauses(text, b.start, b.end):
                if covered.overlaps(start, end) or have.overlaps(start, end):
                    continue
                phrase = text[start:end]
                if len(phrase.split()) > MAX_UNMATCHED_WORDS or not ex.names_something(phrase):
                    continue
                out[(start, end)] = Span(start, end, phrase)
            if len(out) >= MAX_UNMATCHED:
                break
        return tuple(sorted(out.values(), key=lambda s: s.start))[:MAX_UNMATCHED]


def _inside(covered: Covered, span: Span) -> bool:
    """Whether the span lies within one covered range (a job title written in the text)."""
    import bisect

    k = bisect.bisect_right(covered._starts, span.start) - 1  # noqa: SLF001
    return k >= 0 and covered._ends[k] >= span.end  # noqa: SLF001


def _clauses(text: str, start: int, end: int):
    """Clauses of a block: cut at ; : , and "en"/"of"; leading bullets and fluff removed."""
    at = start
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(text, start, end)]
    cuts.append((end, end))
    for cut_start, cut_end in cuts:
        a, b = at, cut_start
        at = cut_end
        while a < b and (text[a].isspace() or text[a] in "-*•·▪–►✓()[]\"'"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:!?()[]\"'"):
            b -= 1
        if b <= a:
            continue
        m = _LEAD_FLUFF.match(text, a, b)
        if m and m.end() > a:
            a = m.end()
        if b - a >= 3:
            yield a, b


def group_by_source(proposals) -> dict[str, list[Proposal]]:
    out: dict[str, list[Proposal]] = defaultdict(list)
    for p in proposals:
        out[p.source].append(p)
    return out
