"""Reporting period labels like '2019-H2' (portfolio/periods.py)."""

import datetime
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.portfolio.periods import HalfYear, parse_period_label

half_years = st.builds(
    HalfYear, year=st.integers(min_value=1990, max_value=2100), half=st.sampled_from([1, 2])
)


@given(half_year=half_years)
def test_label_and_parse_round_trip(half_year):
    assert parse_period_label(half_year.label) == half_year


@given(text=st.text(max_size=12))
def test_any_text_is_either_a_label_or_a_value_error(text):
    try:
        half_year = parse_period_label(text)
    except ValueError:
        return
    assert half_year.label == text.strip()


def test_parse_gives_year_and_half():
    assert parse_period_label("2019-H2") == HalfYear(2019, 2)


@pytest.mark.parametrize("label", ["2019-H3", "2019H2", "", "abcd-H1", " 2019-h2", "2019-H0"])
def test_a_bad_label_raises_value_error_naming_it(label):
    with pytest.raises(ValueError) as excinfo:
        parse_period_label(label)

    assert f"“{label}”" in str(excinfo.value)


def test_a_year_out_of_range_is_refused_with_the_year():
    with pytest.raises(ValueError, match="1850"):
        parse_period_label("1850-H1")


def test_a_label_that_is_not_text_is_a_value_error():
    with pytest.raises(ValueError):
        parse_period_label(None)


@pytest.mark.parametrize(
    ("half_year", "starts_on", "ends_on", "previous"),
    [
        (HalfYear(2019, 1), date(2019, 1, 1), date(2019, 6, 30), HalfYear(2018, 2)),
        (HalfYear(2019, 2), date(2019, 7, 1), date(2019, 12, 31), HalfYear(2019, 1)),
    ],
)
def test_half_year_dates_and_previous(half_year, starts_on, ends_on, previous):
    assert (half_year.starts_on, half_year.ends_on) == (starts_on, ends_on)
    assert half_year.previous() == previous


@given(half_year=half_years)
def test_previous_half_year_ends_the_day_before(half_year):
    assert half_year.previous().ends_on == half_year.starts_on - datetime.timedelta(days=1)
