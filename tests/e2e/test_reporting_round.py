"""The half-yearly reporting round, end to end in a browser, as its users do it."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_TEXT = "De Retailmonitor 2020 is opgeleverd en besproken in de Stuurgroep Retailvisie."


def sign_out(page: Page) -> None:
    page.click("header form[action$='/uitloggen/'] button")


def test_leader_submits_office_approves_and_publishes_public_sees_it(live_server, browser):
    call_command("load_demo", verbosity=0)
    base = live_server.url
    page = browser.new_page()

    # The programme office opens the new half year: every running project gets a draft.
    sign_in(page, base, "programmabureau")
    page.goto(f"{base}/rapportageronde/openen/")
    page.fill("#id_label", "2020-H1")
    page.click("main form button[type=submit]")
    expect(page.locator(".message-success")).to_contain_text("2020-H1")
    sign_out(page)

    # The project leader of the retail vision edits and submits the draft.
    # From the start page the card is one click away: its link opens the form.
    sign_in(page, base, "ton.orleans")
    expect(page).to_have_url(re.compile(r"/start/$"))
    page.get_by_role("link", name="Regionale retailvisie").first.click()
    expect(page).to_have_url(re.compile(r"/kaarten/\d+/bewerken/$"))
    expect(page.locator("#id_last_half_year")).not_to_be_empty()  # pre-filled from 2019-H2
    page.fill("#id_last_half_year", NEW_TEXT)
    page.check("input[name=status_light][value=on_track]")
    page.click("button[name=submit]")
    expect(page.locator(".status")).to_have_class(re.compile("status-submitted"))
    # Submitted means frozen for the leader: no edit button any more.
    expect(page.locator("a[href$='/bewerken/']")).to_have_count(0)
    sign_out(page)

    # Before publication the public still sees the 2019 card.
    page.goto(f"{base}/projecten/retailvisie/")
    expect(page.locator("main")).not_to_contain_text(NEW_TEXT)

    # The programme office approves and publishes.
    sign_in(page, base, "programmabureau")
    page.goto(f"{base}/dashboard/")
    page.get_by_role("link", name="Regionale retailvisie").first.click()
    expect(page.locator("main")).to_contain_text(NEW_TEXT)
    page.click("form[action$='/goedkeuren/'] button")
    expect(page.locator(".status")).to_have_class(re.compile("status-approved"))
    page.click("form[action$='/publiceren/'] button")
    expect(page.locator(".status")).to_have_class(re.compile("status-published"))
    sign_out(page)

    # The public page shows the new card.
    page.goto(f"{base}/projecten/retailvisie/")
    main = page.locator("main")
    expect(main).to_contain_text(NEW_TEXT)
    expect(main).to_contain_text("2020-H1")
    expect(page.locator(".light-on_track")).to_have_count(1)
