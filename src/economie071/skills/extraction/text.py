"""Tokens, folding, lemmas, light stems, compound splitting and language detection (nl/en)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma


def _words(text: str) -> list[str]:
    return text.split()

LANGS = ("nl", "en")

# words: letters/digits, plus C++ / C# style names; hyphens and slashes separate tokens
_TOKEN = re.compile(r"[^\W\d_]\+\+|[^\W\d_]#|[^\W_]+")

STOPWORDS = {
    "en": frozenset(
        _words("""a an the and or but nor of to in on at by for with without from into onto over
        under about as than then so such this that these those it its is are was were be been
        being am do does did done have has had having will would shall should can could may
        might must i you he she we they me him her us them my your his our their mine yours
        who whom whose which what when where why how all any both each few more most other
        some no not only own same too very just also etc e g i e per via if while within
        across among up down out off again further once there here other's s one ones
        able well good great strong excellent""")
    ),
    "nl": frozenset(
        _words("""de het een en of maar noch van voor in op aan bij met zonder uit naar over onder
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
        _words("the and of to in is are you we will with for our your be as at this that on an "
        "have has who what experience skills")
    ),
    "nl": frozenset(
        _words("de het een en van in is je wij we met voor onze jouw bent als bij dit dat op "
        "heb hebt wie wat ervaring kennis vaardigheden")
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


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The folded lemma of a folded word (simplemma; unknown words stay as they are)."""
    if not word.isalpha() or len(word) < 3:
        return word
    try:
        out = simplemma.lemmatize(word, lang=lang)
    except Exception:  # simplemma must never break extraction  # noqa: BLE001
        return word
    return fold(out)


@lru_cache(maxsize=200_000)
def is_known(word: str, lang: str) -> bool:
    try:
        return bool(simplemma.is_known(word, lang=lang))
    except Exception:  # noqa: BLE001
        return False


_SUFFIXES = {
    "en": (
        "isations", "ization", "isation", "ational", "ations", "ation", "itions", "ition",
        "ments", "ment", "liness", "ness", "ings", "ing", "ities", "ity", "ives", "ive", "ies",
        "ed", "es", "al", "ly", "s", "e",
    ),
    "nl": (
        "ingen", "heden", "atie", "aties", "heid", "isch", "ische", "lijk", "lijke", "ing",
        "en", "e", "s",
    ),
}


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """A light stem of a folded lemma: "preparation" and "prepare" both give "prepar"."""
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES[lang]:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    # double final consonant (nl "bakk" / en "plann")
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


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
        try:
            scores = dict(simplemma.langdetect(" ".join(tokens[:200]), lang=LANGS))
        except Exception:  # noqa: BLE001
            scores = {}
        if scores.get("en", 0) > scores.get("nl", 0):
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
    if n < 2 * min_part + 1 or not word.isalpha():
        return None
    for i in range(min_part, n - min_part + 1):
        tail = word[i:]
        if not known(tail):
            continue
        head_all = word[:i]
        for link in _LINKS:
            if link and not head_all.endswith(link):
                continue
            head = head_all[: len(head_all) - len(link)] if link else head_all
            if len(head) >= min_part and known(head):
                return head, link, tail
    return None
