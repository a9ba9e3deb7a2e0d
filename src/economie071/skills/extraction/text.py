"""Tokens, folding, lemmas, light stems, compound splitting and language detection (nl/en).

Lemmas come from simplemma's rules and dictionaries. simplemma reads its Dutch and English
dictionaries from compressed files on first use (about 1.5 s together); the extraction index
keeps a plain copy of them (`export_dictionaries`) that a fresh process installs in a few
hundredths of a second (`install_dictionaries`). The lemmas are the same either way.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy


def _words(text: str) -> list[str]:
    return text.split()


LANGS = ("nl", "en")

# words: letters/digits, plus C++ / C# style names; hyphens and slashes separate tokens
_TOKEN = re.compile(r"[^\W\d_]\+\+|[^\W\d_]#|[^\W_]+")

# "zonder" / "without" are no stop words: they turn a phrase around ("zonder toezicht werken"
# is not "werken bij Toezicht"), so a phrase that has one only matches a text that has it too
STOPWORDS = {
    "en": frozenset(
        _words("""a an the and or but nor of to in on at by for with from into onto over
        under about as than then so such this that these those it its is are was were be been
        being am do does did done have has had having will would shall should can could may
        might must i you he she we they me him her us them my your his our their mine yours
        who whom whose which what when where why how all any both each few more most other
        some no not only own same too very just also etc e g i e per via if while within
        across among up down out off again further once there here other's s one ones
        able well good great strong excellent""")
    ),
    "nl": frozenset(
        _words("""de het een en of maar noch van voor in op aan bij met uit naar over onder
        door tot om als dan dus zo dit dat deze die er is zijn was waren ben bent wordt worden
        werd werden heeft hebben had hadden zal zullen zou zouden kan kunnen kon konden mag
        mogen moet moeten wil willen ik jij je u hij zij ze wij we jullie hen hun mij me mijn
        jouw jou uw zijn haar ons onze wie wat waar wanneer waarom hoe alle alles elk elke
        ieder iedere enkele meer meest ander andere niet geen ook nog al wel zeer heel erg
        zich zelf t s te ten ter tegen tussen binnen buiten na sinds per via welke waarbij
        waarin hierbij daarbij daarnaast bijvoorbeeld bv o a goed goede sterk sterke
        uitstekend uitstekende""")
    ),
}

# words that tell the language of a text (frequent function words, distinct per language)
_LANG_MARKERS = {
    "en": frozenset(
        _words(
            "the and of to in is are you we will with for our your be as at this that on an "
            "have has who what experience skills"
        )
    ),
    "nl": frozenset(
        _words(
            "de het een en van in is je wij we met voor onze jouw bent als bij dit dat op "
            "heb hebt wie wat ervaring kennis vaardigheden"
        )
    ),
}


@dataclass(slots=True)
class Token:
    start: int  # offsets in the original text
    end: int
    fold: str  # lower case, accents removed, same length as the original slice
    keys: dict  # lang -> (lemma, stem)
    fuzzy: dict  # lang -> vocabulary word this token was corrected to (spelling variant)
    part: bool = False  # a part of a split compound word
    seg: int = 0  # clause number (no loose match across clause boundaries)


def fold(s: str) -> str:
    """Lower case and accents removed, one character for one (offsets stay valid)."""
    out = []
    for ch in s.lower():
        if ord(ch) < 128:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def names_containing(table, words) -> dict:
    """{key: the shortest name that contains every one of `words`} from a table of (folded
    name, key, name, lang) rows (case and accents ignored): our own names looked up by the
    words a user types. Linear in the table."""
    needles = [fold(w) for w in words if w.strip()]
    if not needles or sum(len(n) for n in needles) < 2:
        return {}
    out: dict = {}
    for folded, key, name, _lang in table:
        if all(n in folded for n in needles) and (key not in out or len(name) < len(out[key])):
            out[key] = name
    return out


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


# Words longer than this are not looked up or split (no real word is; it keeps the work per
# token bounded on pathological input such as one 20,000-letter "word").
MAX_WORD = 40


class _Table(Mapping):
    """A read-only str -> str mapping over two sorted lists (binary search): built from two
    newline-joined strings in a few hundredths of a second, where a dict takes tenths."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: list[str], values: list[str]):
        self._keys = keys
        self._values = values

    @classmethod
    def from_blobs(cls, keys: str, values: str) -> _Table:
        return cls(keys.split("\n") if keys else [], values.split("\n") if values else [])

    def blobs(self) -> tuple[str, str]:
        return "\n".join(self._keys), "\n".join(self._values)

    def get(self, key, default=None):
        i = bisect.bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return self._values[i]
        return default

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Dictionaries:
    """simplemma's DictionaryFactory: our plain copy of its dictionaries when installed,
    otherwise read from simplemma's own data files (slow, once per process and language)."""

    def __init__(self):
        self._tables: dict[str, _Table] = {}
        self._lock = threading.Lock()

    def get_dictionary(self, lang: str) -> _Table:
        table = self._tables.get(lang)
        if table is None:
            with self._lock:
                table = self._tables.get(lang)
                if table is None:
                    table = self._tables[lang] = self._read(lang)
        return table

    @staticmethod
    def _read(lang: str) -> _Table:
        from simplemma.strategies.dictionaries import dictionary_factory as factory

        raw = factory._load_dictionary_from_disk(lang)  # noqa: SLF001 (no public bulk reader)
        items = sorted((k.decode(), v.decode()) for k, v in raw.items())
        return _Table([k for k, _v in items], [v for _k, v in items])

    def export(self, langs=LANGS) -> dict[str, tuple[str, str]]:
        return {lang: self.get_dictionary(lang).blobs() for lang in langs}

    def install(self, blobs: Mapping[str, tuple[str, str]]) -> None:
        with self._lock:
            for lang, (keys, values) in blobs.items():
                if lang not in self._tables:
                    self._tables[lang] = _Table.from_blobs(keys, values)


