"""A fresh installation without the demo: `setup_region` makes the region, its
municipalities, the programme with pillars and themes, and invites the first programme
office user; that person accepts over HTTP, signs in, opens the dashboard, opens a reporting
period and creates a project. Running the command again changes nothing."""

import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.core.groups import PROGRAMME_OFFICE_GROUP
from economie071.portfolio.models import Project, ReportingPeriod
from economie071.programme.models import (
    Invitation,
    Municipality,
    Pillar,
    PopulationFigure,
    Programme,
    Theme,
)
from tests.monitor.conftest import CbsServer

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://regio.example.org"
REGION_FILE = (
    Path(__file__).resolve().parents[2] / "src/economie071/programme/data/region_economie071.yaml"
)
PASSWORD = "Een-lange-zin-voor-het-bureau-71"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def setup_region(*extra) -> str:
    out = StringIO()
    call_command(
        "setup_region",
        "--file",
        str(REGION_FILE),
        "--municipalities",
        "GM0546,GM0537,GM0575",  # the file's, and Noordwijk
        "--office-email",
        "bureau@regio.example.org",
        "--office-name",
        "Anna de Vries",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_a_fresh_database_is_usable_after_setup_region():
    assert not Programme.objects.exists() and not get_user_model().objects.exists()

    first = setup_region()
    assert "ingericht" in first
    programme = Programme.objects.get()
    assert programme.name == "Economie071"
    # The file's six plus Noordwijk from the command line, named from the CBS table.
    names = dict(Municipality.objects.values_list("cbs_code", "name"))
    assert names["GM0575"] == "Noordwijk" and names["GM0546"] == "Leiden"
    assert len(names) == 7
    assert Pillar.objects.filter(programme=programme).count() == 5
    assert Theme.objects.filter(programme=programme).count() == 3
    assert len(mail.outbox) == 1

    # Idempotent: the second run writes nothing and mails nobody, and says so.
    entries = AuditEntry.objects.count()
    second = setup_region()
    assert "niets veranderd" in second and "al uitgenodigd" in second
    assert AuditEntry.objects.count() == entries
    assert len(mail.outbox) == 1 and Invitation.objects.count() == 1

    # Inhabitants from CBS StatLine (03759ned), here its recorded answers on a local server.
    out = StringIO()
    with CbsServer() as cbs:
        call_command("import_cbs", "--population", "--base-url", cbs.url, stdout=out)
        (asked,) = cbs.queries("Observations")
    assert "Geslacht eq 'T001038'" in asked["$filter"][0]
    assert "Not available: CBS has no figure for Noordwijk" in out.getvalue()
    figures = {
        (f.municipality.cbs_code, f.year): f
        for f in PopulationFigure.objects.select_related("municipality")
    }
    assert len(figures) == 42  # six municipalities, 2019-2025
    assert figures[("GM0546", 2024)].inhabitants == 130108
    assert figures[("GM0546", 2019)].inhabitants == 124899  # the total, not the men
    assert "03759ned" in figures[("GM0537", 2025)].source

    # The invitation, over HTTP.
    message = mail.outbox[0]
    assert message.to == ["bureau@regio.example.org"]
    link = re.search(rf"{re.escape(SITE)}(/uitnodiging/\S+/)", message.body).group(1)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and "Anna de Vries" in page.text
    answer = client.post(
        link,
        {"username": "anna", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert answer.status_code == 302
    user = get_user_model().objects.get(username="anna")
    assert user.groups.filter(name=PROGRAMME_OFFICE_GROUP).exists() and user.is_staff
    assert user.email == "bureau@regio.example.org"

    # The link is used up: a clear page, no second account.
    used = Client().get(link)
    assert used.status_code == 410 and "al geaccepteerd" in used.text

    # Signing in as a person would, then the office's work.
    browser = Client()
    login = browser.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert login.status_code == 302
    dashboard = browser.get("/dashboard/")
    assert dashboard.status_code == 200
    opened = browser.post("/rapportageronde/openen/", {"label": "2027-H1", "deadline": ""})
    assert opened.status_code == 302
    assert ReportingPeriod.objects.filter(year=2027, half=1).exists()
    pillar = Pillar.objects.get(slug="verbinden")
    made = browser.post(
        "/projecten/nieuw/",
        {
            "name": "Talent in de regio",
            "slug": "talent-in-de-regio",
            "phase": "new",
            "short_description": "",
            "pillars": [pillar.pk],
        },
    )
    assert made.status_code == 302, made.content[:2000]
    project = Project.objects.get(slug="talent-in-de-regio")
    assert list(project.pillars.all()) == [pillar]
    assert browser.get("/projecten/talent-in-de-regio/").status_code == 200


def test_a_bad_region_file_changes_nothing_and_names_the_place(tmp_path):
    bad = tmp_path / "regio.yaml"
    bad.write_text(
        "region: {slug: regio, name: Regio}\n"
        "municipalities: [GM0546, XX12, GM9999]\n"
        "programme: {slug: p, name: P}\n"
        "pillars:\n  - {number: 1, slug: een, name: een, colour: rood}\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(Exception, match="niets veranderd"):
        call_command("setup_region", "--file", str(bad), stderr=err)
    text = err.getvalue()
    assert "municipalities[1]: “XX12” is geen CBS-gemeentecode" in text
    assert "municipalities[2]: GM9999 staat niet in de gemeentetabel" in text
    assert not Programme.objects.exists()
    # The colour passes the file check but not the model's: still nothing written.
    bad.write_text(
        "region: {slug: regio, name: Regio}\nmunicipalities: [GM0546]\n"
        "programme: {slug: p, name: P}\n"
        "pillars:\n  - {number: 1, slug: een, name: een, colour: rood}\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(Exception, match="niets veranderd"):
        call_command("setup_region", "--file", str(bad), stderr=err)
    assert "pillars[0]: colour" in err.getvalue()
    assert not Municipality.objects.exists()


def test_an_expired_first_invitation_is_sent_again_by_the_next_run():
    setup_region()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    out = setup_region()
    assert "was verlopen; opnieuw verstuurd" in out
    assert len(mail.outbox) == 2 and Invitation.objects.get().times_sent == 2
    assert "al uitgenodigd" in setup_region()
    assert len(mail.outbox) == 2
