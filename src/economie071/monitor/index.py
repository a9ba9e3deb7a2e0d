"""The Index071 calculation: a composite index of the regional economy (base year = 100).

Plain Python, no Django: it takes plain data and returns plain data, so it can be tested
(with hypothesis) and benchmarked without a database. The selectors feed it from the models.

The method, per area (the region or a municipality):

- indicator index = value / base-year value × 100; for a "lower is better" indicator the
  ratio is inverted (base-year value / value × 100), so a higher index is always better;
- theme index = weighted mean of the indexes of the theme's indicators available that year;
- total index = weighted mean of the theme indexes available that year.

Missing observations: an indicator without an observation in a year is left out of that
year's mean (and listed in ``YearIndex.missing``); a value is never invented. A theme none
of whose indicators has a value that year is left out of the total (``missing_themes``).

Contributions: the change of the total between two years is split over the indicators. With
the same indicators available in both years, an indicator's contribution is its effective
weight in the total times the change of its index; when the available indicators differ,
the indicators use the mean of their two effective weights and the rest of the change (the
effect of the changed composition) is reported separately. The parts always add up to the
change, exactly.

All arithmetic is exact (``fractions.Fraction``): the base year is exactly 100, and scaling
an indicator's unit changes nothing. Round only for display (``to_decimal``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)
HUNDRED = Fraction(100)

__all__ = [
    "HIGHER",
    "LOWER",
    "AreaIndex",
    "Change",
    "Contribution",
    "IndexCalculationError",
    "IndicatorDefinition",
    "Methodology",
    "Problem",
    "YearIndex",
    "change_between",
    "compute_index",
    "to_decimal",
    "to_fraction",
]


# --- Input ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDefinition:
    """What the calculation needs to know of an indicator.

    `areas`: the areas the indicator is measured for (None: every area). An indicator that
    does not exist for an area (e.g. one only published for the region) is not part of that
    area's index at all, rather than "missing".
    """

    theme: str
    direction: str = HIGHER
    areas: frozenset[str] | None = None

    def applies_to(self, area: str) -> bool:
        return self.areas is None or area in self.areas


@dataclass(frozen=True)
class Methodology:
    """An edition's method: its base year, its indicator set with weights, theme weights.

    `indicator_weights`: the indicator set, each with its weight within its theme.
    `theme_weights`: weight per theme in the total; a theme not named gets weight 1 (equal
    weights by default).
    """

    base_year: int
    indicator_weights: Mapping[str, Fraction | Decimal | int | str]
    theme_weights: Mapping[str, Fraction | Decimal | int | str] = field(default_factory=dict)

    @classmethod
    def equal(cls, base_year: int, indicators: Iterable[str]) -> Methodology:
        return cls(base_year=base_year, indicator_weights={slug: 1 for slug in indicators})


@dataclass(frozen=True)
class Problem:
    """One reason the index cannot be calculated; `code` for translation, `message` in English."""

    code: str
    message: str
    indicator: str = ""
    area: str = ""
    year: int | None = None
    theme: str = ""


class IndexCalculationError(ValueError):
    """The input does not allow an honest index; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(problem.message for problem in problems))


# --- Output --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    indicator: str
    theme: str
    points: Fraction  # points of the total index


@dataclass(frozen=True)
class Change:
    """The change of the total index between two years, split over the indicators."""

    from_year: int
    to_year: int
    change: Fraction
    contributions: tuple[Contribution, ...]
    composition: Fraction  # the part due to indicators missing in one of the years

    def ranked(self) -> list[Contribution]:
        """Largest effect first (positive or negative), then by indicator."""
        return sorted(self.contributions, key=lambda c: (-abs(c.points), c.indicator))


@dataclass(frozen=True)
class YearIndex:
    year: int
    indicators: dict[str, Fraction]  # only the indicators with an observation
    themes: dict[str, Fraction]  # only the themes with at least one indicator
    total: Fraction | None
    missing: tuple[str, ...]  # indicators left out of this year's mean
    missing_themes: tuple[str, ...]
    weights: dict[str, Fraction]  # each available indicator's effective weight in the total


@dataclass(frozen=True)
class AreaIndex:
    area: str
    base_year: int
    years: tuple[YearIndex, ...]
    indicator_themes: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def year(self, year: int) -> YearIndex | None:
        return next((item for item in self.years if item.year == year), None)

    def change(self, from_year: int, to_year: int) -> Change | None:
        first, second = self.year(from_year), self.year(to_year)
        if first is None or second is None:
            return None
        return change_between(first, second, self.indicator_themes)

    def since_previous(self, year: int) -> Change | None:
        """The change since the year before (None when that year is not in the series)."""
        return self.change(year - 1, year)

    def since_base(self, year: int) -> Change | None:
        return self.change(self.base_year, year)


# --- Numbers -------------------------------------------------------------------------------


