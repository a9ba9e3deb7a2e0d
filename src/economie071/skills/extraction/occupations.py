"""Which occupation a vacancy is for: from its title, the occupations it names, its skills.

ESCO has Dutch and English names for every occupation, with alternative names, male and
female forms ("kinderverzorger", "kinderverzorgster") and Flemish variants. A vacancy is
matched three ways:

1. **Title.** The title's words (folded, lemmatised in both languages; a Dutch compound that
   is no occupation word is also split: "groendienst" -> "groen" + "dienst") are compared with
   every occupation name as a bag of words, each word weighed by how rare it is among the
   names (idf: "medewerker" weighs little, "helpdesk" much). The score of a name is
   (weighed share of the name found in the title)^2 x (weighed share of the title found in
   the name)^0.5 x (rarity of the rarest title word it explains / of the title's rarest
   word)^`RARE_WORD`: a name must be found whole, the more of the title it explains the
   better, and it should explain the title's most distinctive word ("Groene makelaar" is
   no "makelaar") and its head, the word that names a person ("beheerder", "coördinator"):
   a name without it scores `HEADLESS` times less ("Beheerder bomen en groen" is no
   "medewerker groen"). A title word that no occupation name uses counts as the rarest kind
   when it is a word of the language ("Medewerker algemene buitenwerken": no name explains
   "buitenwerken", so "algemeen directeur" explains little); the employer's or a
   programme's name, "m/v/x" and grades such as "D4" do not count either way. A field in
   "-ing" also reads as its person in "-er" where a name uses that word ("Assistent
   boekhouding": "assistent-boekhouder"; "Medewerker beveiliging": "beveiliger"). A Dutch
   title word is compared with Dutch names through its Dutch lemma and with English names
   through its English one ("bomen" is no "boom operator"). Coordinated names and titles
   are read written out: ESCO's "tuin- en landschapsarchitect" also names a
   "landschapsarchitect".
2. **Mentions.** Occupation names written in the text ("Als detentiebegeleider ...", "ons
   team van kelners"), matched as word sequences (lemmas); at most `MAX_MENTIONS` count.
   Names of one common word are left out ("medewerker", "manager").
3. **Skills.** The skills found in the text, weighed by their evidence, that are essential
   (1) or optional (0.5) in the occupation's profile, each weighed by how few occupations
   share it; as a share of all the evidence found.

score = TITLE_WEIGHT x title + MENTION_WEIGHT x mentions + SKILLS_WEIGHT x skills; between
equal scores the occupation whose title matched one of our own job titles (occupations_nl.yaml)
comes first, as ESCO gives some names to several occupations ("receptionist"). The best
`limit` occupations are returned with their evidence (the name that matched, the spans of the
title and text, the shared skills). The state is plain builtins, so the index cache restores
it quickly.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import text as tx
from .types import LexiconEntry, Span

TITLE_WEIGHT = 2.0
MENTION_WEIGHT = 0.2
SKILLS_WEIGHT = 2.0
MAX_MENTIONS = 3
HEADLESS = 0.5  # a name that contains none of the title's person words ("beheerder")
RARE_WORD = 1.0  # exponent of (rarity of the rarest title word in the name / the title's)
COMMON_UNIT_NAMES = 400  # a title word in more names than this brings in no candidates
STATE_VERSION = 4


def _words(text: str) -> list[str]:
    return text.split()


# title words that say nothing about the occupation (besides the words no name uses)
_NOISE = frozenset(
    _words("""
    m v x mv vx f h vacature vacatures gezocht voltijds deeltijds halftijds fulltime parttime
    contractueel statutair tijdelijk vast ervaren junior senior medior stagiair stage
    traineeship trainee job functie per direct uur week regio
