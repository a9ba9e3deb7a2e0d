"""WCAG 2.1 A/AA checks with axe-core on the main pages, in the real browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from economie071.demo.loader import DEMO_PASSWORD
from economie071.portfolio.models import ProjectCard
from economie071.portfolio.services import period_open
from economie071.programme.selectors import programme_current

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, path: str) -> None:
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{path}:\n{results.generate_report()}"


def test_public_and_signed_in_pages_pass_axe(live_server, browser):
    call_command("load_demo", verbosity=0)
    period_open(programme=programme_current(), actor=None, label="2020-H1")
    card = ProjectCard.objects.get(project__slug="retailvisie", period__year=2020)
    base = live_server.url
    page = browser.new_page()

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