_DICTIONARIES = _Dictionaries()
_LEMMATIZER = simplemma.Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES)
)


def export_dictionaries() -> dict[str, tuple[str, str]]:
    """simplemma's Dutch and English dictionaries as plain strings (for the index cache)."""
    return _DICTIONARIES.export()


def install_dictionaries(blobs: Mapping[str, tuple[str, str]]) -> None:
    """Use these dictionaries (from `export_dictionaries`) instead of reading simplemma's."""
    _DICTIONARIES.install(blobs)


VARIANTS_FILE = Path(__file__).with_name("variants.yaml")


def _read_variants(path: Path = VARIANTS_FILE) -> dict[str, dict[str, str]]:
    """{lang: {variant lemma: the lemma it is read as}} (variants.yaml, see there)."""
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for lang in LANGS:
        for key, value in (doc.get(lang) or {}).items():
            key, value = fold(str(key).strip()), fold(str(value).strip())
            if key and value and key != value:
                out[lang][key] = value
    return out


VARIANTS = _read_variants()


# Dutch writes a diaeresis where two vowels meet across syllables: "coördineren",
# "creëren", "financiële", "beïnvloeden". Folding removes it, and simplemma's dictionary
# knows the inflected forms only with it ("coördineert" -> "coördineren"); an unknown folded
# word is looked up again with the mark put back on the second vowel of such a pair.
_DIAERESIS = {"o": "ö", "e": "ë", "i": "ï", "u": "ü"}
_VOWEL_PAIR = re.compile(r"(?<=[aeiou])[oeiu]")


def _with_diaeresis(word: str) -> Iterator[str]:
    for m in _VOWEL_PAIR.finditer(word):
        i = m.start()
        yield word[:i] + _DIAERESIS[word[i]] + word[i + 1 :]


def _lemmatize(word: str, lang: str) -> str:
    # simplemma writes Dutch separable verbs with a mark: "op_stellen", "bij_houden"
    return fold(_LEMMATIZER.lemmatize(word, lang)).replace("_", "")


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The folded lemma of a folded word (simplemma; unknown words stay as they are), read
    through our variants ("opmaken" is read as "opstellen", see variants.yaml)."""
    if not word.isalpha() or len(word) < 3 or len(word) > MAX_WORD:
        return word
    try:
        out = _lemmatize(word, lang)
        if out == word and lang == "nl":
            for accented in _with_diaeresis(word):
                alt = _lemmatize(accented, lang)
                if alt != word:
                    out = alt
                    break
    except Exception:  # simplemma must never break extraction  # noqa: BLE001
        out = word
    if not out.isalpha():
        out = word
    return VARIANTS[lang].get(out, out)


@lru_cache(maxsize=200_000)
def is_known(word: str, lang: str) -> bool:
    """Whether a folded word is in the language's dictionary (as written or capitalised)."""
    if len(word) > MAX_WORD:
        return False
    table = _DICTIONARIES.get_dictionary(lang)
    return word in table or word.capitalize() in table