def to_fraction(value, where: str = "") -> Fraction:
    """An exact Fraction of an int, Decimal, Fraction, numeric string or float (by its repr)."""
    prefix = f"{where}: " if where else ""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{prefix}not a number: {value!r}.")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except ArithmeticError:
        raise ValueError(f"{prefix}not a number: {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"{prefix}not a finite number: {value!r}.")
    return Fraction(number)


def to_decimal(value: Fraction | None, places: int = 1) -> Decimal | None:
    """A Fraction rounded half up to `places` decimals, for display and export."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        quantum, rounding=ROUND_HALF_UP
    )


# --- The calculation -----------------------------------------------------------------------


def _weights(
    methodology: Methodology, indicators: Mapping[str, IndicatorDefinition]
) -> tuple[dict[str, Fraction], dict[str, Fraction], list[Problem]]:
    problems: list[Problem] = []
    indicator_weights: dict[str, Fraction] = {}
    for slug, weight in methodology.indicator_weights.items():
        if slug not in indicators:
            problems.append(
                Problem(
                    "unknown_indicator",
                    f"Indicator {slug!r} is in the indicator set but has no definition.",
                    indicator=slug,
                )
            )
            continue
        definition = indicators[slug]
        if definition.direction not in DIRECTIONS:
            problems.append(
                Problem(
                    "bad_direction",
                    f"Indicator {slug!r}: direction must be 'higher' or 'lower', "
                    f"not {definition.direction!r}.",
                    indicator=slug,
                )
            )
        try:
            number = to_fraction(weight, f"Weight of indicator {slug!r}")
        except ValueError as error:
            problems.append(Problem("bad_weight", str(error), indicator=slug))
            continue
        if number <= 0:
            problems.append(
                Problem(
                    "bad_weight",
                    f"Weight of indicator {slug!r} must be more than 0, not {weight}.",
                    indicator=slug,
                )
            )
            continue
        indicator_weights[slug] = number
    if not methodology.indicator_weights:
        problems.append(Problem("no_indicators", "The indicator set is empty."))
    themes_used = {indicators[slug].theme for slug in indicator_weights}
    theme_weights: dict[str, Fraction] = {theme: Fraction(1) for theme in themes_used}
    for theme, weight in methodology.theme_weights.items():
        if theme not in themes_used:
            problems.append(
                Problem(
                    "unknown_theme",
                    f"Theme {theme!r} has a weight but none of the set's indicators.",
                    theme=theme,
                )
            )
            continue
        try:
            number = to_fraction(weight, f"Weight of theme {theme!r}")
        except ValueError as error:
            problems.append(Problem("bad_weight", str(error), theme=theme))
            continue
        if number <= 0:
            problems.append(
                Problem(
                    "bad_weight",
                    f"Weight of theme {theme!r} must be more than 0, not {weight}.",
                    theme=theme,
                )
            )
            continue
        theme_weights[theme] = number
    return indicator_weights, theme_weights, problems


def compute_index(
    observations: Mapping[str, Mapping[str, Mapping[int, object]]],
    indicators: Mapping[str, IndicatorDefinition],
    methodology: Methodology,
    *,
    areas: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> dict[str, AreaIndex]:
    """The index per area and year.

    observations: ``{indicator: {area: {year: value}}}``; values are numbers (ints,
    Decimals, Fractions, numeric strings). `areas`: the areas to compute (default: every
    area with an observation of an indicator of the set). `years`: the years to compute
    (default: every year from the base year on with an observation for the area).

    Raises IndexCalculationError listing every problem: an indicator of the set without a
    base-year value for an area it applies to, a base-year value of 0 or less, a value of 0
    or less for a "lower is better" indicator (its ratio is inverted), a requested year
    before the base year, bad weights.
    """
    base_year = methodology.base_year
    indicator_weights, theme_weights, problems = _weights(methodology, indicators)
    requested_years = sorted(set(years)) if years is not None else None
    for year in requested_years or []:
        if year < base_year:
            problems.append(
                Problem(
                    "before_base_year",
                    f"Year {year} is before the base year {base_year}: "
                    "the index starts at the base year.",
                    year=year,
                )
            )
    if areas is None:
        area_list = sorted(
            {
                area
                for slug in indicator_weights
                for area, series in observations.get(slug, {}).items()
                if series
            }
        )
    else:
        area_list = list(dict.fromkeys(areas))

    # Exact values and base values, checked all at once so every problem is reported.
    values: dict[tuple[str, str], dict[int, Fraction]] = {}
    for area in area_list:
        for slug in indicator_weights:
            definition = indicators[slug]
            if not definition.applies_to(area):
                continue
            series: dict[int, Fraction] = {}
            for year, raw in (observations.get(slug, {}).get(area) or {}).items():
                if raw is None:
                    continue
                where = f"Indicator {slug!r}, area {area!r}, year {year}"
                try:
                    series[int(year)] = to_fraction(raw, where)
                except ValueError as error:
                    problems.append(
                        Problem("bad_value", str(error), indicator=slug, area=area, year=year)
                    )
            base = series.get(base_year)
            if base is None:
                problems.append(
                    Problem(
                        "base_missing",
                        f"Indicator {slug!r} has no value for {area!r} in the base year "
                        f"{base_year}: its index cannot be calculated.",
                        indicator=slug,
                        area=area,
                        year=base_year,
                    )
                )
            elif base <= 0:
                problems.append(
                    Problem(
                        "base_not_positive",
                        f"Indicator {slug!r} has a base-year value of {_show(base)} for "
                        f"{area!r} in {base_year}: an index needs a base value above 0 "
                        "(division by zero).",
                        indicator=slug,
                        area=area,
                        year=base_year,
                    )
                )
            if definition.direction == LOWER:
                for year, value in sorted(series.items()):
                    if year > base_year and value <= 0:
                        problems.append(
                            Problem(
                                "value_not_positive",
                                f"Indicator {slug!r} (lower is better) has a value of "
                                f"{_show(value)} for {area!r} in {year}: its inverted ratio "
                                "needs a value above 0 (division by zero).",
                                indicator=slug,
                                area=area,
                                year=year,
                            )
                        )
            values[(slug, area)] = series
    if problems:
        raise IndexCalculationError(problems)

    themes_of = {slug: indicators[slug].theme for slug in indicator_weights}
    result: dict[str, AreaIndex] = {}
    for area in area_list:
        applicable = [slug for slug in indicator_weights if (slug, area) in values]
        if requested_years is not None:
            area_years = requested_years
        else:
            area_years = sorted(
                {year for slug in applicable for year in values[(slug, area)] if year >= base_year}
            )
        computed = []
        for year in area_years:
            computed.append(
                _year_index(
                    year,
                    applicable,
                    {slug: values[(slug, area)] for slug in applicable},
                    base_year,
                    indicators,
                    indicator_weights,
                    theme_weights,
                )
            )
        result[area] = AreaIndex(
            area=area, base_year=base_year, years=tuple(computed), indicator_themes=themes_of
        )
    return result


def _show(value: Fraction) -> str:
    return str(to_decimal(value, 6).normalize()) if value.denominator != 1 else str(value)


def _year_index(
    year: int,
    applicable: list[str],
    series: dict[str, dict[int, Fraction]],
    base_year: int,
    indicators: Mapping[str, IndicatorDefinition],
    indicator_weights: dict[str, Fraction],
    theme_weights: dict[str, Fraction],
) -> YearIndex:
    indexes: dict[str, Fraction] = {}
    missing = []
    for slug in applicable:
        value = series[slug].get(year)
        if value is None:
            missing.append(slug)
            continue
        base = series[slug][base_year]
        if indicators[slug].direction == LOWER:
            indexes[slug] = base / value * HUNDRED
        else:
            indexes[slug] = value / base * HUNDRED

    by_theme: dict[str, list[str]] = {}
    for slug in applicable:
        by_theme.setdefault(indicators[slug].theme, [])
        if slug in indexes:
            by_theme[indicators[slug].theme].append(slug)
    themes: dict[str, Fraction] = {}
    within: dict[str, Fraction] = {}  # an indicator's share of its theme
    for theme, slugs in by_theme.items():
        if not slugs:
            continue
        theme_total = sum((indicator_weights[slug] for slug in slugs), Fraction(0))
        themes[theme] = (
            sum((indicator_weights[slug] * indexes[slug] for slug in slugs), Fraction(0))
            / theme_total
        )
        for slug in slugs:
            within[slug] = indicator_weights[slug] / theme_total
    missing_themes = tuple(sorted(theme for theme in by_theme if theme not in themes))

    total = None
    weights: dict[str, Fraction] = {}
    if themes:
        all_themes = sum((theme_weights[theme] for theme in themes), Fraction(0))
        total = sum((theme_weights[t] * value for t, value in themes.items()), Fraction(0))
        total /= all_themes
        weights = {
            slug: theme_weights[indicators[slug].theme] / all_themes * share
            for slug, share in within.items()
        }
    return YearIndex(
        year=year,
        indicators=indexes,
        themes=themes,
        total=total,
        missing=tuple(missing),
        missing_themes=missing_themes,
        weights=weights,
    )


def change_between(first: YearIndex, second: YearIndex, themes: Mapping[str, str]) -> Change | None:
    """The change of the total from `first` to `second`, split over the indicators.

    Returns None when either year has no total. The contributions plus `composition` add
    up to the change exactly.
    """
    if first.total is None or second.total is None:
        return None
    change = second.total - first.total
    contributions = []
    for slug in sorted(set(first.indicators) & set(second.indicators)):
        weight = (first.weights[slug] + second.weights[slug]) / 2
        points = weight * (second.indicators[slug] - first.indicators[slug])
        contributions.append(Contribution(slug, themes.get(slug, ""), points))
    explained = sum((item.points for item in contributions), Fraction(0))
    return Change(
        from_year=first.year,
        to_year=second.year,
        change=change,
        contributions=tuple(contributions),
        composition=change - explained,
    )
