"""iCalendar text by hand (core/ical.py): RFC 5545 escaping and folding."""

from economie071.core import ical


def test_escaping_of_commas_semicolons_and_newlines():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "LOCATION:" + "ë" * 80
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
