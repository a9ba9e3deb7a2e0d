"""The House of Skills pages speak Dutch by default, every string of the app (models'
choices included) is translated, and English stays available."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

import economie071.skills
from tests.skills.conftest import make_passport

PO = Path(economie071.skills.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    for block in text.split("\n\n"):
        if "msgid " not in block or block.lstrip().startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        yield block, ["".join(re.findall(r'"(.*)"', s)) for s in strs]


def test_every_skills_string_has_a_dutch_translation():
    text = PO.read_text(encoding="utf-8")
    untranslated = [
        block
        for block, values in _entries(text)
        if 'msgid ""\nmsgstr ""\n"Project-Id' not in block and not all(values)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1
    for choice in ("Self-assessed", "Validated by an employer", "1 – basic", "Must-have"):
        assert f'msgid "{choice}"' in text


def test_the_pages_are_dutch_by_default_and_english_on_request(programme, seeker, tax):
    make_passport(seeker, {tax.care: 3})
    client = Client()
    client.force_login(seeker)
    dutch = client.get("/huis-van-skills/paspoort/").content.decode()
    assert "Mijn skillspaspoort" in dutch
    assert "3 – gevorderd" in dutch and "Zelf ingeschat" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/huis-van-skills/paspoort/").content.decode()
    assert "My skills passport" in english
    assert "3 – proficient" in english and "Self-assessed" in english
    assert "provide basic care" in english  # the skill's English label
