"""Template helpers of the events pages and of the project page's events section."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from economie071.core.dates import DatePrecision
from economie071.events import selectors

register = template.Library()


@register.filter
def event_when(event) -> str:
    """The date and time as precisely as they are known: "5 februari 2019, 14:00–17:00",
    "5 februari 2019", "mei 2019", "2018"."""
    starts = timezone.localtime(event.starts_at)
    if event.date_precision == DatePrecision.YEAR:
        return str(starts.year)
    if event.date_precision == DatePrecision.MONTH:
        return date_format(starts, "F Y")
    text = date_format(starts, "l j F Y")
    ends = timezone.localtime(event.ends_at) if event.ends_at else None
    if ends and ends.date() != starts.date():
        text = f"{text} – {date_format(ends, 'l j F Y')}"
    if event.time_known:
        text = f"{text}, {date_format(starts, 'H:i')}"
        if ends and ends.date() == starts.date():
            text = f"{text}–{date_format(ends, 'H:i')}"
    return text


@register.simple_tag
def project_events(project):
    """The project's public events with their attendance and the totals
    (selectors.attendance_for_project)."""
    return selectors.attendance_for_project(project=project)
