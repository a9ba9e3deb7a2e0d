"""Checks on text that comes from outside: query parameters, form fields, imported cells.

Control characters have no place in anything a person types or a spreadsheet holds. A NUL
byte cannot be stored in PostgreSQL at all (the database refuses it, which surfaced as a
server error), while SQLite stores it silently; rejecting it, and the other C0 control
characters, at the edge makes both databases behave the same and keeps such bytes out of
exports and e-mails. Tab, line feed and carriage return are ordinary whitespace in
multi-line text and stay allowed there.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

# C0 controls and DEL, without tab, line feed and carriage return; C1 controls too.
_CONTROL_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# On a single line (a name, an imported cell) line breaks are control characters as well;
# a tab is still allowed, as spreadsheets and pasted text carry them.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# What a person types into a one-line field or a query parameter: every control character,
# the tab included.
_CONTROL_ANYWHERE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def find_control_character(value: str, *, multiline: bool = True, tab: bool = True) -> int | None:
    """The index of the first control character in `value`, or None when there is none.

    `multiline`: line feed and carriage return are allowed (and the tab); `tab=False`
    refuses a tab on a single line too (form fields of one line, query parameters)."""
    if multiline:
        pattern = _CONTROL_IN_MULTILINE
    elif tab:
        pattern = _CONTROL_IN_LINE
    else:
        pattern = _CONTROL_ANYWHERE
    match = pattern.search(value)
    return match.start() if match else None


def control_character_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` cannot be taken, as a sentence for a person, or None when it can.

    One-line text (multiline=False) takes no control character at all, not even a tab;
    multi-line text takes tabs and line breaks."""
    index = find_control_character(value, multiline=multiline, tab=multiline)
    if index is None:
        return None
    return _("Contains a control character, %(character)s, at position %(position)d.") % {
        "character": describe_control_character(value, index),
        "position": index + 1,
    }


def describe_control_character(value: str, index: int) -> str:
    """A readable name for the character at `index`: "U+0000 (NULL)"."""
    char = value[index]
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} ({name})"


# unicodedata has no names for the control characters; these are the ones people meet.
_C0_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
}
