"""The data types the extraction hands to the rest of the House of Skills: what was found in a
vacancy text, with its evidence (docs/skills-matching.md, "Extraction")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    skill: int | str  # the skill's id (int in the app, ESCO URI str in the bench)
    label: str
    lang: str  # "nl" | "en"
    kind: str = "preferred"  # "preferred" | "alt" | "hidden" | "phrase" (curated job-ad phrase)


@dataclass(frozen=True)
class Span:
    """Characters `start:end` of the ORIGINAL text; `text` is exactly that slice."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Found:
    skill: int | str
    confidence: float  # 0..1
    evidence: tuple[Span, ...]  # every place in the text the skill was found, in text order
    method: str  # "exact" | "lemma" | "fuzzy": the method of the best evidence
    label: str = ""  # the lexicon label that matched best (added; not in the contract)
    span_confidence: tuple[float, ...] = ()  # the confidence of each evidence span
    phrase: bool = False  # the best match was one of our own phrases ("eigen vertaling")


@dataclass(frozen=True)
class ExtractionResult:
    found: tuple[Found, ...]  # best first (confidence desc, then first position)
    unmatched: tuple[Span, ...]  # requirement-like phrases that matched no skill
    lang: str  # the language the text was read in: "nl" | "en"
