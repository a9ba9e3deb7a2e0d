"""The House of Skills end to end in a browser: a job seeker makes a passport and finds a
vacancy and the training for it; an employer turns a vacancy text into a skills demand and
finds that job seeker among the candidates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from economie071.demo.loader import DEMO_PASSWORD
from economie071.skills.models import Passport, Vacancy

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VACANCY_TEXT = (
    "Voor ons hotel aan de Singel zoeken wij een gastvrije collega voor de bediening. "
    "Je bent stressbestendig en werkt graag in een horecateam."
)


def sign_out(page: Page) -> None:
    page.click("header form[action$='/uitloggen/'] button")


def add_skill(page: Page, query: str, label: str, level: str) -> None:
    page.fill("#id_q", query)
    page.click("form[role=search] button[type=submit] >> nth=0")
    row = page.locator("#skill-results li", has_text=label).first
    row.locator("select[name=level]").select_option(level)
    row.locator("button[type=submit]").click()
    expect(page.locator(".message-success")).to_contain_text(label)


def test_seeker_finds_a_match_and_training_employer_finds_the_seeker(live_server, browser):
    call_command("load_demo", verbosity=0)
    get_user_model().objects.create_user(
        username="nieuwe-werkzoekende",
        password=DEMO_PASSWORD,
        first_name="Noor",
        last_name="(voorbeeld)",
    )
    base = live_server.url
    page = browser.new_page()

    # The job seeker reads the privacy statement and consents; no passport before that.
    sign_in(page, base, "nieuwe-werkzoekende")
    page.goto(f"{base}/huis-van-skills/")
    page.get_by_role("link", name="Een skillspaspoort maken").click()
    expect(page.locator("#privacy-statement")).to_contain_text("Privacyverklaring (versie")
    page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert not Passport.objects.filter(user__username="nieuwe-werkzoekende").exists()
    page.check("#id_consent")
    page.check("#id_discoverable")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/huis-van-skills/paspoort/$"))

    # Skills with a level, found by their Dutch names (an alternative name for one).
    add_skill(page, "gastvrij", "gastvrij zijn", "4")
    add_skill(page, "stressbestendig", "omgaan met stress", "3")
    expect(page.locator("#skills-heading + .utrecht-table-container table")).to_contain_text(
        "gastvrij zijn"
    )

    # Matching vacancies, each with its reasons.
    page.get_by_role("link", name="Vacatures die bij mij passen").first.click()
    match = page.locator("article.suggestion", has_text="Medewerker bediening").first
    expect(match).to_contain_text("Score")
    expect(match).to_contain_text("Ontbrekende vereiste vaardigheden")
    expect(match).to_contain_text("gastvrij zijn")

    # The training that closes the gap for that vacancy.
    match.get_by_role("link", name="Opleidingsplan voor deze vacature").click()
    expect(page.locator("h1")).to_contain_text("Medewerker bediening")
    expect(page.locator("main")).to_contain_text("Gastvrij werken in de horeca (voorbeeld)")
    expect(page.locator("main tfoot")).to_contain_text("€")
    sign_out(page)

    # The employer turns a vacancy text into a skills demand.
    sign_in(page, base, "werkgever-horeca")
    page.goto(f"{base}/huis-van-skills/vacatures/nieuw/")
    page.fill("#id_title", "Bediening weekend (voorbeeldvacature)")
    page.select_option("#id_municipality", label="Leiden")
    page.fill("#id_hours", "24")
    page.fill("#id_text", VACANCY_TEXT)
    page.click("main form button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator(".vacancy-text mark").first).to_be_visible()
    row = page.locator("tr", has_text="gastvrij zijn").first
    expect(row).to_contain_text("“")  # the words it was found in
    expect(row).to_contain_text("%")  # and the confidence
    row.locator("select[name=min_level]").select_option("2")
    row.locator("form[action$='/bevestigen/'] button").click()
    expect(page.locator(".message-success")).to_contain_text("gastvrij zijn")
    expect(page.locator("#confirmed-heading + .utrecht-table-container table")).to_contain_text(
        "gastvrij zijn"
    )
    # one skill is too thin a demand to open: two more proposals confirmed as they stand
    for _more in range(2):
        page.locator("form[action$='/bevestigen/'] button").first.click()
        expect(page.locator(".message-success")).to_be_visible()
    page.click("form[action$='/openen/'] button")
    expect(page.locator(".status")).to_contain_text("Open")
    vacancy = Vacancy.objects.get(title="Bediening weekend (voorbeeldvacature)")
    assert vacancy.status == "open"

    # Among the candidates: the job seeker who agreed to be found, with the reasons.
    page.get_by_role("link", name="Kandidaten").first.click()
    passport = Passport.objects.get(user__username="nieuwe-werkzoekende")
    candidate = page.locator("article.suggestion", has_text=f"paspoort {passport.pk}")
    expect(candidate).to_have_count(1)
    expect(candidate).to_contain_text("gastvrij zijn")
