"""Which imported figures cannot be true, and which are merely hard to believe.

Plain Python, no Django: the import services turn the answers into messages per line.

An indicator's unit is free text ("%", "banen", "vestigingen", "x 1 000 inwoners"), so what
a figure can be is read from its words:

- a **share** ("%", "procent", "percentage", "% van de beroepsbevolking"): between 0 and 100.
  A unit that speaks of change ("% groei", "procentpunt", "mutatie in %") is not a share:
  a growth rate can be negative or above 100.
- a **count** (jobs, establishments, starters, students, nights, inhabitants, m², hectares:
  ``COUNT_WORDS``, or a unit that starts with "aantal" / "number of"): 0 or more.
- anything else (euros, an index, a balance): no bounds.

A figure outside its bounds **cannot be true** and the import refuses its line. A figure
inside them can still be **implausible**: one that more than doubles or halves against the
nearest other year of the same indicator and area (a share: one that moves more than
``SHARE_POINTS`` percentage points; counts below ``SMALL_COUNT`` swing by chance and are
left alone) is imported, with a warning on its line for the importer to check: a real
change that large does happen (a new business park, a reclassification), but a slipped
decimal or a wrong unit is the likelier cause.
"""

from __future__ import annotations

import re
from decimal import Decimal

SHARE = "share"
COUNT = "count"
OTHER = "other"

SHARE_WORDS = frozenset({"%", "procent", "percent", "percentage", "pct"})
CHANGE_WORDS = frozenset(
    {
        "groei",
        "mutatie",
        "verandering",
        "toename",
        "afname",
        "procentpunt",
        "procentpunten",
        "punt",
        "punten",
        "change",
        "growth",
        "point",
        "points",
        "saldo",
        "balance",
    }
)
COUNT_WORDS = frozenset(
    {
        "aantal",
        "banen",
        "arbeidsplaatsen",
        "werkzame",
        "personen",
        "inwoners",
        "huishoudens",
        "woningen",
        "vestigingen",
        "bedrijven",
        "ondernemingen",
        "starters",
        "faillissementen",
        "studenten",
        "leerlingen",
        "werklozen",
        "werkzoekenden",
        "uitkeringen",
        "overnachtingen",
        "nachten",
        "bezoekers",
        "deelnemers",
        "congresdeelnemersdagen",
        "expats",
        "m²",
        "m2",
        "ha",
        "hectare",
        "hectares",
        "jobs",
        "persons",
        "people",
        "inhabitants",
        "households",
        "establishments",
        "companies",
        "businesses",
        "students",
        "nights",
        "visitors",
        "number",
    }
)

FACTOR = Decimal(2)  # more than double, or less than half, of the nearest other year
SHARE_POINTS = Decimal(10)  # a share that moves more than this many percentage points
SMALL_COUNT = 20  # counts below this swing by chance

_WORD = re.compile(r"%|m2\b|[^\W\d_]+")


def unit_kind(unit: str) -> str:
    """SHARE, COUNT or OTHER for an indicator's unit."""
    words = set(_WORD.findall(unit.strip().lower()))
    if words & CHANGE_WORDS:
        return OTHER
    if words & SHARE_WORDS:
        return SHARE
    if words & COUNT_WORDS:
        return COUNT
    return OTHER


def bounds(unit: str) -> tuple[Decimal | None, Decimal | None]:
    """The lowest and highest figure the unit allows (None: no bound)."""
    kind = unit_kind(unit)
    if kind == SHARE:
        return Decimal(0), Decimal(100)
    if kind == COUNT:
        return Decimal(0), None
    return None, None


def large_change(previous: Decimal, value: Decimal, *, unit: str) -> bool:
    """Is `value` hard to believe next to `previous`, the nearest other year's figure?"""
    kind = unit_kind(unit)
    if kind == SHARE:
        return abs(value - previous) > SHARE_POINTS
    if kind == COUNT and max(abs(previous), abs(value)) < SMALL_COUNT:
        return False  # 3 bankruptcies after 7 is no reason to doubt the figure
    if previous == 0 or value == 0:
        return previous != value
    if (previous < 0) != (value < 0):
        return False  # a figure that can change sign (a balance) has no scale to judge by
    ratio = abs(value) / abs(previous)
    return ratio > FACTOR or ratio < 1 / FACTOR


def nearest_year(series: dict[int, Decimal], year: int) -> int | None:
    """The year of `series` nearest to `year` (not `year` itself); the earlier one on a tie."""
    others = [other for other in series if other != year]
    if not others:
        return None
    return min(others, key=lambda other: (abs(other - year), other > year))
