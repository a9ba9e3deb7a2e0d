"""Template filters of the monitor: index values and index points in the active language."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format

from economie071.monitor.index import to_decimal

register = template.Library()


def _format(value, places: int, sign: bool = False) -> str:
    if value in (None, ""):
        return "–"
    if isinstance(value, Fraction):
        value = to_decimal(value, places)
    amount = Decimal(str(value))
    text = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"+{text}" if sign and amount > 0 else text


@register.filter
def index_value(value):
    """103,4 (one decimal, as the index is published); – when there is no value."""
    return _format(value, 1)


@register.filter
def index_points(value):
    """A change in index points with its sign: +1,25 or -0,40."""
    return _format(value, 2, sign=True)


@register.filter
def hectares(value):
    """Hectares with one decimal: 12,5 (– when there is no figure)."""
    return _format(value, 1)


@register.filter
def whole(value):
    """A whole number with thousands separators: 12.500 (m², outlets)."""
    return _format(value, 0)


@register.filter
def percent(value):
    """A percentage with one decimal: 6,4% (– when it cannot be computed)."""
    text = _format(value, 1)
    return text if text == "–" else f"{text}%"


@register.filter
def whole_or_decimal(value):
    """12.500 for a whole number, 6,4 or 2,25 otherwise (at most two decimals)."""
    if value in (None, ""):
        return "–"
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return _format(amount, 0)
    places = min(2, max(0, -amount.normalize().as_tuple().exponent))
    return _format(amount, places)
