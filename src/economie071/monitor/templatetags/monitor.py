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
