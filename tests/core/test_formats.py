"""Numbers, money and percentages in Dutch notation (core/formats.py), as the charts print
them whatever the language of the page."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.core.formats import (
    format_decimal,
    format_money,
    format_percent,
    format_whole,
)

# --- Money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("192000"), "€ 192.000"),
        (Decimal("192000.00"), "€ 192.000"),
        (Decimal("45482.68"), "€ 45.482,68"),
        (Decimal("86991.85"), "€ 86.991,85"),
        (Decimal("0.5"), "€ 0,50"),
        (Decimal("0.005"), "€ 0,01"),
        (Decimal("1234567.891"), "€ 1.234.567,89"),
        (0, "€ 0"),
        (12.3, "€ 12,30"),
        (Decimal("-1234.5"), "€ -1.234,50"),
    ],
)
def test_format_money(amount, expected):
    assert format_money(amount) == expected


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_money_round_trips_to_cents(cents):
    text = format_money(Decimal(cents) / 100)
    assert re.fullmatch(r"€ -?\d{1,3}(\.\d{3})*(,\d\d)?", text)
    digits = text.removeprefix("€ ").replace(".", "").replace(",", ".")
    assert Decimal(digits) * 100 == cents
    assert ("," in text) == (cents % 100 != 0)


# --- Percentages: a share of 1, or a percentage already --------------------------------------


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (Decimal("0.453"), "45,3%"),
        (Decimal("0.45349"), "45,3%"),
        (Decimal("0.45350"), "45,4%"),
        (Decimal("1"), "100,0%"),
        (Decimal("0"), "0,0%"),
        (0.25, "25,0%"),
    ],
)
def test_a_share_of_one_is_shown_as_a_percentage(share, expected):
    assert format_percent(share, unit="share") == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (Decimal("6.4"), "6,4%"),
        (Decimal("6.35"), "6,4%"),  # half up, as the tables round
        (6.44, "6,4%"),
        (12, "12,0%"),
        (Decimal("-0.45"), "-0,5%"),
        (None, "–"),
    ],
)
def test_a_percentage_is_shown_as_it_is(percent, expected):
    assert format_percent(percent, unit="percent") == expected


@given(st.decimals(min_value=-10, max_value=10, places=6))
def test_a_share_reads_as_the_same_percentage_a_hundred_times_larger(share):
    assert format_percent(share, unit="share") == format_percent(share * 100, unit="percent")


def test_the_unit_must_be_named():
    with pytest.raises(TypeError):
        format_percent(Decimal("0.5"))  # which is it: 0,5% or 50%?
    with pytest.raises(ValueError, match="unit"):
        format_percent(Decimal("0.5"), unit="fraction")


def test_something_that_is_not_a_number_is_an_error_not_a_text():
    with pytest.raises(ValueError, match="not a number"):
        format_percent("veel", unit="percent")
    with pytest.raises(ValueError, match="not a finite number"):
        format_percent(float("nan"), unit="share")


# --- Decimals and whole numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("99.95"), 1, "100,0"),
        (Decimal("103.44"), 1, "103,4"),
        (Decimal("-4.55"), 1, "-4,6"),
        (2.25, 2, "2,25"),
        (Decimal("7"), 0, "7"),
        (None, 1, "–"),
    ],
)
def test_format_decimal(value, places, expected):
    assert format_decimal(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12500, "12.500"),
        (Decimal("1234567.5"), "1.234.568"),
        (Decimal("-2500.4"), "-2.500"),
        (0, "0"),
        (None, "–"),
    ],
)
def test_format_whole(value, expected):
    assert format_whole(value) == expected
