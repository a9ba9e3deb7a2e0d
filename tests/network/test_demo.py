"""The network demo: profiles for the overview's organisations, the covenant partners, the
2019 Open Innovatie Lab challenges and the Smart071 figures; loading twice changes nothing."""

import datetime
from decimal import Decimal

import pytest
import yaml

from economie071.audit.models import AuditEntry
from economie071.demo.loader import DATA_DIR, DEMO_PASSWORD
from economie071.network import selectors
from economie071.network.demo import load_network_demo
from economie071.network.models import Challenge, ExpertEntry, NetworkProfile, Trajectory
from economie071.programme.models import Programme

PARTNERS = {
    "gemeente-katwijk",
    "gemeente-leiden",
    "gemeente-leiderdorp",
    "gemeente-oegstgeest",
    "gemeente-voorschoten",
    "gemeente-zoeterwoude",
    "mborijnland",
    "kov",
}


@pytest.fixture
def demo(loaded_demo, db):
    return Programme.objects.get(slug="economie071")


def test_every_organisation_of_the_overview_has_a_published_profile(demo):
    data = yaml.safe_load((DATA_DIR / "organisations.yaml").read_text(encoding="utf-8"))
    slugs = {o["slug"] for o in data["organisations"]}
    profiles = NetworkProfile.objects.filter(is_published=True)
    assert slugs <= set(profiles.values_list("organisation__slug", flat=True))
    partners = profiles.filter(covenant_partner=True)
    assert set(partners.values_list("organisation__slug", flat=True)) == PARTNERS
    # The overview gives no signing dates, and no contribution amounts.
    assert not profiles.exclude(covenant_signed_on=None).exists()
    assert not Challenge.objects.exclude(financial_contribution=None).exists()


def test_the_water_boards_activated_carbon_challenge(demo):
    challenge = Challenge.objects.get(slug="rijnland-actief-kool-2019")
    assert challenge.organisation.slug == "hoogheemraadschap-van-rijnland"
    assert "actief kool" in challenge.description and "Leiden-Noord" in challenge.description
    assert challenge.duration_weeks == 10
    assert challenge.school_year == "2018-2019"
    assert challenge.starts_on_precision == "year"  # no precise date in the overview
    assert challenge.date_note
    assert challenge.status == "completed"
    assert [(r.kind, r.title, r.url) for r in challenge.results.all()] == [
        ("post", "LinkedIn", ""),
        ("film", "Film", ""),
        ("article", "Artikel Leidsch Dagblad", ""),
        ("newsletter", "Nieuwsbrief Holland Rijnland", ""),
    ]
    follow_up = Challenge.objects.get(slug="rijnland-vervolgchallenge-2019")
    assert (follow_up.starts_on, follow_up.starts_on_precision) == (
        datetime.date(2019, 9, 1),
        "month",
    )
    assert follow_up.school_year == "2019-2020" and "Biopartner" in follow_up.location
    mavom = Challenge.objects.get(slug="mavom-twee-opdrachten-2019")
    assert mavom.team.student_count == 2 and mavom.team.study_programme.startswith("MLO")
    upcoming = Challenge.objects.filter(school_year="2019-2020", status="proposed")
    assert set(upcoming.values_list("organisation__slug", flat=True)) == {
        "janssen-biologics",
        "bouwend-nederland",
        "airbus-defence-and-space-netherlands",
        "leiden-kennisstad",
    }


def test_the_smart071_figures_match_the_overview(demo):
    figures = selectors.trajectory_figures(programme=demo)
    assert (figures.completed, figures.running) == (25, 10)
    assert figures.completed_with_follow_up == 8
    assert figures.follow_up_share == Decimal("0.32")  # "ongeveer 1/3"
    # None of these companies is named in the overview: all placeholders, all labelled.
    assert figures.placeholders == 35
    assert not Trajectory.objects.filter(is_placeholder=False).exists()
    assert not Trajectory.objects.filter(placeholder_note="").exists()
    experts = set(ExpertEntry.objects.values_list("organisation__slug", flat=True))
    assert experts == {"plnt", "universiteit-leiden", "civ-smart-technology"}


def test_the_demo_pages_render_without_contact_addresses(demo, client):
    for url in [
        "/netwerk/",
        "/netwerk/?q=kool",
        "/netwerk/organisaties/hoogheemraadschap-van-rijnland/",
        "/netwerk/uitdagingen/",
        "/netwerk/uitdagingen/rijnland-actief-kool-2019/",
        "/netwerk/smart071/",
        "/netwerk/smart071/trajecten/smart071-afgerond-01/",
        "/api/v1/network/organisations?pageSize=200",
        "/api/v1/network/trajectories/figures",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "@example.org" not in response.content.decode(), url
    html = client.get("/netwerk/smart071/").content.decode()
    assert "35 van de hier getelde trajecten zijn plaatshouders" in html


def test_loading_twice_changes_nothing(demo):
    from django.apps import apps

    def counts():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if m._meta.app_label in {"network", "audit", "programme", "auth"}
        }

    before = counts()
    audit_before = AuditEntry.objects.count()
    main = yaml.safe_load((DATA_DIR / "organisations.yaml").read_text(encoding="utf-8"))
    slugs = [o["slug"] for o in main["organisations"]]
    created = load_network_demo(demo, password=DEMO_PASSWORD, organisation_slugs=slugs)
    assert counts() == before
    assert AuditEntry.objects.count() == audit_before
    assert set(created.values()) == {0}
