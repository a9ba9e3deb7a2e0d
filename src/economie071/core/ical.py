"""iCalendar (RFC 5545) text, written by hand: a few lines of text do not need a library.

The escaping, folding and UTC stamps every calendar of the platform uses (a body's
meetings, the events), and reading a calendar back for tests and checks. Each app writes
its own VEVENT lines with these.
"""

import datetime
import re

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


def all_day(day: datetime.date) -> list[str]:
    """DTSTART and DTEND of an event that takes the whole of `day` (its time not known):
    DATE values, which a calendar shows on that day in any time zone."""
    return [
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
    ]


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
