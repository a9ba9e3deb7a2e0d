"""The Index071 calculation (monitor/index.py): plain data in, plain data out, no database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from economie071.monitor.index import (
    HIGHER,
    LOWER,
    IndexCalculationError,
    IndicatorDefinition,
    Methodology,
    compute_index,
    to_decimal,
    to_fraction,
)

BASE = 2014

INDICATORS = {
    "banen": IndicatorDefinition(theme="werk", direction=HIGHER),
    "werkloosheid": IndicatorDefinition(theme="werk", direction=LOWER),
    "vestigingen": IndicatorDefinition(theme="bedrijvigheid", direction=HIGHER),
}


def equal(base_year=BASE, indicators=INDICATORS):
    return Methodology.equal(base_year, indicators)


# --- Worked example --------------------------------------------------------------------------


def test_worked_example():
    observations = {
        "banen": {"leiden": {2014: 100, 2015: 110}},
        "werkloosheid": {"leiden": {2014: Decimal("8"), 2015: Decimal("10")}},
        "vestigingen": {"leiden": {2014: 50, 2015: 60}},
    }
    result = compute_index(observations, INDICATORS, equal())["leiden"]
    first, second = result.years
    assert first.total == 100
    assert second.indicators == {"banen": 110, "werkloosheid": 80, "vestigingen": 120}
    assert second.themes == {"werk": 95, "bedrijvigheid": 120}
    assert second.total == Fraction(215, 2)
    change = result.since_previous(2015)
    assert change.change == Fraction(15, 2)
    points = {c.indicator: c.points for c in change.contributions}
    # Each indicator of "werk" weighs 1/4 in the total, "vestigingen" 1/2.
    assert points == {"banen": Fraction(5, 2), "werkloosheid": -5, "vestigingen": 10}
    assert change.composition == 0
    assert [c.indicator for c in change.ranked()] == ["vestigingen", "werkloosheid", "banen"]


def test_weights_of_the_edition():
    observations = {
        "banen": {"leiden": {2014: 100, 2015: 110}},
        "werkloosheid": {"leiden": {2014: 8, 2015: 10}},
        "vestigingen": {"leiden": {2014: 50, 2015: 60}},
    }
    methodology = Methodology(
        base_year=BASE,
        indicator_weights={"banen": 3, "werkloosheid": 1, "vestigingen": 1},
        theme_weights={"werk": Decimal("3")},
    )
    year = compute_index(observations, INDICATORS, methodology)["leiden"].year(2015)
    assert year.themes["werk"] == Fraction(3 * 110 + 80, 4)
    assert year.total == (3 * year.themes["werk"] + 120) / 4


def test_missing_observation_is_left_out_and_reported():
    observations = {
        "banen": {"leiden": {2014: 100, 2015: 120}},
        "werkloosheid": {"leiden": {2014: 8}},
        "vestigingen": {"leiden": {2014: 50, 2015: 50}},
    }
    year = compute_index(observations, INDICATORS, equal())["leiden"].year(2015)
    assert year.missing == ("werkloosheid",)
    assert "werkloosheid" not in year.indicators
    assert year.themes["werk"] == 120  # the mean of the available indicator only
    assert year.total == 110
    change = compute_index(observations, INDICATORS, equal())["leiden"].since_base(2015)
    assert change.change == 10
    assert sum(c.points for c in change.contributions) + change.composition == 10
    assert change.composition != 0


def test_theme_without_any_value_is_left_out_of_the_total():
    observations = {
        "banen": {"leiden": {2014: 100, 2015: 120}},
        "werkloosheid": {"leiden": {2014: 8, 2015: 8}},
        "vestigingen": {"leiden": {2014: 50}},
    }
    year = compute_index(observations, INDICATORS, equal())["leiden"].year(2015)
    assert year.missing_themes == ("bedrijvigheid",)
    assert year.total == 110


def test_indicator_for_the_region_only_is_not_part_of_a_municipality():
    indicators = {
        **INDICATORS,
        "vestigingen": IndicatorDefinition("bedrijvigheid", HIGHER, frozenset({"regio"})),
    }
    observations = {
        "banen": {"leiden": {2014: 100, 2015: 120}, "regio": {2014: 10, 2015: 10}},
        "werkloosheid": {"leiden": {2014: 8, 2015: 8}, "regio": {2014: 8, 2015: 8}},
        "vestigingen": {"regio": {2014: 50, 2015: 100}},
    }
    result = compute_index(observations, indicators, equal(indicators=indicators))
    assert result["leiden"].year(2015).missing == ()
    assert result["leiden"].year(2015).total == 110
    assert result["regio"].year(2015).total == 150


def test_requested_years_and_areas():
    observations = {slug: {"leiden": {2014: 1, 2016: 2}} for slug in INDICATORS}
    result = compute_index(observations, INDICATORS, equal(), areas=["leiden"], years=[2015, 2016])
    empty = result["leiden"].year(2015)
    assert empty.total is None
    assert set(empty.missing) == set(INDICATORS)
    assert result["leiden"].since_previous(2016) is None  # no total in 2015


# --- Bad input: clear messages --------------------------------------------------------------


def problems(observations, methodology=None, **kwargs):
    with pytest.raises(IndexCalculationError) as caught:
        compute_index(observations, INDICATORS, methodology or equal(), **kwargs)
    return caught.value.problems


def full(**overrides):
    observations = {slug: {"leiden": {2014: 10, 2015: 12}} for slug in INDICATORS}
    observations.update(overrides)
    return observations


def test_base_year_without_data():
    found = problems(full(banen={"leiden": {2015: 10}}))
    assert [(p.code, p.indicator, p.area, p.year) for p in found] == [
        ("base_missing", "banen", "leiden", 2014)
    ]
    assert "no value for 'leiden' in the base year 2014" in found[0].message


def test_base_value_zero_is_division_by_zero():
    found = problems(full(vestigingen={"leiden": {2014: 0, 2015: 5}}))
    assert [p.code for p in found] == ["base_not_positive"]
    assert "division by zero" in found[0].message
    assert "'vestigingen'" in found[0].message


def test_lower_is_better_value_zero():
    found = problems(full(werkloosheid={"leiden": {2014: 5, 2015: 0}}))
    assert [(p.code, p.year) for p in found] == [("value_not_positive", 2015)]


def test_year_before_base_year():
    found = problems(full(), years=[2013, 2015])
    assert [(p.code, p.year) for p in found] == [("before_base_year", 2013)]
    assert "before the base year 2014" in found[0].message


def test_every_problem_is_reported_at_once():
    found = problems(
        full(banen={"leiden": {2015: 1}}, vestigingen={"leiden": {2014: 0}}), years=[2010]
    )
    assert {p.code for p in found} == {"base_missing", "base_not_positive", "before_base_year"}


def test_bad_weights_and_unknown_names():
    methodology = Methodology(
        base_year=BASE,
        indicator_weights={"banen": 0, "werkloosheid": "x", "onbekend": 1, "vestigingen": 1},
        theme_weights={"cultuur": 1},
    )
    codes = sorted(p.code for p in problems(full(), methodology))
    assert codes == ["bad_weight", "bad_weight", "unknown_indicator", "unknown_theme"]


def test_observations_before_the_base_year_are_ignored():
    observations = full(banen={"leiden": {2012: 1, 2014: 10, 2015: 12}})
    result = compute_index(observations, INDICATORS, equal())["leiden"]
    assert [y.year for y in result.years] == [2014, 2015]


def test_numbers():
    assert to_fraction("1.5") == Fraction(3, 2)
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_decimal(Fraction(2, 3), 1) == Decimal("0.7")
    assert to_decimal(Fraction(1, 20), 1) == Decimal("0.1")  # half up
    assert to_decimal(None) is None
    for bad in ("abc", None, True, "NaN"):
        with pytest.raises(ValueError, match="number"):
            to_fraction(bad, "here")


# --- Properties -----------------------------------------------------------------------------

positive = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2, allow_nan=False
)
YEARS = range(BASE, BASE + 4)


@st.composite
def scenarios(draw):
    """Definitions, a methodology with random weights, and observations with gaps."""
    count = draw(st.integers(min_value=1, max_value=6))
    themes = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=count, max_size=count))
    directions = draw(st.lists(st.sampled_from([HIGHER, LOWER]), min_size=count, max_size=count))
    indicators = {
        f"i{n}": IndicatorDefinition(theme=themes[n], direction=directions[n]) for n in range(count)
    }
    weights = {slug: draw(st.integers(min_value=1, max_value=5)) for slug in indicators}
    theme_weights = {
        theme: draw(st.integers(min_value=1, max_value=5)) for theme in sorted(set(themes))
    }
    areas = ["regio", "leiden"]
    observations = {}
    for slug in indicators:
        observations[slug] = {}
        for area in areas:
            series = {BASE: draw(positive)}
            for year in YEARS[1:]:
                if draw(st.booleans()) or draw(st.booleans()):
                    series[year] = draw(positive)
            observations[slug][area] = series
    methodology = Methodology(BASE, weights, theme_weights)
    return indicators, methodology, observations


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_base_year_is_exactly_100_everywhere(scenario):
    indicators, methodology, observations = scenario
    for area_index in compute_index(observations, indicators, methodology).values():
        base = area_index.year(BASE)
        assert base.total == 100
        assert set(base.themes.values()) == {100}
        assert set(base.indicators.values()) == {100}
        assert to_decimal(base.total, 1) == Decimal("100.0")


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_scaling_an_indicators_unit_changes_nothing(scenario, data):
    indicators, methodology, observations = scenario
    slug = data.draw(st.sampled_from(sorted(indicators)))
    factor = data.draw(
        st.sampled_from([Decimal("0.001"), Decimal("1000"), Decimal("3.7"), Fraction(1, 7)])
    )
    scaled = dict(observations)
    scaled[slug] = {
        area: {year: to_fraction(value) * to_fraction(factor) for year, value in series.items()}
        for area, series in observations[slug].items()
    }
    assert compute_index(scaled, indicators, methodology) == compute_index(
        observations, indicators, methodology
    )


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.data())
def test_improving_one_indicator_never_lowers_the_total(scenario, data):
    indicators, methodology, observations = scenario
    slug = data.draw(st.sampled_from(sorted(indicators)))
    area = data.draw(st.sampled_from(["regio", "leiden"]))
    year = data.draw(st.sampled_from([y for y in observations[slug][area] if y != BASE] or [0]))
    assume(year != 0)
    factor = data.draw(st.sampled_from([Fraction(101, 100), Fraction(3, 2), Fraction(10)]))
    value = to_fraction(observations[slug][area][year])
    improved = value * factor if indicators[slug].direction == HIGHER else value / factor
    better = {
        **observations,
        slug: {**observations[slug], area: {**observations[slug][area], year: improved}},
    }
    before = compute_index(observations, indicators, methodology)[area].year(year)
    after = compute_index(better, indicators, methodology)[area].year(year)
    assert after.total > before.total
    assert after.themes[indicators[slug].theme] > before.themes[indicators[slug].theme]


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_contributions_add_up_to_the_change(scenario):
    indicators, methodology, observations = scenario
    for area_index in compute_index(observations, indicators, methodology).values():
        for year_index in area_index.years:
            for change in (
                area_index.since_previous(year_index.year),
                area_index.since_base(year_index.year),
            ):
                if change is None:
                    continue
                parts = sum((c.points for c in change.contributions), Fraction(0))
                assert parts + change.composition == change.change
                assert change.change == year_index.total - area_index.year(change.from_year).total
                if not year_index.missing and not area_index.year(change.from_year).missing:
                    assert change.composition == 0
