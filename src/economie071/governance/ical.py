"""An iCalendar (RFC 5545) feed of a body's meetings, written by hand: a few lines of text
do not need a library. Plain Python apart from the meeting objects it reads."""

import datetime
import re
from collections.abc import Iterable

from django.utils import timezone

PRODID = "-//Economie071//Bestuur//NL"
_UNESCAPE = re.compile(r"\\([\\;,nN])")


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts = []
    limit = 75
    while encoded:
        cut = min(limit, len(encoded))
        # Step back to the start of a character: continuation bytes look like 10xxxxxx.
        while cut < len(encoded) and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut].decode("utf-8"))
        encoded = encoded[cut:]
        limit = 74  # continuation lines start with a space, which counts
    return "\r\n ".join(parts)


def utc_stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(meeting, duration) -> list[str]:
    """A meeting whose time is not known is a whole-day event on its (local) date."""
    if not getattr(meeting, "time_known", True):
        day = timezone.localtime(meeting.starts_at).date()
        return [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        ]
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
        status = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}[
            meeting.status
        ]
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


def unfold_and_parse(text: str) -> list[dict[str, str]]:
    """Read back the events of a calendar (for tests and checks): unfold, split, unescape."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded.split("\r\n"):
        if not line:
            continue
        key, _sep, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current or {})
            current = None
        elif current is not None:
            current[key.split(";")[0]] = _UNESCAPE.sub(
                lambda m: "\n" if m.group(1) in "nN" else m.group(1), value
            )
    return events
