"""Each demo role, in a real browser, signs in and reaches its main task in at most three
clicks from where it lands, at desktop and at phone width.

With E2E_SCREENSHOTS=<folder> the landing page and the task page of each role are saved
there as PNGs (for looking at them; the test asserts on the pages, not on the pictures).
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
MAX_CLICKS = 3

# demo login -> (where they land, the links they follow in the page's main part, and the
# heading of the page where their main task is)
JOURNEYS = {
    "programmabureau": ("/dashboard/", ["Regionale retailvisie"], "Regionale retailvisie"),
    "ton.orleans": ("/start/", ["Regionale retailvisie"], "Regionale retailvisie"),
    "yvonne.vandelft": ("/start/", ["Naar bestuur", "Voorstellen"], "Voorstellen"),
    "werkzoekende": ("/start/", ["Vacatures die bij u passen"], "Vacatures die bij mij passen"),
    "werkgever": (
        "/start/",
        ["Zorghulp thuiszorg Leiden (voorbeeldvacature)"],
        "Kandidaten voor Zorghulp thuiszorg Leiden",
    ),
    "opleider": ("/start/", ["Basis zorg en welzijn (voorbeeld)"], "Basis zorg en welzijn"),
    "loopbaanadviseur": ("/start/", ["Lotte (voorbeeld)"], "Lotte (voorbeeld)"),
    "organisator": (
        "/start/",
        ["Voorbeeld: Startersdag Leidse regio"],
        "Aanmeldingen: Voorbeeld: Startersdag Leidse regio",
    ),
    "forummoderator": ("/start/", ["Naar de moderatiewachtrij"], "Moderatie"),
    # no role yet: the start page says what one can do; the passport is one of those things
    "voorbeeld.ondernemer": ("/start/", ["een skillspaspoort maken"], "skillspaspoort"),
}


def shoot(page: Page, name: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_role_reaches_its_main_task_in_three_clicks(live_server, browser, width):
    call_command("load_demo", verbosity=0)
    base = live_server.url
    page = browser.new_page(viewport=WIDTHS[width])
    for username, (lands_on, clicks, heading) in JOURNEYS.items():
        assert len(clicks) <= MAX_CLICKS, username
        sign_in(page, base, username)
        expect(page).to_have_url(base + lands_on)
        shoot(page, f"{username}-{width}-start")
        for label in clicks:
            page.locator("main").get_by_role("link", name=label).first.click()
        expect(page.locator("main h1").first).to_contain_text(re.compile(re.escape(heading)))
        shoot(page, f"{username}-{width}-task")
