"""The Dutch catalogues of all apps read as one.

Django merges the catalogues of all apps into one: for a message id that two apps both
translate, the app listed first in INSTALLED_APPS wins on every page, also on the other app's
pages. So one message id must have one translation everywhere; where one English word has two
Dutch meanings ("Vacancy": a job opening in the House of Skills, vacant floor space in the
retail monitor) each use carries its own message context.
"""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from django.utils import translation

import economie071

PACKAGE = Path(economie071.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/nl/LC_MESSAGES/django.po"))


def _unquote(lines: list[str]) -> str:
    return "".join(re.findall(r'"(.*)"', "\n".join(lines)))


def po_entries(path: Path):
    """(context, message id, translation) of each live entry of a .po file."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, list[str]] = defaultdict(list)
        key = None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d\]) ", line)
            if match:
                key = match.group(1)
                fields[key].append(line[len(key) + 1 :])
            elif key and line.startswith('"'):
                fields[key].append(line)
        if "msgid" not in fields or not _unquote(fields["msgid"]):
            continue
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
        text = _unquote(fields.get("msgstr") or fields.get("msgstr[0]") or [])
        yield context, _unquote(fields["msgid"]), text


def test_all_catalogues_are_found():
    apps = {path.parts[-5] for path in CATALOGUES}
    assert {"economie071", "skills", "monitor", "network", "governance", "forum"} <= apps


def test_one_message_id_has_one_translation_in_every_app():
    translations: dict[tuple, dict[str, str]] = defaultdict(dict)
    for path in CATALOGUES:
        for context, msgid, text in po_entries(path):
            translations[(context, msgid)][path.parts[-5]] = text
    different = {
        key: by_app for key, by_app in translations.items() if len(set(by_app.values())) > 1
    }
    assert different == {}


@pytest.mark.parametrize(
    ("context", "msgid", "dutch"),
    [
        ("job opening", "Vacancy", "Vacature"),
        ("retail floor space", "Vacancy", "Leegstand"),
        ("phase change", "From", "Van"),
        ("phase change", "To", "Naar"),
        ("addressee", "To", "Aan"),
        ("trajectory result", "Outcome", "Resultaat"),
        ("next trajectory", "Follow-up", "Vervolg"),
        ("moderation", "state", "status"),
        ("inclusive end date", "until", "tot en met"),
    ],
)
def test_words_with_two_meanings_are_told_apart_by_context(context, msgid, dutch):
    with translation.override("nl"):
        assert translation.pgettext(context, msgid) == dutch
