"""Template filters of the House of Skills pages: scores, points and shares in the active
language's number format, and names of skills in the active language."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def _marked(text: str, text_lang: str):
    marker = _("English") if text_lang == "en" else _("Dutch")
    return format_html(
        '<span lang="{}">{}</span> <small class="utrecht-data-badge badge">{}</small>',
        text_lang,
        text,
        marker,
    )


@register.filter
def skill_label(obj):
    """A skill's (or occupation's) name in the active language; where it has none, its name
    in the other language, marked as such ("Engels") so the languages are never silently
    mixed. Takes a model with label_nl and label_en, or an explanation row (a dict with
    "label" and, when the label is not in the active language, "label_lang")."""
    if obj is None:
        return ""
    lang = (get_language() or "nl")[:2]
    if isinstance(obj, dict):
        text, text_lang = obj.get("label", ""), obj.get("label_lang", "")
        return _marked(text, text_lang) if text and text_lang and text_lang != lang else text
    own, other, other_lang = (
        (obj.label_nl, obj.label_en, "en") if lang == "nl" else (obj.label_en, obj.label_nl, "nl")
    )
    if own:
        return own
    return _marked(other, other_lang) if other else ""
