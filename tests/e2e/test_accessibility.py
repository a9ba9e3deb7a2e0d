"""WCAG 2.1 A/AA checks with axe-core on the main pages, in the real browser, at desktop
width and at phone width (where the main menu sits behind a Menu button)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from economie071.core.programme import programme_current
from economie071.demo.loader import DEMO_PASSWORD
from economie071.events.models import Event
from economie071.forum.models import Question
from economie071.governance.models import Body, DecisionTrail, Meeting
from economie071.network.models import Challenge, NetworkProfile, Trajectory
from economie071.portfolio.models import ProjectCard
from economie071.portfolio.services import period_open
from economie071.skills.models import Occupation, Passport, TrainingModule, Vacancy

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def assert_accessible(page, path: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"


@VIEWPORTS
def test_public_and_signed_in_pages_pass_axe(live_server, browser, viewport):
    call_command("load_demo", verbosity=0)
    period_open(programme=programme_current(), actor=None, label="2020-H1")
    card = ProjectCard.objects.get(project__slug="retailvisie", period__year=2020)
    base = live_server.url
    page = browser.new_page(viewport=viewport)

    public = [
        "/",
        "/projecten/retailvisie/",
        "/projecten/open-innovatie-lab/",
        "/inloggen/",
        "/overzichten/",
        "/overzichten/2019-H2/versie-1/",
        "/overzichten/2019-H2/versie-1/retailvisie/",
        "/overzichten/2019-H2/versie-1/wijzigingen/",
    ]
    for path in public:
        page.goto(base + path)
        assert_accessible(page, path)

    page.goto(base + "/inloggen/")
    page.fill("#id_username", "programmabureau")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    for path in [
        "/dashboard/",
        "/portfolio/",
        f"/kaarten/{card.pk}/",
        f"/kaarten/{card.pk}/geschiedenis/",
        f"/kaarten/{card.pk}/bewerken/",
        "/projecten/retailvisie/begroting/",
        "/projecten/retailvisie/rollen/",
        "/rapportageronde/openen/",
        "/overzichten/2020-H1/maken/",
    ]:
        page.goto(base + path)
        assert_accessible(page, path)


@VIEWPORTS
def test_governance_monitor_skills_and_network_pages_pass_axe(live_server, browser, viewport):
    call_command("load_demo", verbosity=0)
    base = live_server.url
    page = browser.new_page(viewport=viewport)
    event = Event.objects.filter(is_example=True).first()
    question = Question.objects.first()
    body = Body.objects.first()
    meeting = Meeting.objects.first()
    trail = DecisionTrail.objects.first()
    profile = NetworkProfile.objects.select_related("organisation").first()
    challenge = Challenge.objects.first()
    trajectory = Trajectory.objects.first()
    occupation = Occupation.objects.first()
    module = TrainingModule.objects.first()
    vacancy = Vacancy.objects.filter(title__icontains="zorghulp").first() or Vacancy.objects.first()
    passport = Passport.objects.select_related("user").get(user__username="werkzoekende")

    public = [
        "/bestuur/",
        f"/bestuur/organen/{body.slug}/",
        f"/bestuur/vergaderingen/{meeting.pk}/",
        f"/bestuur/besluittrajecten/{trail.slug}/",
        "/monitor/",
        "/monitor/winkels/",
        "/monitor/bedrijventerreinen/",
        "/monitor/rapport/",
        "/monitor/kostenverdeling/",
        "/evenementen/",
        f"/evenementen/{event.slug}/",
        "/forum/",
        f"/forum/vragen/{question.pk}/",
        "/forum/zoeken/?q=circulair",
        "/account-aanmaken/",
        "/account-aanmaken/verstuurd/",
        "/wachtwoord-vergeten/",
        "/netwerk/",
        f"/netwerk/organisaties/{profile.organisation.slug}/",
        "/netwerk/uitdagingen/",
        f"/netwerk/uitdagingen/{challenge.slug}/",
        "/netwerk/smart071/",
        f"/netwerk/smart071/trajecten/{trajectory.slug}/",
        "/huis-van-skills/",
        "/huis-van-skills/privacy/",
        "/huis-van-skills/taxonomie/?q=zorg",
        f"/huis-van-skills/taxonomie/beroepen/{occupation.pk}/",
        "/huis-van-skills/opleidingen/",
        f"/huis-van-skills/opleidingen/{module.pk}/",
    ]
    for path in public:
        page.goto(base + path)
        assert_accessible(page, path)

    signed_in = {
        "programmabureau": [
            "/bestuur/voorstellen/",
            f"/bestuur/vergaderingen/{meeting.pk}/vergaderstukken/",
            "/monitor/importeren/",
            "/evenementen/nieuw/",
            f"/evenementen/{event.slug}/aanmeldingen/",
            "/forum/moderatie/",
            "/forum/vraag-stellen/",
            "/netwerk/uitdagingen/nieuw/",
            "/huis-van-skills/paspoort/toestemming/",
        ],
        "werkzoekende": [
            "/start/",
            "/huis-van-skills/paspoort/",
            "/huis-van-skills/paspoort/voorkeuren/",
            "/huis-van-skills/paspoort/vacatures/",
            "/huis-van-skills/paspoort/loopbaanpaden/",
            f"/huis-van-skills/paspoort/opleidingsplan/?vacature={vacancy.pk}",
            "/huis-van-skills/paspoort/kansenplan/",
            "/huis-van-skills/paspoort/wissen/",
        ],
        "werkgever": [
            "/start/",
            "/huis-van-skills/vacatures/",
            "/huis-van-skills/vacatures/nieuw/",
            f"/huis-van-skills/vacatures/{vacancy.pk}/",
            f"/huis-van-skills/vacatures/{vacancy.pk}/bewerken/",
            f"/huis-van-skills/vacatures/{vacancy.pk}/kandidaten/",
        ],
        "loopbaanadviseur": [
            "/start/",
            "/huis-van-skills/adviseur/",
            f"/huis-van-skills/adviseur/paspoorten/{passport.pk}/",
            "/huis-van-skills/matchingsplan/",
        ],
        "ton.orleans": ["/start/"],
        "organisator": ["/start/"],
        "forummoderator": ["/start/"],
        "opleider": ["/start/"],
        "voorbeeld.ondernemer": ["/start/"],
    }
    for username, paths in signed_in.items():
        sign_in(page, base, username)
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, f"{username} {path}: {response.status}"
            assert_accessible(page, path)


def test_menu_button_opens_the_main_menu_on_a_phone(live_server, browser):
    """At phone width the main menu is one Menu button; it opens and closes the links
    without JavaScript (details/summary), by mouse and by keyboard."""
    call_command("load_demo", verbosity=0)
    page = browser.new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(live_server.url + "/")
    menu = page.locator("nav#main-nav")
    button = menu.locator("summary")
    overviews = menu.locator(".main-nav-narrow a[href='/overzichten/']")
    expect(button).to_be_visible()
    expect(overviews).to_be_hidden()
    expect(menu.locator(".main-nav-wide a[href='/overzichten/']")).to_be_hidden()

    button.click()
    expect(overviews).to_be_visible()
    overviews.click()
    expect(page).to_have_url(live_server.url + "/overzichten/")

    forum = page.locator("nav#main-nav .main-nav-narrow a[href='/forum/']")
    page.locator("nav#main-nav summary").focus()
    page.keyboard.press("Enter")
    expect(forum).to_be_visible()
    page.keyboard.press("Enter")
    expect(forum).to_be_hidden()


def test_main_menu_is_a_bar_on_a_wide_screen(live_server, browser):
    call_command("load_demo", verbosity=0)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_server.url + "/")
    menu = page.locator("nav#main-nav")
    expect(menu.locator(".main-nav-wide a[href='/forum/']")).to_be_visible()
    expect(menu.locator("summary")).to_be_hidden()


def test_a_signed_in_persons_own_pages_are_a_row_of_their_own(live_server, browser):
    """The public sections stay on one row on a wide screen; the office's own pages (start
    page, dashboard, portfolio, reference data, invitations) form the row below, not a
    wrap at whichever link no longer fits."""
    call_command("load_demo", verbosity=0)
    page = browser.new_page(viewport=DESKTOP)
    sign_in(page, live_server.url, "programmabureau")
    wide = page.locator("nav#main-nav .main-nav-wide")
    public = wide.locator("ul:not(.main-nav-own) a")
    own = wide.locator("ul.main-nav-own a")
    expect(own.first).to_be_visible()
    public_tops = {round(public.nth(i).bounding_box()["y"]) for i in range(public.count())}
    own_tops = {round(own.nth(i).bounding_box()["y"]) for i in range(own.count())}
    assert len(public_tops) == 1 and len(own_tops) == 1
    assert min(own_tops) > max(public_tops)
    assert own.count() >= 4 and wide.locator("ul.main-nav-own a[href='/dashboard/']").count()
    # somebody who is not signed in gets only the public row
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    expect(wide.locator("ul.main-nav-own")).to_have_count(0)


def test_proposed_skills_are_cards_on_a_phone(live_server, browser):
    """On a phone every proposed skill is a card with its decision under it: the confirm
    button is on screen without scrolling sideways, each cell is labelled with its column."""
    call_command("load_demo", verbosity=0)
    vacancy = next(v for v in Vacancy.objects.all() if v.demand.filter(status="proposed").exists())
    page = browser.new_page(viewport=PHONE)
    sign_in(page, live_server.url, "programmabureau")
    page.goto(f"{live_server.url}/huis-van-skills/vacatures/{vacancy.pk}/")
    table = page.locator("table.stack-on-phone").first
    confirm = table.locator("tbody tr").first.locator("button[type=submit]").first
    expect(confirm).to_be_visible()
    box = confirm.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert table.locator("thead").first.bounding_box()["height"] <= 1  # for screen readers
    label = table.locator("td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label.strip('"') in {"Gevonden", "Found"}
    # on a wide screen it stays a table with its headings
    page.set_viewport_size(DESKTOP)
    expect(table.locator("thead th").first).to_be_visible()
