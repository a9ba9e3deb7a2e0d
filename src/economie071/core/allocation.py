"""Sharing an amount out over parties by weight, in whole cents that add up exactly.

Plain Python, no Django: one rule for every share-out on the platform (a budget line over its
parties, a decision's costs or a yearly amount over the municipalities by inhabitants);
tested with hypothesis.
"""

from collections.abc import Hashable, Mapping
from decimal import ROUND_FLOOR, Decimal

CENT = Decimal("0.01")


def allocate(amount: Decimal, weights: Mapping[Hashable, Decimal | int]) -> dict:
    """Share `amount` (euros) out in proportion to `weights`, rounded to cents.

    Largest-remainder rounding: every party first gets its share rounded down to the
    cent; the cents left over go one by one to the parties with the largest remainders
    (ties broken by the order of `weights`), so the shares always add up to the amount.
    """
    amount = Decimal(amount)
    if amount < 0:
        raise ValueError("The amount to allocate must not be negative.")
    if amount != amount.quantize(CENT):
        raise ValueError("The amount to allocate must be in whole cents.")
    if not weights:
        raise ValueError("There is nobody to allocate the amount to.")
    clean = {key: Decimal(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in clean.values()):
        raise ValueError("Weights must not be negative.")
    total_weight = sum(clean.values())
    if total_weight == 0:
        raise ValueError("The weights add up to zero.")

    total_cents = int(amount / CENT)
    exact = {key: total_cents * weight / total_weight for key, weight in clean.items()}
    floors = {key: int(value.to_integral_value(ROUND_FLOOR)) for key, value in exact.items()}
    left_over = total_cents - sum(floors.values())
    order = sorted(clean, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in order[:left_over]:
        floors[key] += 1
    return {key: Decimal(cents) * CENT for key, cents in floors.items()}