""")
)
# Job boards and employers write the employer into the title: "Kok (m/v) - Brasserie X",
# "Landschapsarchitect Stad Gent", "Dossierbeheerder (m/v/x) Rijksdienst voor ...". The
# employer's words say nothing about the occupation ("Koninklijke Bibliotheek" makes no
# librarian of a public-relations job). A gender marker ends the job title; so do a dash or
# bar between words, a parenthesised part that starts with a capital or holds a number
# ("(Lebbeke)", "(B1-B3)"), and an employer word that starts a name. A parenthesised part in
# lower case is a specialism of the job and stays: "Monteur (elektro)", "(zaalwachter)".
_GENDER_MARKER = re.compile(
    r"\(?\s*\b(?:m|v|h|f|x|w|d)\s*/\s*(?:m|v|h|f|x|w|d)(?:\s*/\s*(?:m|v|h|f|x|w|d))?\b\s*\)?",
    re.IGNORECASE,
)
_TITLE_CUT = re.compile(r"\s[-–—|]\s|\s\((?![a-z][^\d()]*\))|\s\[")
_EMPLOYER_START = re.compile(
    r"\b(?:stad|gemeente|gemeentebestuur|ocmw|fod|pod|lokaal bestuur|provincie|"
    r"provinciebestuur|rijksdienst|agentschap|ministerie|koninklijke|gewestelijke|"
    r"vlaamse overheid|federale overheidsdienst|bij de|bij het|at)\b",
    re.IGNORECASE,
)


def job_title_part(title: str) -> str:
    """The title with the employer's part blanked out (same length: offsets stay valid)."""
    end = len(title)
    for pattern in (_GENDER_MARKER, _TITLE_CUT, _EMPLOYER_START):
        m = pattern.search(title, 0, end)
        # only when words of the job title come before it
        if m and title[: m.start()].strip(" -–—|,:"):
            end = m.start()
    return title[:end] + " " * (len(title) - end)


# one-word names too common to count as a mention in running text
_COMMON = frozenset(
    _words("""
    medewerker medewerkster assistent assistente manager adviseur adviseuse specialist
    consultant begeleider begeleidster coordinator leider hoofd directeur employee assistant
    officer worker operator agent expert deskundige attache
""")
)


@dataclass(frozen=True)
class OccupationMatch:
    """An occupation proposed for a vacancy, with why."""

    occupation: int | str
    score: float
    title: float = 0.0  # the title's part of the score (0..1)
    mentions: float = 0.0
    skills: float = 0.0
    label: str = ""  # the occupation name that matched best in the title or text
    evidence: tuple[Span, ...] = ()  # title (offsets into the title) and text spans
    in_title: tuple[Span, ...] = ()  # spans of the title
    shared: tuple = ()  # skill ids found in the text that are in the occupation's profile


@dataclass
class _Scores:
    title: float = 0.0
    title_label: str = ""
    own: bool = False  # the best name is one of our own job titles
    title_spans: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    mention_label: str = ""


