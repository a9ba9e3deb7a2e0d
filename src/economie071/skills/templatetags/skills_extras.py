"""Template filters of the House of Skills pages: scores, points and shares in the active
language's number format."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def points(value):
    """A score or a number of points with one decimal: 78,5 in Dutch."""
    if value in (None, ""):
        return "–"
    return number_format(round(float(value), 1), decimal_pos=1, use_l10n=True)


@register.filter
def percent(value):
    """A share (0.5) as a percentage (50%)."""
    if value in (None, ""):
        return "–"
    return f"{number_format(round(float(value) * 100), decimal_pos=0, use_l10n=True)}%"
