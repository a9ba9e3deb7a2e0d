"""The arithmetic of the retail monitor and the business land balance: plain data in and out.

No Django here, so the rules can be read in one place and tested on their own:

- vacancy: vacant / total × 100, per area or summed over areas (None when the total is 0);
- the reduction of peripheral floor space: the floor space of the peripheral locations in
  the baseline year minus that in a later year, over the locations with a figure in both
  years (the others are named, never estimated);
- the land balance: available land (hard plan capacity, and hard + soft) at the start,
  minus the forecast demand summed year by year. A year without a forecast breaks the
  series: from there the balance is unknown (None), not guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def percentage(part, whole, places: int = 1) -> Decimal | None:
    """part / whole × 100, rounded half up; None when whole is 0 or either is missing."""
    if part is None or whole is None or not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Reduction:
    baseline_year: int
    year: int
    baseline_m2: int
    current_m2: int
    left_out: tuple[str, ...]  # locations without a figure in one of the two years

    @property
    def reduced_m2(self) -> int:
        return self.baseline_m2 - self.current_m2


def floor_space_reduction(
    figures: Mapping[str, Mapping[int, int]], baseline_year: int, year: int
) -> Reduction | None:
    """m² reduced between the baseline year and `year`: `figures` is location → year → m².

    Only locations with a figure in both years count; None when there is none.
    """
    both = [
        name for name, by_year in figures.items() if baseline_year in by_year and year in by_year
    ]
    if not both:
        return None
    left_out = tuple(sorted(name for name in figures if name not in both))
    return Reduction(
        baseline_year=baseline_year,
        year=year,
        baseline_m2=sum(figures[name][baseline_year] for name in both),
        current_m2=sum(figures[name][year] for name in both),
        left_out=left_out,
    )


@dataclass(frozen=True)
class BalanceYear:
    year: int
    demand: Decimal | None  # the forecast demand of this year
    cumulative_demand: Decimal | None
    hard_balance: Decimal | None  # hard supply minus the demand so far
    total_balance: Decimal | None  # hard + soft supply minus the demand so far

    @property
    def hard_shortfall(self) -> bool:
        return self.hard_balance is not None and self.hard_balance < 0

    @property
    def total_shortfall(self) -> bool:
        return self.total_balance is not None and self.total_balance < 0


def land_balance(
    *,
    hard: Decimal,
    soft: Decimal,
    demand: Mapping[int, Decimal],
    first_year: int,
    last_year: int,
) -> list[BalanceYear]:
    """The balance at the end of each year from `first_year` to `last_year`.

    Supply is measured at the start of `first_year`; each year's demand is taken from it.
    """
    rows = []
    cumulative: Decimal | None = ZERO
    for year in range(first_year, last_year + 1):
        this_year = demand.get(year)
        if this_year is None or cumulative is None:
            cumulative = None
        else:
            cumulative += Decimal(this_year)
        rows.append(
            BalanceYear(
                year=year,
                demand=None if this_year is None else Decimal(this_year),
                cumulative_demand=cumulative,
                hard_balance=None if cumulative is None else Decimal(hard) - cumulative,
                total_balance=None
                if cumulative is None
                else Decimal(hard) + Decimal(soft) - cumulative,
            )
        )
    return rows


def first_shortfall(rows: Iterable[BalanceYear], *, include_soft: bool) -> int | None:
    """The first year in which demand exceeds the supply (hard, or hard + soft)."""
    for row in rows:
        if row.total_shortfall if include_soft else row.hard_shortfall:
            return row.year
    return None
