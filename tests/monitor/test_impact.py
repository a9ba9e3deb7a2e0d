"""Impact calculators (monitor/impact.py): the derivation from the seed's 2019 figures."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.monitor import constants
from economie071.monitor.impact import congress_impact, spend_per_participant_day, spin_off_jobs


def test_spend_per_participant_day_from_the_2019_figures():
    derivation = spend_per_participant_day(
        constants.CONGRESS_IMPACT, constants.CONGRESS_PARTICIPANT_DAYS
    )
    # € 5,900,000 / 27,245 participant-days = € 216.553...
    assert derivation.spend_per_day == Decimal("216.55")
    assert derivation.participant_days == 27_245
    assert derivation.impact == Decimal("5900000")


def test_congress_impact_gives_back_the_printed_figure_to_the_rounding():
    spend = spend_per_participant_day(
        constants.CONGRESS_IMPACT, constants.CONGRESS_PARTICIPANT_DAYS
    ).spend_per_day
    impact = congress_impact(constants.CONGRESS_PARTICIPANT_DAYS, spend)
    assert abs(impact - constants.CONGRESS_IMPACT) < constants.CONGRESS_PARTICIPANT_DAYS * Decimal(
        "0.005"
    )
    assert congress_impact(1000, Decimal("216.55")) == Decimal("216550.00")


def test_spin_off_jobs():
    assert spin_off_jobs(100, constants.SPIN_OFF_JOBS_PER_EXPAT) == Decimal("160.0")
    assert spin_off_jobs(0, Decimal("1.6")) == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spend_per_participant_day(Decimal(1), 0), "more than 0"),
        (lambda: spend_per_participant_day(Decimal(-1), 5), "negative"),
        (lambda: congress_impact(-1, Decimal(1)), "negative"),
        (lambda: congress_impact(1.5, Decimal(1)), "whole"),
        (lambda: congress_impact(1, Decimal(-1)), "negative"),
        (lambda: spin_off_jobs(-3, Decimal(1)), "negative"),
        (lambda: spin_off_jobs(True, Decimal(1)), "whole"),
        (lambda: spin_off_jobs(3, Decimal(-1)), "negative"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_impact_is_additive_in_participant_days(a, b):
    spend = Decimal("216.55")
    assert congress_impact(a + b, spend) == congress_impact(a, spend) + congress_impact(b, spend)
