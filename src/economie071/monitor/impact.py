"""Impact calculators: congress participant-days to euros, expats to spin-off jobs.

Plain Python, no Django. The defaults come from the printed project overview of November
2019 (see ``constants``); the functions return the derivation along with the result, so a
page can show how a figure was reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SpendDerivation:
    """Spend per participant-day = economic impact / participant-days (from one year's figures)."""

    impact: Decimal
    participant_days: int
    spend_per_day: Decimal  # rounded to the cent


def spend_per_participant_day(impact: Decimal, participant_days: int) -> SpendDerivation:
    impact = Decimal(impact)
    if isinstance(participant_days, bool) or int(participant_days) != participant_days:
        raise ValueError("The number of participant-days must be a whole number.")
    if participant_days <= 0:
        raise ValueError("The number of participant-days must be more than 0.")
    if impact < 0:
        raise ValueError("The economic impact must not be negative.")
    spend = (impact / Decimal(participant_days)).quantize(CENT, rounding=ROUND_HALF_UP)
    return SpendDerivation(impact, int(participant_days), spend)


def congress_impact(participant_days: int, spend_per_day: Decimal) -> Decimal:
    """Economic impact in euros: participant-days × spend per participant-day, to the cent."""
    if isinstance(participant_days, bool) or int(participant_days) != participant_days:
        raise ValueError("The number of participant-days must be a whole number.")
    if participant_days < 0:
        raise ValueError("The number of participant-days must not be negative.")
    spend = Decimal(spend_per_day)
    if spend < 0:
        raise ValueError("The spend per participant-day must not be negative.")
    return (Decimal(int(participant_days)) * spend).quantize(CENT, rounding=ROUND_HALF_UP)


def spin_off_jobs(expats: int, jobs_per_expat: Decimal) -> Decimal:
    """Estimated jobs for practically trained people: expats × jobs per expat (one decimal)."""
    if isinstance(expats, bool) or int(expats) != expats:
        raise ValueError("The number of expats must be a whole number.")
    if expats < 0:
        raise ValueError("The number of expats must not be negative.")
    ratio = Decimal(jobs_per_expat)
    if ratio < 0:
        raise ValueError("The jobs per expat must not be negative.")
    return (Decimal(int(expats)) * ratio).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
