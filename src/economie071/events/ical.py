"""iCalendar (RFC 5545) text for events: one event as an .ics file (also attached to the
confirmation e-mail) and a feed of upcoming events. The escaping, folding and UTC stamps
are the platform's (economie071.core.ical); only the VEVENT lines of an event are written
here.

An event whose day is not known (only its month or year) has no place in a calendar and
is left out. An event whose time is not known is a whole-day event.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from economie071.core.ical import escape_text, fold, utc_stamp
from economie071.events.constants import EventStatus

PRODID = "-//Economie071//Evenementen//NL"
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _when(event) -> list[str]:
    if not event.time_known:
        first = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date() if event.ends_at else first
        return [
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + datetime.timedelta(days=1):%Y%m%d}",
        ]
    ends_at = event.ends_at or event.starts_at + DEFAULT_DURATION
    return [f"DTSTART:{utc_stamp(event.starts_at)}", f"DTEND:{utc_stamp(ends_at)}"]


def event_lines(event, *, host: str, url: str, stamp: str) -> list[str]:
    """The VEVENT of one event (unfolded lines)."""
    status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{stamp}",
        *_when(event),
        f"SUMMARY:{escape_text(event.title)}",
        f"STATUS:{status}",
    ]
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def events_calendar(
    *,
    name: str,
    events: Iterable,
    host: str,
    base_url: str = "",
    now: datetime.datetime | None = None,
) -> str:
    """The VCALENDAR text of `events` (those with an exact day); `base_url` (like
    https://example.org) makes each event's URL absolute."""
    from django.urls import reverse

    stamp = utc_stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        if not event.date_exact:
            continue
        url = base_url.rstrip("/") + reverse("events:detail", args=[event.slug]) if base_url else ""
        lines += event_lines(event, host=host, url=url, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
