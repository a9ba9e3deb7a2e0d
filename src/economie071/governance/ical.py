"""An iCalendar (RFC 5545) feed of a body's meetings, written with the platform's iCalendar
helpers (core.ical). Plain Python apart from the meeting objects it reads."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from economie071.core.ical import all_day, escape_text, fold, utc_stamp

PRODID = "-//Economie071//Bestuur//NL"


def _when(meeting, duration) -> list[str]:
    """A meeting whose time is not known is a whole-day event on its date (RFC 5545 DATE
    values, which no calendar shifts by time zone); one with a time starts at that moment."""
    if not meeting.time_known:
        return all_day(meeting.date)
    return [
        f"DTSTART:{utc_stamp(meeting.starts_at)}",
        f"DTEND:{utc_stamp(meeting.starts_at + duration)}",
    ]


def meetings_calendar(
    *,
    name: str,
    meetings: Iterable,
    host: str,
    duration: datetime.timedelta = datetime.timedelta(hours=2),
    now: datetime.datetime | None = None,
) -> str:
    """The VCALENDAR text; cancelled meetings are included with STATUS:CANCELLED so a
    subscribed calendar drops them."""
    stamp = utc_stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for meeting in meetings:
        status = {
            "planned": "CONFIRMED",
            "held": "CONFIRMED",
            "cancelled": "CANCELLED",
            "announced": "TENTATIVE",
        }[meeting.status]
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            *_when(meeting, duration),
            f"SUMMARY:{escape_text(str(meeting.body))}",
            f"STATUS:{status}",
        ]
        if meeting.place:
            lines.append(f"LOCATION:{escape_text(meeting.place)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
