"""The card editor in a browser: a row added in place is saved with the others, and the
preview shows the card as printed without saving it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.test_reporting_round import sign_in, sign_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_add_a_milestone_in_place_preview_and_save(live_server, browser):
    call_command("load_demo", verbosity=0)
    base = live_server.url
    page = browser.new_page()
    sign_in(page, base, "programmabureau")
    page.goto(f"{base}/rapportageronde/openen/")
    page.fill("#id_label", "2020-H1")
    page.click("main form button[type=submit]")
    expect(page.locator(".message-success")).to_contain_text("2020-H1")
    sign_out(page)

    sign_in(page, base, "ton.orleans")
    page.get_by_role("link", name="Regionale retailvisie").first.click()
    expect(page).to_have_url(re.compile(r"/kaarten/\d+/bewerken/$"))

    rows = page.locator("[data-formset=milestone] [data-rows] > .formset-row")
    before = rows.count()
    page.get_by_role("button", name="Nog een mijlpaal").click()
    expect(rows).to_have_count(before + 1)
    index = before  # the new row's number in the formset
    expect(page.locator(f"#id_milestone-{index}-date")).to_be_focused()
    page.fill(f"#id_milestone-{index}-date", "2020-03-15")
    page.fill(f"#id_milestone-{index}-title", "Retailmonitor 2020 gepresenteerd")

    page.get_by_role("button", name="Voorbeeld").click()
    preview = page.locator("#voorbeeld")
    expect(preview).to_contain_text("Retailmonitor 2020 gepresenteerd")
    expect(preview).to_contain_text("Nog niet opgeslagen")

    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("main")).to_contain_text("Retailmonitor 2020 gepresenteerd")
    expect(page).to_have_url(re.compile(r"/kaarten/\d+/$"))
