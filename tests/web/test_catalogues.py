"""The Dutch catalogues of all apps read as one.

Django merges the catalogues of all apps into one: for a message id that two apps both
translate, the app listed first in INSTALLED_APPS wins on every page, also on the other app's
pages. So one message id must have one translation everywhere; where one English word has two
Dutch meanings ("Vacancy": a job opening in the House of Skills, vacant floor space in the
retail monitor) each use carries its own message context.
"""

import gettext
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


# The style guide (docs/style-guide.md) addresses people as "u", everywhere.
INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.IGNORECASE)
# Other spellings of the one word the style guide chose: "skillspaspoort".
PASSPORT_VARIANTS = re.compile(
    r"skills[- ]paspoort|skillpaspoort|vaardighedenpaspoort|skills-pas\b", re.IGNORECASE
)
# Texts that keep their informal wording, each with its reason: keyed by message id.
INFORMAL_ALLOWED = {
    "Which risks do you see and how do you manage them?": (
        "the question of the printed project overview, which a card prints as its heading "
        "in the overview's own words"
    ),
}
TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("**/templates/**/*")
    if path.suffix in {".html", ".txt"} and path.is_file()
)


def _dutch_messages():
    """(message id, Dutch text) of every entry of every compiled Dutch catalogue."""
    for po in CATALOGUES:
        with po.with_suffix(".mo").open("rb") as mo:
            catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
        for key, text in catalogue.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid:
                yield msgid.split("\x04")[-1], text


def test_the_compiled_catalogues_are_all_there():
    messages = list(_dutch_messages())
    assert len(messages) > 2000
    assert ("Vacancy", "Vacature") in messages


def test_the_dutch_catalogues_address_people_as_u():
    informal = {
        msgid: text
        for msgid, text in _dutch_messages()
        if INFORMAL.search(text) and msgid not in INFORMAL_ALLOWED
    }
    assert informal == {}


def test_the_templates_address_people_as_u():
    assert len(TEMPLATES) > 100
    informal = {
        str(path.relative_to(PACKAGE)): INFORMAL.findall(path.read_text(encoding="utf-8"))
        for path in TEMPLATES
        if INFORMAL.search(path.read_text(encoding="utf-8"))
    }
    assert informal == {}


def test_the_skills_passport_is_spelled_as_one_word():
    texts = [text for _msgid, text in _dutch_messages()]
    texts += [path.read_text(encoding="utf-8") for path in TEMPLATES]
    assert [t for t in texts if PASSPORT_VARIANTS.search(t)] == []
    assert any("skillspaspoort" in t for t in texts)


def test_the_informal_check_finds_the_informal_forms():
    assert INFORMAL.search("Je hebt geen skillspaspoort.")
    assert INFORMAL.search("met jouw naam")
    assert not INFORMAL.search("U hebt geen skillspaspoort; jeugdzorg en jeu de boules.")
