"""The governance demo: the 2019 bodies, the 4 December 2019 meeting with five undecided
Human Capital proposals, and the business parks trail; loading twice changes nothing."""

import datetime

import pytest

from economie071.audit.models import AuditEntry
from economie071.governance import selectors
from economie071.governance.demo import load_governance_demo
from economie071.governance.models import Body, Decision, Meeting, Proposal, TrailStepState
from economie071.programme.models import Person, Programme


@pytest.fixture
def programme_loaded(loaded_demo, db):
    return Programme.objects.get(slug="economie071")


@pytest.fixture
def demo(programme_loaded):
    load_governance_demo(programme_loaded)
    return programme_loaded


def test_the_2019_bodies(demo):
    slugs = set(Body.objects.values_list("slug", flat=True))
    assert {
        "stuurgroep-economie071",
        "stuurgroep-bedrijventerreinenstrategie",
        "stuurgroep-retailvisie",
        "projectboard-smart071",
    } <= slugs
    steering = Body.objects.get(slug="stuurgroep-economie071")
    chair = steering.memberships.get(is_chair=True)
    assert chair.person.name == "Yvonne van Delft"
    parks = Body.objects.get(slug="stuurgroep-bedrijventerreinenstrategie")
    assert parks.min_meetings_per_year == 3
    assert parks.memberships.filter(role="wethouder").count() == 6
    assert set(
        parks.memberships.exclude(role="wethouder").values_list("organisation__slug", flat=True)
    ) == {
        "vno-ncw-rijnland",
        "leidse-koepel-van-ondernemersverenigingen",
        "kov",
        "ondernemersvereniging-bsp",
    }
    # People are looked up, not duplicated.
    assert Person.objects.filter(name="Yvonne van Delft").count() == 1


def test_the_4_december_2019_meeting_with_five_undecided_proposals(demo):
    meeting = Meeting.objects.get(body__slug="stuurgroep-economie071")
    assert meeting.date == datetime.date(2019, 12, 4)
    assert meeting.time is None and not meeting.time_known
    # the card announces it; whether and how it was held is not printed
    assert meeting.status == "announced"
    proposals = Proposal.objects.filter(agenda_items__meeting=meeting)
    assert proposals.count() == 5
    assert set(proposals.values_list("status", flat=True)) == {"on_agenda"}
    assert not Decision.objects.exists()
    pack = selectors.meeting_pack(meeting=meeting)
    assert len(pack["proposals"]) == 5
    assert [c["project"].slug for c in pack["cards"]] == ["human-capital-actieplan"]


def test_the_business_parks_trail_has_only_the_dated_steps(demo):
    states = TrailStepState.objects.select_related("step")
    assert {(s.step.order, s.state, s.date) for s in states} == {
        (1, "done", datetime.date(2019, 11, 7)),
        (2, "done", datetime.date(2019, 11, 19)),
        (3, "planned", datetime.date(2020, 1, 1)),
    }
    assert states.count() == 18  # three steps × six municipalities
    assert states.get(step__order=3, municipality__slug="leiden").date_precision == "month"


def test_the_demo_pages_render(demo, client):
    meeting = Meeting.objects.get(body__slug="stuurgroep-economie071")
    for url in [
        "/bestuur/",
        "/bestuur/organen/stuurgroep-bedrijventerreinenstrategie/",
        f"/bestuur/vergaderingen/{meeting.pk}/",
        "/bestuur/besluittrajecten/bedrijventerreinenstrategie-vaststelling/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Bedrijventerreinenstrategie" in response.content.decode() or (
            "Stuurgroep" in response.content.decode()
        ), url


def test_loading_twice_changes_nothing(demo):
    from django.apps import apps

    def counts():
        return {
            m._meta.label: m.objects.count()
            for m in apps.get_models()
            if m._meta.app_label in {"governance", "audit", "programme", "portfolio"}
        }

    before = counts()
    audit_before = AuditEntry.objects.count()
    created = load_governance_demo(demo)
    assert counts() == before
    assert AuditEntry.objects.count() == audit_before
    assert set(created.values()) == {0}


def test_the_public_page_of_the_4_december_2019_meeting_shows_its_agenda(demo, client):
    meeting = Meeting.objects.get(body__slug="stuurgroep-economie071")
    assert meeting.agenda_published
    html = client.get(f"/bestuur/vergaderingen/{meeting.pk}/").content.decode()
    assert "Human Capital Actieplan: vijf voorstellen" in html
    assert "Pilot hospitality koksopleiding" in html
    assert "tijd onbekend" in html
