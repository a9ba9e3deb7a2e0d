"""Template filters for the platform's pages: Markdown, money, phases, partial dates."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import number_format

from economie071.core.markdown import render_markdown_cached
from economie071.portfolio.constants import CardStatus, Phase, RoleKind, StatusLight

register = template.Library()


@register.filter
def markdown(text):
    """Markdown in frozen documents (card revisions, editions): model fields carry their
    own stored HTML (`<field>_html`) instead."""
    return render_markdown_cached(text or "")


@register.filter
def euro(value):
    """€ 192.000 for whole euros, € 41.234,56 otherwise (in the active language's format)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    places = 0 if amount == amount.to_integral_value() else 2
    return f"€ {number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)}"


@register.filter
def number(value):
    """A key figure: 27.245 or 5,9 in Dutch, without trailing zeros."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).normalize()
    except InvalidOperation:
        return value
    places = max(0, -amount.as_tuple().exponent)
    return number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def phase_label(value):
    return Phase(value).label if value in Phase.values else ""


@register.filter
def status_label(value):
    return CardStatus(value).label if value in CardStatus.values else value


@register.filter
def light_label(value):
    return StatusLight(value).label if value in StatusLight.values else StatusLight.NOT_SET.label


# The NL Design System status badge of each status light: the colour of the badge, with
# the light's own shape (.light-dot) beside the text, so colour is never the only cue.
LIGHT_BADGES = {
    StatusLight.ON_TRACK: "safe",
    StatusLight.AT_RISK: "warning",
    StatusLight.OFF_TRACK: "danger",
}


@register.filter
def light_badge(value):
    """The utrecht-status-badge modifier of a status light ("safe", "warning", ...)."""
    return LIGHT_BADGES.get(value, "inactive")


@register.filter
def role_label(value):
    return RoleKind(value).label if value in RoleKind.values else value


@register.filter
def partial_date(value, precision="day"):
    """A milestone date as precise as it is known: 5 februari 2019, februari 2019, 2019."""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_filter(value, "F Y")
    return date_filter(value, "j F Y")


@register.simple_tag
def holder(role):
    """How a role holder reads on a card: 'Ton Orleans, gemeente Zoeterwoude'."""
    parts = [role.get("person"), role.get("organisation"), role.get("label")]
    text = ", ".join(p for p in parts if p)
    if role.get("title"):
        text = f"{role['title']}, {text}" if text else role["title"]
    return text


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template; empty when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
