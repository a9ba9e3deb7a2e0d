"""Sharing an amount out by weight, in whole cents (core/allocation.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.core.allocation import allocate

CENT = Decimal("0.01")

amounts = st.integers(min_value=0, max_value=10**13).map(lambda cents: Decimal(cents) * CENT)
# Integer weights (inhabitants) and decimal weights (fixed shares with up to 4 decimals,
# as BudgetShare stores them), at least one of them positive.
int_weights = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12)
decimal_weights = st.lists(
    st.decimals(min_value=0, max_value=10**5, places=4, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=12,
)
weight_lists = st.one_of(int_weights, decimal_weights).filter(lambda ws: sum(ws) > 0)


def as_mapping(weights):
    return {f"partij-{i}": w for i, w in enumerate(weights)}


@given(amount=amounts, weights=weight_lists)
def test_shares_add_up_exactly_to_the_amount(amount, weights):
    shares = allocate(amount, as_mapping(weights))

    assert sum(shares.values()) == amount
    assert set(shares) == set(as_mapping(weights))


@given(amount=amounts, weights=weight_lists)
def test_every_share_is_whole_cents_within_one_cent_of_its_exact_share(amount, weights):
    mapping = as_mapping(weights)
    shares = allocate(amount, mapping)

    total = sum(Fraction(w) for w in mapping.values())
    for key, weight in mapping.items():
        exact = Fraction(amount) * Fraction(weight) / total
        assert shares[key] == shares[key].quantize(CENT)
        assert abs(Fraction(shares[key]) - exact) < Fraction(1, 100)


@given(amount=amounts, weights=weight_lists)
def test_a_zero_weight_gets_nothing(amount, weights):
    mapping = {**as_mapping(weights), "niet-deelnemend": 0}

    assert allocate(amount, mapping)["niet-deelnemend"] == 0


@given(amount=amounts, weights=weight_lists)
def test_allocation_is_deterministic(amount, weights):
    assert allocate(amount, as_mapping(weights)) == allocate(amount, as_mapping(weights))


@given(
    cents=st.integers(min_value=0, max_value=10**6),
    parties=st.integers(min_value=1, max_value=20),
)
def test_equal_weights_give_left_over_cents_to_the_first_parties(cents, parties):
    amount = Decimal(cents) * CENT
    mapping = {f"partij-{i}": 1 for i in range(parties)}

    shares = list(allocate(amount, mapping).values())

    base, left_over = divmod(cents, parties)
    expected = [Decimal(base + (1 if i < left_over else 0)) * CENT for i in range(parties)]
    assert shares == expected


def test_ties_follow_the_order_of_the_weights_not_the_names():
    assert allocate(Decimal("0.01"), {"b": 1, "a": 1}) == {"b": CENT, "a": Decimal("0.00")}
    assert allocate(Decimal("0.01"), {"a": 1, "b": 1}) == {"a": CENT, "b": Decimal("0.00")}


def test_left_over_cents_go_to_the_largest_remainders():
    # Exact shares 0.333…, 0.666… cents of 1 cent: the larger remainder gets the cent.
    assert allocate(Decimal("0.01"), {"klein": 1, "groot": 2}) == {
        "klein": Decimal("0.00"),
        "groot": CENT,
    }


def test_192000_euros_over_six_municipalities_by_inhabitants():
    # Test inhabitants, not real-world figures.
    inhabitants = {
        "Katwijk": 60_000,
        "Leiden": 120_000,
        "Leiderdorp": 30_000,
        "Oegstgeest": 25_000,
        "Voorschoten": 25_000,
        "Zoeterwoude": 10_000,
    }

    shares = allocate(Decimal("192000.00"), inhabitants)

    # Exact shares in cents: 4266666.67, 8533333.33, 2133333.33, 1777777.78 (twice),
    # 711111.11; rounding down leaves 3 cents for the 3 largest remainders (.78, .78, .67).
    assert shares == {
        "Katwijk": Decimal("42666.67"),
        "Leiden": Decimal("85333.33"),
        "Leiderdorp": Decimal("21333.33"),
        "Oegstgeest": Decimal("17777.78"),
        "Voorschoten": Decimal("17777.78"),
        "Zoeterwoude": Decimal("7111.11"),
    }
    assert sum(shares.values()) == Decimal("192000.00")


def test_one_cent_over_three_parties_goes_to_the_first():
    shares = allocate(Decimal("0.01"), {"a": 1, "b": 1, "c": 1})

    assert shares == {"a": CENT, "b": Decimal("0.00"), "c": Decimal("0.00")}


@pytest.mark.parametrize(
    ("amount", "weights", "message"),
    [
        (Decimal("-0.01"), {"a": 1}, "negative"),
        (Decimal("10.005"), {"a": 1}, "whole cents"),
        (Decimal("10.00"), {}, "nobody"),
        (Decimal("10.00"), {"a": 0, "b": 0}, "zero"),
        (Decimal("10.00"), {"a": -1, "b": 2}, "negative"),
    ],
    ids=["negative amount", "fraction of a cent", "no parties", "zero total", "negative weight"],
)
def test_impossible_allocations_raise_value_error(amount, weights, message):
    with pytest.raises(ValueError, match=message):
        allocate(amount, weights)