class OccupationIndex:
    """Occupation names and profiles; `match(title, text, found)` ranks occupations."""

    def __init__(
        self,
        labels: Iterable[LexiconEntry],
        profiles: Mapping[int | str, tuple[tuple, tuple]],
    ):
        rows: list[tuple] = []  # (occupation, label, lang, units)
        own: list[int] = []  # rows of our own job titles
        df: dict[str, int] = defaultdict(int)
        for entry in labels:
            if entry.lang not in tx.LANGS or not entry.label:
                continue
            names = [entry.label]
            if entry.lang == "nl":
                # "tuin- en landschapsarchitect" names a "landschapsarchitect" as well
                alternatives = tx.ellipsis_alternatives(entry.label)
                if alternatives:
                    names += [tx.expand_ellipsis(entry.label).text, *alternatives]
            for name in names:
                units = self._units(name, entry.lang)
                if not units:
                    continue
                if entry.kind == "phrase":
                    own.append(len(rows))
                rows.append((entry.skill, entry.label, entry.lang, units))
                for u in set(units):
                    df[u] += 1
        n = max(len(rows), 1)
        intern = sys.intern
        self.idf = {intern(u): round(math.log(1 + n / c), 4) for u, c in df.items()}
        self.rows = [
            (
                occ if not isinstance(occ, str) else intern(occ),
                label,
                intern(lang),
                tuple(intern(u) for u in units),
            )
            for occ, label, lang, units in rows
        ]
        by_unit: dict[str, list[int]] = defaultdict(list)
        first: dict[str, list[int]] = defaultdict(list)
        for i, (_occ, _label, _lang, units) in enumerate(self.rows):
            for u in set(units):
                by_unit[u].append(i)
            if len(units) > 1 or (units[0] not in _COMMON and len(units[0]) >= 4):
                first[units[0]].append(i)
        self.by_unit = {u: tuple(v) for u, v in by_unit.items()}
        self.own = frozenset(own)
        self._titles: tuple | None = None  # our own job titles, folded, for title_lookup
        self.first = {u: tuple(v) for u, v in first.items()}
        self.profiles = {occ: (tuple(ess), tuple(opt)) for occ, (ess, opt) in profiles.items()}
        of_skill: dict = defaultdict(list)
        for occ, (ess, opt) in self.profiles.items():
            for s in ess:
                of_skill[s].append((occ, 1.0))
            for s in opt:
                of_skill[s].append((occ, 0.5))
        n_occ = max(len(self.profiles), 1)
        self.of_skill = {s: tuple(v) for s, v in of_skill.items()}
        self.skill_idf = {s: math.log(1 + n_occ / len(v)) for s, v in of_skill.items()}
        self.profile_norm = {
            occ: math.sqrt(
                sum(self.skill_idf.get(s, 0.0) ** 2 for s in ess)
                + sum((0.5 * self.skill_idf.get(s, 0.0)) ** 2 for s in opt)
            )
            for occ, (ess, opt) in self.profiles.items()
        }

    # ------------------------------------------------------------------ state

    def title_lookup(self, words) -> dict:
        """{occupation: the shortest of our own job titles (occupations_nl.yaml) that contain
        every one of `words`}: an occupation looked up by the title employers and job seekers
        use ("pedagogisch medewerker")."""
        table = self._titles
        if table is None:
            table = self._titles = tuple(
                (tx.fold(self.rows[i][1]), self.rows[i][0], self.rows[i][1], self.rows[i][2])
                for i in sorted(self.own)
            )  # a benign race: equal tuples
        return tx.names_containing(table, words)

    def state(self) -> dict:
        return {
            "version": STATE_VERSION,
            "idf": self.idf,
            "rows": self.rows,
            "by_unit": self.by_unit,
            "first": self.first,
            "own": self.own,
            "profiles": self.profiles,
            "of_skill": self.of_skill,
            "skill_idf": self.skill_idf,
            "profile_norm": self.profile_norm,
        }

    @classmethod
    def from_state(cls, state: dict) -> OccupationIndex:
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            raise ValueError("occupation index state of another version")
        self = cls.__new__(cls)
        for key in (
            "idf",
            "rows",
            "by_unit",
            "first",
            "own",
            "profiles",
            "of_skill",
            "skill_idf",
            "profile_norm",
        ):
            setattr(self, key, state[key])
        self._titles = None
        return self

    # ------------------------------------------------------------------ words

    @staticmethod
    def _units(label: str, lang: str) -> tuple[str, ...]:
        """The name's words (lemmas) without function words and noise. A name does not end
        in a function word, so its last word stays even when it is spelled like one:
        "teamleider in een mijn" (a mine) is no "teamleider", "projectleider O & O" no
        "projectleider"."""
        out = []
        words = tx.tokenize(label)
        for k, (_s, _e, w) in enumerate(words):
            f = tx.fold(w)
            last = k == len(words) - 1 and len(words) > 1
            if not f.isalpha() or ((f in tx.STOPWORDS[lang] or f in _NOISE) and not last):
                continue
            out.append(tx.lemma(f, lang))
        return tuple(out)

    def _token_forms(self, text: str) -> list[tuple[int, int, frozenset[str]]]:
        """Tokens of running text with the forms an occupation name may use for them: the
        word and its plural's lemma, not a compound's parts (in running text the head of
        "domeinchef" is not a chef); titles: `_title_tokens`."""
        out = []
        for start, end, w in tx.tokenize(text):
            f = tx.fold(w)
            if f in _NOISE or not f.isalpha() or len(f) > tx.MAX_WORD:
                continue
            if f in tx.STOPWORDS["nl"] or f in tx.STOPWORDS["en"]:
                continue
            out.append((start, end, frozenset({f, *_running_text_lemmas(f)})))
        return out

    # ------------------------------------------------------------------ matching

    def _title_tokens(self, title: str) -> list[tuple[int, int, dict[str, frozenset[str]]]]:
        """Tokens of a title with, per language, the forms a name of that language may use
        for them: a Dutch title word is not read through its English lemma ("bomen" is no
        "boom" of "boom operator") and vice versa; a Dutch compound that is no name word
        also gives its parts ("groendienst" -> "groen" + "dienst")."""
        out = []
        for start, end, w in tx.tokenize(title):
            f = tx.fold(w)
            if f in _NOISE or not f.isalpha() or len(f) > tx.MAX_WORD:
                continue
            if f in tx.STOPWORDS["nl"] or f in tx.STOPWORDS["en"]:
                continue
            nl = {f, tx.lemma(f, "nl")}
            en = {f, tx.lemma(f, "en")}
            if len(f) >= 6 and f.endswith(("s", "en")) and not any(x in self.idf for x in nl):
                # the plural of a compound the lemmatiser does not know: "Dossierbeheerders"
                nl.add(f[:-1] if f.endswith("s") else f[:-2])
            if len(f) >= 7 and f.endswith("ing") and f[:-3] + "er" in self.idf:
                # the field names its person: "Assistent boekhouding" is an assistant
                # bookkeeper ("assistent-boekhouder"), "Medewerker beveiliging" a "beveiliger"
                nl.add(f[:-3] + "er")
            if not any(x in self.idf for x in nl | en) and len(f) >= 8:
                parts = tx.split_compound(
                    f, lambda p: p in self.idf or tx.lemma(p, "nl") in self.idf
                )
                if parts:
                    head, _link, tail = parts
                    nl |= {head, tx.lemma(head, "nl"), tail, tx.lemma(tail, "nl")}
            out.append((start, end, {"nl": frozenset(nl), "en": frozenset(en)}))
        return out

    def title_scores(self, title: str) -> dict:
        """{occupation: _Scores} for the names found in the title (its employer part left
        out, see job_title_part; elided compounds written out: "Tuin- en
        landschapsarchitect")."""
        title = job_title_part(title)
        expanded = tx.expand_ellipsis(title)
        words = expanded.text
        tokens = [
            (
                s,
                e,
                forms,
                max((self.idf.get(x, 0.0) for x in forms["nl"] | forms["en"]), default=0.0),
            )
            for s, e, forms in self._title_tokens(words)
        ]
        if not any(t[3] > 0 for t in tokens):
            return {}
        # a title word that no occupation name uses counts when it is a word of the language
        # ("Medewerker algemene buitenwerken", "Verantwoordelijke publiekswerking"): it says
        # what the job is about, so a name that leaves it out explains less of the title.
        # Other unknown words (the employer's or a programme's name, "SAP") do not count.
        unknown = max(self.idf.values(), default=0.0)
        written = [words[t[0] : t[1]] for t in tokens]
        # a capitalised word inside the title is a name, unless the title capitalises all
        capitals = all(w[:1].isupper() for w in written if len(w) > 3)
        tokens = [
            t if t[3] > 0 else (t[0], t[1], t[2], unknown)
            for k, t in enumerate(tokens)
            if t[3] > 0 or _a_word(written[k], name=k > 0 and not capitals)
        ]
        total = sum(t[3] for t in tokens)
        rarest = max(t[3] for t in tokens)
        # the words that name a person ("beheerder", "coördinator", "makelaar"): the head
        # of the title, which a name should contain ("Coördinator Operatie Steenbreek" is
        # no "planner opname en operatie")
        heads = {k for k, t in enumerate(tokens) if _PERSON.search(tx.fold(words[t[0] : t[1]]))}
        all_forms: dict[str, dict[str, list[int]]] = {lang: defaultdict(list) for lang in tx.LANGS}
        for k, (_s, _e, forms, _w) in enumerate(tokens):
            for lang in tx.LANGS:
                for x in forms[lang]:
                    all_forms[lang][x].append(k)
        # candidates: names sharing a word with the title; a word used by very many names
        # ("medewerker") only brings names in when the title has no rarer word
        lists = [self.by_unit[x] for lang in tx.LANGS for x in all_forms[lang] if x in self.by_unit]
        rare = [ids for ids in lists if len(ids) <= COMMON_UNIT_NAMES]
        candidates: set[int] = set()
        for ids in rare or lists:
            candidates.update(ids)
        out: dict = {}
        for i in candidates:
            occ, label, lang, units = self.rows[i]
            if all(u in _COMMON for u in units):
                continue  # "medewerker" alone names no occupation
            forms_of = all_forms[lang]
            have = sum(self.idf[u] for u in units if u in forms_of)
            need = sum(self.idf[u] for u in units)
            matched = {k for u in units for k in forms_of.get(u, ())}
            covered = sum(tokens[k][3] for k in matched)
            score = (have / need) ** 2 * (covered / total) ** 0.5 if need else 0.0
            # the title's most distinctive word should be part of the name: "Groene
            # makelaar" is no "makelaar", "Medewerker algemene buitenwerken" no "algemeen
            # directeur"
            if matched and score > 0:
                score *= (max(tokens[k][3] for k in matched) / rarest) ** RARE_WORD
                if heads and not heads & matched:
                    score *= HEADLESS
            # our own job titles (occupations_nl.yaml) say which occupation employers mean
            # where ESCO gives one name to several ("receptionist", "magazijnmedewerker",
            # "hovenier"): between equal scores, our title decides
            own = i in self.own
            cur = out.get(occ)
            if cur is None or (score, own) > (cur.title, cur.own):
                cur = out.setdefault(occ, _Scores())
                cur.title = score
                cur.own = own
                cur.title_label = label
                cur.title_spans = []
                for k in sorted(matched):
                    a, b = expanded.start(tokens[k][0]), expanded.end(tokens[k][1])
                    cur.title_spans.append(Span(a, b, title[a:b]))
        return out

    def mentions(self, text: str) -> dict:
        """{occupation: [(Span, label)]} for occupation names written in the text."""
        tokens = self._token_forms(text)
        out: dict = defaultdict(list)
        n = len(tokens)
        for k in range(n):
            for x in tokens[k][2]:
                for i in self.first.get(x, ()):
                    occ, label, _lang, units = self.rows[i]
                    size = len(units)
                    if k + size > n:
                        continue
                    if all(units[j] in tokens[k + j][2] for j in range(size)):
                        s, e = tokens[k][0], tokens[k + size - 1][1]
                        if len(out[occ]) < MAX_MENTIONS and all(
                            sp.start != s for sp, _l in out[occ]
                        ):
                            out[occ].append((Span(s, e, text[s:e]), label))
        return out

    def skill_scores(self, evidence: Mapping) -> dict:
        """{occupation: (cosine of the skills found and its profile, shared skills)}.

        The text is a vector of its skills (evidence x rarity), an occupation a vector of its
        profile (1 essential, 0.5 optional, x rarity); rarity is how few occupations share
        the skill (idf). A profile that explains the skills found and is not much larger
        than them scores highest."""
        text = {s: w * self.skill_idf.get(s, 0.0) for s, w in evidence.items()}
        norm_t = math.sqrt(sum(v * v for v in text.values()))
        if norm_t <= 0:
            return {}
        acc: dict = defaultdict(float)
        shared: dict = defaultdict(list)
        for s, v in text.items():
            idf = self.skill_idf.get(s, 0.0)
            for occ, rel in self.of_skill.get(s, ()):
                acc[occ] += v * idf * rel
                shared[occ].append(s)
        out = {}
        for occ, dot in acc.items():
            norm_o = self.profile_norm.get(occ, 0.0)
            if norm_o > 0:
                out[occ] = (dot / (norm_t * norm_o), tuple(shared[occ]))
        return out

    def match(
        self,
        *,
        title: str = "",
        text: str = "",
        evidence: Mapping | None = None,
        limit: int = 3,
        mentioned: dict | None = None,
    ) -> list[OccupationMatch]:
        """The best `limit` occupations for a vacancy, best first.

        `evidence` maps the skills found in the text to their evidence (0..1); `mentioned`
        is `mentions(text)` when the caller has it already.
        """
        titled = self.title_scores(title) if title else {}
        if mentioned is None:
            mentioned = self.mentions(text) if text else {}
        skilled = self.skill_scores(evidence or {})
        occs = set(titled) | set(mentioned) | set(skilled)
        ranked = []
        for occ in occs:
            t = titled.get(occ)
            m = mentioned.get(occ, [])
            sk, shared = skilled.get(occ, (0.0, ()))
            t_score = t.title if t else 0.0
            m_score = min(len(m), MAX_MENTIONS) / MAX_MENTIONS
            score = TITLE_WEIGHT * t_score + MENTION_WEIGHT * m_score + SKILLS_WEIGHT * sk
            if score <= 0:
                continue
            own = bool(t and t.own and t_score > 0)
            ranked.append((score, t_score, m_score, sk, occ, t, m, shared, own))
        # equal scores: the better title, then one of our own job titles, then a fixed order
        ranked.sort(key=lambda r: (-r[0], -r[1], not r[8], str(r[4])))
        out = []
        for score, t_score, m_score, sk, occ, t, m, shared, _own in ranked[:limit]:
            label = (t.title_label if t and t_score > 0 else "") or (m[0][1] if m else "")
            out.append(
                OccupationMatch(
                    occupation=occ,
                    score=round(score, 4),
                    title=round(t_score, 4),
                    mentions=round(m_score, 4),
                    skills=round(sk, 4),
                    label=label,
                    evidence=tuple(sp for sp, _l in m),
                    in_title=tuple(t.title_spans if t else ()),
                    shared=shared,
                )
            )
        return out