_SUFFIXES = {
    "en": (
        "isations",
        "ization",
        "isation",
        "ational",
        "ations",
        "ation",
        "itions",
        "ition",
        "ments",
        "ment",
        "liness",
        "ness",
        "ings",
        "ing",
        "ities",
        "ity",
        "ives",
        "ive",
        "ies",
        "ed",
        "es",
        "al",
        "ly",
        "s",
        "e",
    ),
    "nl": (
        "ingen",
        "heden",
        "atie",
        "aties",
        "heid",
        "isch",
        "ische",
        "lijk",
        "lijke",
        "ing",
        "en",
        "e",
        "s",
    ),
}


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """A light stem of a folded lemma: "preparation" and "prepare" both give "prepar"."""
    if not word.isalpha():
        return word
    # a Dutch noun in -atie names the act of its verb in -eren: "coördinatie" and
    # "coördineren", "registratie" and "registreren" share the stem "coordiner", "registrer"
    # (not "organisatie" and "informatie": mostly the company and the information itself)
    if (
        lang == "nl"
        and len(word) >= 9
        and word.endswith(("atie", "aties"))
        and not word.startswith(_ATIE_NOUNS)
    ):
        return word[: word.rindex("atie")] + "er"
    for suffix in _SUFFIXES[lang]:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # double final consonant (nl "bakk" / en "plann")
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    # Dutch writes a long vowel double in a closed syllable only: the noun "beheer" and the
    # verb "beheren", "verkoop" and "verkopen" share the stem "beher", "verkop"
    if lang == "nl" and len(word) > 4:
        word = _NL_LONG_VOWEL.sub(r"\1", word)
    return word


_ATIE_NOUNS = ("organisatie", "informatie")
_NL_LONG_VOWEL = re.compile(r"(?<![aeiou])([aeou])\1(?=[^aeiou]$)")


def token_keys(fold_word: str, lang: str) -> tuple[str, str]:
    lem = lemma(fold_word, lang)
    return lem, stem(lem, lang)


def detect_language(tokens: list[str]) -> str:
    """'nl' or 'en' from function-word counts; Dutch when undecided (a Dutch platform)."""
    counts = {lang: 0 for lang in LANGS}
    for t in tokens:
        for lang in LANGS:
            if t in _LANG_MARKERS[lang]:
                counts[lang] += 1
    if counts["en"] > counts["nl"]:
        return "en"
    if counts["nl"] > counts["en"]:
        return "nl"
    if tokens:
        # no function words: the language whose dictionary knows more of the words
        sample = [t for t in tokens[:200] if t.isalpha() and len(t) > 3]
        known = {lang: sum(is_known(t, lang) for t in sample) for lang in LANGS}
        if known["en"] > known["nl"]:
            return "en"
    return "nl"


_LINKS = ("s", "en", "e", "")


def split_compound(word: str, known, min_part: int = 3):
    """Split a Dutch compound into (head, link, tail) when both parts are known words.

    `known(part) -> bool` says whether a part is a word. `kwaliteitscontrole` ->
    ("kwaliteit", "s", "controle"). Returns None when no split is found. The longest tail
    wins (in Dutch the last part carries the meaning, and long parts are less ambiguous).
    """
    n = len(word)
    if n < 2 * min_part + 1 or n > MAX_WORD or not word.isalpha():
        return None
    for i in range(min_part, n - min_part + 1):
        tail = word[i:]
        if not known(tail):
            continue
        linked = _linked_head(word[:i], known, min_part)
        if linked:
            return linked[0], linked[1], tail
    return None


def _linked_head(head: str, known, min_len: int) -> tuple[str, str] | None:
    """(word, linking letters) when the first part of a compound, with its linking letters,
    is a known word of at least `min_len` letters followed by "s", "en", "e" or nothing."""
    for link in _LINKS:
        if link and not head.endswith(link):
            continue
        base = head[: len(head) - len(link)] if link else head
        if len(base) >= min_len and known(base):
            return base, link
    return None


# Dutch coordination ellipsis: a compound's shared part is written once and the other
# compounds end (or start) in a hyphen: "contract- en relatiebeheer" is "contractbeheer en
# relatiebeheer", "onderhouds- en reparatiewerkzaamheden", "in- en verkoop", "planning-,
# contract- en leveranciersbeheer"; the other way round, "kwaliteitszorg en -controle" is
# "kwaliteitszorg en kwaliteitscontrole". The text is read with the compounds written out;
# every position of the written-out text knows where it came from in the original, so the
# evidence spans stay those of the original text.
_ELLIPSIS_HEAD = re.compile(
    r"(?P<parts>(?:[^\W\d_]{2,40}-(?:\s*,\s*|\s+(?:en|of|en/of|tot|&)\s+)){1,6})"
    r"(?P<last>[^\W\d_]{5,})\b"
)
_ELLIPSIS_PART = re.compile(r"([^\W\d_]{2,})-")
_ELLIPSIS_TAIL = re.compile(
    r"\b(?P<first>[^\W\d_]{6,40})(?P<sep>(?:\s*,\s*|\s+(?:en|of|en/of|&)\s+)-)(?P<rest>[^\W\d_]{3,})\b"
)


