"""Requirement-like phrases of a vacancy text, to show the ones no skill was found in.

Two sources:
- cue patterns: "ervaring met X", "kennis van X", "bekend met X", "experience with X",
  "knowledge of X", "proficient in X", ... ; X runs to the end of the clause and is cut
  into list items at commas and "en/and/of/or";
- bullet lines ("- ", "• ", "* ", "1. ") that are short, outside an offer section
  ("Wat bieden wij", "We offer", "Arbeidsvoorwaarden", ...) and not about pay or hours.
"""

from __future__ import annotations

import re

_CUES = re.compile(
    r"\b(?:"
    r"(?:ruime\s+|aantoonbare\s+|relevante\s+|enige\s+)?ervaring\s+(?:met|in|als)"
    r"|(?:goede\s+|gedegen\s+|brede\s+)?kennis\s+(?:van|over)"
    r"|bekend\s+met|affiniteit\s+met|vaardig\s+in|handig\s+met|beheersing\s+van"
    r"|in\s+het\s+bezit\s+van|je\s+beheerst|je\s+hebt\s+verstand\s+van"
    r"|(?:hands-on\s+|proven\s+|relevant\s+|solid\s+|some\s+)?experience\s+(?:with|in|of|as)"
    r"|(?:good\s+|working\s+|solid\s+|sound\s+)?knowledge\s+of|familiar(?:ity)?\s+with"
    r"|proficien(?:t|cy)\s+(?:in|with)|skilled\s+in|expertise\s+in|background\s+in"
    r"|understanding\s+of|command\s+of|ability\s+to"
    r")\s+",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;:!?()\n]|\s[-–—]\s")
_ITEM_SPLIT = re.compile(
    r",|/|\s(?:en|and|of|or|en/of|and/or|zoals|such as|e\.g\.|bijv\.)\s", re.IGNORECASE
)
_LEAD = re.compile(
    r"^(?:(?:de|het|een|the|a|an|je|jouw|your|diverse|verschillende|various|modern|moderne)\s+)+",
    re.IGNORECASE,
)
# the body runs to the end of the line; trailing blanks are cut in Python (a lazy body followed
# by `[ \t]*$` would backtrack quadratically on a line with many blanks)
_BULLET = re.compile(r"^[ \t]*(?:[-*•·▪–►✓]|\d{1,2}[.)])[ \t]+(?P<body>\S[^\n]*)", re.MULTILINE)
_OFFER = re.compile(
    r"bied|aanbod|arbeidsvoorwaarden|voorwaarden|salaris|wat krijg|wat mag je|"
    r"offer|benefits|perks|salary|what you get|what we give|in return|contact|solliciteren|"
    r"apply|over ons|about us|wie zijn wij|who we are",
    re.IGNORECASE,
)
_NOT_SKILL = re.compile(
    r"€|\beur\b|\d+\s*(?:uur|hours|hrs|u\b|%|dagen|days|jaar|years)|salar|bruto|gross|"
    r"contract|vakantie|holiday|pensioen|pension|reiskosten|travel",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"\s+(?:is|zijn|would be|is seen as|strekt)\s+(?:een\s+|a\s+|an\s+)?(?:grote\s+|big\s+)?"
    r"(?:pré|pre|pluspunt|plus|voordeel|advantage|must|vereist|required|verplicht|tot aanbeveling)"
    r"\b.*$",
    re.IGNORECASE,
)
MAX_WORDS = 10
MAX_CLAUSE = 300  # a cue's phrase is looked for this far at most (bounded work per cue)


def requirement_phrases(text: str) -> list[tuple[int, int]]:
    """Character ranges of phrases that look like required skills, in text order."""
    out: set[tuple[int, int]] = set()
    for m in _CUES.finditer(text):
        limit = min(len(text), m.end() + MAX_CLAUSE)
        end = _CLAUSE_END.search(text, m.end(), limit)
        stop = end.start() if end else limit
        _add_items(text, m.end(), stop, out)
    offer_section = False
    bullets = {m.start(): m for m in _BULLET.finditer(text)}
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        bullet = bullets.get(line_start)
        if bullet is None:
            stripped = line.strip()
            if stripped and len(stripped) <= 60 and not stripped.endswith((".", ",")):
                offer_section = bool(_OFFER.search(stripped))  # a heading starts a section
            elif stripped:
                offer_section = False
            continue
        if offer_section:
            continue
        start, stop = bullet.start("body"), bullet.end("body")
        while stop > start and text[stop - 1] in " \t\r":
            stop -= 1
        body = text[start:stop]
        if _NOT_SKILL.search(body) or len(body.split()) > MAX_WORDS:
            continue
        while stop > start and text[stop - 1] in ".;,:!":
            stop -= 1
        if stop > start:
            out.add((start, stop))
    return _drop_nested(sorted(out))


def _add_items(text: str, start: int, stop: int, out: set[tuple[int, int]]) -> None:
    cur = start
    pieces = []
    for m in _ITEM_SPLIT.finditer(text, start, stop):
        pieces.append((cur, m.start()))
        cur = m.end()
    pieces.append((cur, stop))
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:"):
            b -= 1
        lead = _LEAD.match(text, a, b)
        if lead:
            a = lead.end()
        trailer = _TRAILER.search(text, a, b)  # "kennis van X is een pré" -> "X"
        if trailer:
            b = trailer.start()
        if b > a and len(text[a:b].split()) <= 6:
            out.add((a, b))


def _drop_nested(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the innermost phrases: a bullet line that holds a cue item yields the item.

    A range holds another when one starting at or after its start ends at or before its end:
    sorted by start (longer first on equal starts), the smallest end among the ranges after
    it tells, so this is O(n log n)."""
    ordered = sorted(set(ranges), key=lambda r: (r[0], -r[1]))
    smallest_end_after: list[int | None] = [None] * len(ordered)
    smallest: int | None = None
    for k in range(len(ordered) - 1, -1, -1):
        smallest_end_after[k] = smallest
        end = ordered[k][1]
        smallest = end if smallest is None else min(smallest, end)
    keep = [
        r
        for r, after in zip(ordered, smallest_end_after, strict=True)
        if after is None or after > r[1]
    ]
    return sorted(keep)