# the endings of Dutch and English words that name a person doing a job
_PERSON = re.compile(
    r"(?:[^aeiou](?:er|ster|or|eur|euse|ist|aar|ier|ent|ant|ige|ende|ling|ee)|man|vrouw|"
    r"hoofd|chef|baas|hulp|bode|wacht|kok|agent|officer|lijke|trice|ice)s?$"
)


def _a_word(written: str, *, name: bool) -> bool:
    """Whether a title word that no occupation name uses is a word of the language (not a
    name such as "Fedris"): known to the dictionary, or a compound of known words. `name`:
    a capitalised word is taken for a name."""
    f = tx.fold(written)
    if len(f) < 4 or f in _NOISE or written.isupper() or (name and written[:1].isupper()):
        return False
    if any(tx.is_known(f, lang) or tx.is_known(tx.lemma(f, lang), lang) for lang in tx.LANGS):
        return True
    return len(f) >= 8 and tx.split_compound(f, lambda p: tx.is_known(p, "nl")) is not None


def _running_text_lemmas(word: str) -> set[str]:
    """The lemmas under which a word of running text may name an occupation: plurals
    ("koks", "verpleegkundigen"), not verbs or nominalisations. "coachen" and "coaching"
    are work done ("de coaching van de medewerkers"), not the job title "coach"; a Dutch
    infinitive (stem + "en") and an English -ing form keep only their written form."""
    out = set()
    nl = tx.lemma(word, "nl")
    if nl != word and not (word.endswith("en") and nl == word[:-2]):
        out.add(nl)
    en = tx.lemma(word, "en")
    if en != word and not word.endswith("ing"):
        out.add(en)
    return out
