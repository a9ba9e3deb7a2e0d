"""The governance pages speak Dutch by default, every string of the app is translated, and
English stays available."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

import economie071.governance

PO = Path(economie071.governance.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    """(block, [msgstr…]) of every entry in the catalogue."""
    for block in text.split("\n\n"):
        if "msgid " not in block or block.lstrip().startswith("#~"):
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        yield block, ["".join(re.findall(r'"(.*)"', s)) for s in strs]


def test_every_governance_string_has_a_dutch_translation():
    text = PO.read_text(encoding="utf-8")
    untranslated = [
        block
        for block, values in _entries(text)
        if 'msgid ""\nmsgstr ""\n"Project-Id' not in block and not all(values)
    ]
    assert untranslated == []
    assert "#, fuzzy" not in text
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1


def test_the_pages_are_dutch_by_default_and_english_on_request(
    body, member_user, past_meeting, proposal
):
    client = Client()
    client.force_login(member_user)
    dutch = client.get(f"/bestuur/vergaderingen/{past_meeting.pk}/").content.decode()
    assert "Vergaderstukken" in dutch
    assert "Gehouden" in dutch
    assert "Documenten" in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    english = client.get(f"/bestuur/vergaderingen/{past_meeting.pk}/").content.decode()
    assert "Meeting pack" in english
    assert "Held" in english


def test_a_service_refusal_is_shown_in_dutch(office_user, body):
    client = Client()
    client.force_login(office_user)
    day = datetime.date.today() - datetime.timedelta(days=3)
    response = client.post(
        f"/bestuur/organen/{body.slug}/vergaderingen/nieuw/",
        {"date": day.isoformat(), "time": "14:00", "place": "Leiden", "status": "planned"},
    )
    assert "kan niet als gepland worden aangemaakt" in str(response.context["form"].errors["date"])
