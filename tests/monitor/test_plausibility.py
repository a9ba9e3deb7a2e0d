"""What an imported figure can be, by its indicator's unit (monitor/plausibility.py)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.monitor.plausibility import (
    COUNT,
    OTHER,
    SHARE,
    bounds,
    large_change,
    nearest_year,
    unit_kind,
)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("%", SHARE),
        ("procent", SHARE),
        ("% van de beroepsbevolking", SHARE),
        ("% leegstand (m² wvo)", SHARE),
        ("% groei", OTHER),
        ("procentpunt", OTHER),
        ("mutatie in %", OTHER),
        ("banen", COUNT),
        ("x 1 000 banen", COUNT),
        ("werkzame personen", COUNT),
        ("vestigingen", COUNT),
        ("starters", COUNT),
        ("faillissementen", COUNT),
        ("studenten", COUNT),
        ("overnachtingen", COUNT),
        ("nachten", COUNT),
        ("m² wvo", COUNT),
        ("m2", COUNT),
        ("ha", COUNT),
        ("aantal bedrijven", COUNT),
        ("euro", OTHER),
        ("€ per inwoner", OTHER),
        ("index (2015 = 100)", OTHER),
        ("saldo vestigingen", OTHER),
    ],
)
def test_unit_kind(unit, kind):
    assert unit_kind(unit) == kind


def test_bounds():
    assert bounds("%") == (0, 100)
    assert bounds("banen") == (0, None)
    assert bounds("euro") == (None, None)


def test_large_change():
    assert large_change(Decimal(1100), Decimal(2500), unit="banen")  # more than double
    assert large_change(Decimal(1000), Decimal(400), unit="banen")  # less than half
    assert not large_change(Decimal(1000), Decimal(1900), unit="banen")
    assert not large_change(Decimal(7), Decimal(3), unit="faillissementen")  # small counts
    assert large_change(Decimal(0), Decimal(500), unit="banen")
    assert large_change(Decimal("6.5"), Decimal("17"), unit="%")  # 10.5 points
    assert not large_change(Decimal("6.5"), Decimal("16"), unit="%")
    assert not large_change(Decimal(-5), Decimal(40), unit="euro")  # a sign change: no scale


@given(
    st.decimals(min_value=1, max_value=10**9, places=2),
    st.decimals(min_value=Decimal("0.5"), max_value=2, places=3),
)
def test_a_change_within_a_factor_two_is_never_flagged(previous, factor):
    assert not large_change(previous, previous * factor, unit="banen")
    assert not large_change(previous * factor, previous, unit="banen")


def test_nearest_year():
    series = {2014: Decimal(1), 2016: Decimal(2), 2019: Decimal(3)}
    assert nearest_year(series, 2015) == 2014  # the earlier one on a tie
    assert nearest_year(series, 2016) == 2014
    assert nearest_year(series, 2020) == 2019
    assert nearest_year({2016: Decimal(1)}, 2016) is None