def _dutch_word(word: str) -> bool:
    return len(word) >= 2 and (is_known(word, "nl") or is_known(lemma(word, "nl"), "nl"))


def _shared_tail(word: str) -> int:
    """Where the shared last part of a compound starts ("relatiebeheer" -> 7: "beheer"), 0
    when the word is no compound of two Dutch words. The longest last part wins."""
    w = fold(word)
    for i in range(2, len(w) - 2):
        tail = w[i:]
        if not _dutch_word(tail):
            continue
        head = w[:i]
        if _linked_head(head, _dutch_word, 2):
            # after -ing, -heid, -teit, -schap an s links the parts: "ondersteunings|taken",
            # not "staken" (but "loterij|spelen")
            if (
                tail[0] == "s"
                and head.endswith(("ing", "heid", "teit", "schap"))
                and _dutch_word(tail[1:])
            ):
                return i + 1
            return i
    return 0


def _shared_head(word: str) -> int:
    """Where the first part of a compound ends, with its linking letters ("kwaliteitszorg"
    -> 10: "kwaliteits"), 0 when the word is no compound of two Dutch words."""
    w = fold(word)
    for i in range(len(w) - 3, 2, -1):
        if _dutch_word(w[i:]) and _linked_head(w[:i], _dutch_word, 3):
            return i
    return 0


@dataclass(frozen=True, slots=True)
class Expanded:
    """A text with its elided compounds written out; `start(i)` / `end(i)` map a span's
    start and end in `text` back to the original."""

    text: str
    starts: tuple[int, ...] | None = None  # None: nothing was written out
    ends: tuple[int, ...] | None = None  # the original character of each character

    def start(self, i: int) -> int:
        return i if self.starts is None else self.starts[i]

    def end(self, i: int) -> int:
        if self.ends is None or i <= 0:
            return i
        return self.ends[i - 1] + 1


def expand_ellipsis(text: str) -> Expanded:
    """The text with Dutch coordination ellipsis written out (see `_ELLIPSIS_HEAD`)."""
    if "-" not in text:
        return Expanded(text)
    edits: list[tuple[int, int, str, int]] = []  # (start, end, inserted, its origin)
    for m in _ELLIPSIS_HEAD.finditer(text):
        last = m.group("last")
        cut = _shared_tail(last)
        if not cut:
            continue
        tail_at = m.start("last") + cut
        tail = text[tail_at : m.end("last")]
        for p in _ELLIPSIS_PART.finditer(text, m.start("parts"), m.end("parts")):
            # "contract-" -> "contractbeheer": the hyphen gives way to the shared part
            edits.append((p.end(1), p.end(1) + 1, tail, tail_at))
    for m in _ELLIPSIS_TAIL.finditer(text):
        cut = _shared_head(m.group("first"))
        if not cut:
            continue
        head_at = m.start("first")
        head = text[head_at : head_at + cut]
        dash = m.end("sep") - 1
        edits.append((dash, dash + 1, head, head_at))
    if not edits:
        return Expanded(text)
    edits.sort()
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for start, end, inserted, origin in edits:
        if start < at:
            continue  # overlapping edits: the first one stays
        out.append(text[at:start])
        starts.extend(range(at, start))
        ends.extend(range(at, start))
        out.append(inserted)
        # a span that starts in the inserted part starts where the part is written; one
        # that ends there ends with the compound it was taken from
        starts.extend(range(origin, origin + len(inserted)))
        ends.extend(range(origin, origin + len(inserted)))
        at = end
    out.append(text[at:])
    starts.extend(range(at, len(text) + 1))
    ends.extend(range(at, len(text)))
    return Expanded("".join(out), tuple(starts), tuple(ends))


def ellipsis_alternatives(name: str) -> list[str]:
    """The names a coordinated Dutch name stands for: "tuin- en landschapsarchitect" ->
    ["tuinarchitect", "landschapsarchitect"], "manager tabaks- en gemaksartikelen" ->
    ["manager tabaksartikelen", "manager gemaksartikelen"]; [] when there is no ellipsis."""
    m = _ELLIPSIS_HEAD.search(name) if "-" in name else None
    if not m:
        return []
    last = m.group("last")
    cut = _shared_tail(last)
    if not cut:
        return []
    tail = last[cut:]
    members = [p.group(1) + tail for p in _ELLIPSIS_PART.finditer(m.group("parts"))]
    members.append(last)
    return [name[: m.start()] + member + name[m.end() :] for member in members]
