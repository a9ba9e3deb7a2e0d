"""Governance pages: who sees what, the office's forms, query counts on list pages."""

import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from economie071.governance import services
from economie071.governance.constants import DecisionOutcome
from economie071.governance.models import AgendaItem, Meeting
from tests.factories import ProjectCardFactory
from tests.governance.conftest import when


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def decided(on_agenda, past_meeting):
    """`on_agenda` adopted at `past_meeting`; the decision is not published; minutes saved."""
    decision = services.decision_record(
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
        text="BESLUITTEKST",
    )
    services.meeting_save_minutes(meeting=past_meeting, actor=None, minutes="NOTULENTEKST")
    return decision


# --- Permissions matrix ---------------------------------------------------------------------

READERS = {
    # who: (sees agenda and unpublished minutes/decisions, may open the pack)
    "office_user": True,
    "member_user": True,
    "steering_user": False,
    "plain_user": False,
    None: False,
}


@pytest.mark.parametrize("who", list(READERS))
def test_the_meeting_page_per_reader(request, who, decided, past_meeting):
    user = request.getfixturevalue(who) if who else None
    if who != "member_user":
        request.getfixturevalue("member_user")
    response = client_for(user).get(f"/bestuur/vergaderingen/{past_meeting.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    reads = READERS[who]
    assert ("Human Capital" in html) is reads  # the agenda
    assert ("NOTULENTEKST" in html) is reads
    assert ("BESLUITTEKST" in html) is reads
    pack = client_for(user).get(f"/bestuur/vergaderingen/{past_meeting.pk}/vergaderstukken/")
    assert pack.status_code == (200 if reads else 404)


def test_the_public_sees_published_minutes_and_decisions(decided, past_meeting, client):
    services.meeting_publish_minutes(meeting=past_meeting, actor=None)
    services.decision_publish(decision=decided, actor=None)
    html = client.get(f"/bestuur/vergaderingen/{past_meeting.pk}/").content.decode()
    assert "NOTULENTEKST" in html
    assert "BESLUITTEKST" in html
    assert "Human Capital" not in html  # the agenda stays with the members
    proposal = client.get(f"/bestuur/voorstellen/{decided.proposal_id}/")
    assert proposal.status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("office_user", 200), ("member_user", 200), ("leader_user", 200), ("plain_user", 404)],
)
def test_who_reads_an_undecided_proposal(request, who, status, proposal):
    user = request.getfixturevalue(who)
    request.getfixturevalue("member_user")
    assert client_for(user).get(f"/bestuur/voorstellen/{proposal.pk}/").status_code == status


def test_anonymous_does_not_read_an_undecided_proposal(client, proposal):
    assert client.get(f"/bestuur/voorstellen/{proposal.pk}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/bestuur/organen/{body}/vergaderingen/nieuw/",
        "/bestuur/organen/{body}/leden/nieuw/",
        "/bestuur/vergaderingen/{meeting}/agendapunt/",
        "/bestuur/vergaderingen/{meeting}/besluit/",
        "/bestuur/vergaderingen/{meeting}/notulen/",
        "/bestuur/voorstellen/nieuw/",
        "/bestuur/besluittrajecten/{trail}/stap-1/leiden/",
    ],
)
@pytest.mark.parametrize(("who", "status"), [("member_user", 403), ("office_user", 200)])
def test_forms_are_for_the_programme_office(request, path, who, status, body, past_meeting, trail):
    user = request.getfixturevalue(who)
    url = path.format(body=body.slug, meeting=past_meeting.pk, trail=trail.slug)
    assert client_for(user).get(url).status_code == status


def test_anonymous_is_sent_to_login_for_forms(client, past_meeting):
    response = client.get(f"/bestuur/vergaderingen/{past_meeting.pk}/agendapunt/")
    assert response.status_code == 302


# --- The office's forms ---------------------------------------------------------------------


def test_creating_a_past_planned_meeting_shows_the_message_at_the_date(office_user, body):
    day = datetime.date.today() - datetime.timedelta(days=3)
    response = client_for(office_user).post(
        f"/bestuur/organen/{body.slug}/vergaderingen/nieuw/",
        {"date": day.isoformat(), "time": "14:00", "place": "Leiden", "status": "planned"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert not Meeting.objects.exists()


def test_creating_a_meeting(office_user, body):
    day = datetime.date.today() + datetime.timedelta(days=30)
    response = client_for(office_user).post(
        f"/bestuur/organen/{body.slug}/vergaderingen/nieuw/",
        {"date": day.isoformat(), "time": "14:00", "place": "Leiden", "status": "planned"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bestuur/vergaderingen/{meeting.pk}/"


def test_a_decision_form_for_a_proposal_not_on_this_agenda(office_user, proposal, past_meeting):
    response = client_for(office_user).post(
        f"/bestuur/vergaderingen/{past_meeting.pk}/besluit/",
        {"proposal": proposal.pk, "outcome": "adopted", "text": ""},
    )
    assert response.status_code == 200
    assert "nooit op de agenda" in str(response.context["form"].errors["proposal"])


def test_adding_a_member_twice_via_the_form(office_user, body, member_user):
    person = member_user.person
    response = client_for(office_user).post(
        f"/bestuur/organen/{body.slug}/leden/nieuw/", {"person": person.pk, "role": "lid"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert body.memberships.count() == 1


def test_the_trail_cell_form_refuses_out_of_order(office_user, trail):
    response = client_for(office_user).post(
        f"/bestuur/besluittrajecten/{trail.slug}/stap-2/leiden/",
        {"state": "done", "date": "2019-11-19", "date_precision": "day"},
    )
    assert response.status_code == 200
    assert "buiten de volgorde" in str(response.context["form"].errors["state"])


def test_the_proposal_form_with_an_allocation(office_user, led_project, body, municipalities):
    response = client_for(office_user).post(
        "/bestuur/voorstellen/nieuw/",
        {
            "project": led_project.pk,
            "body": body.pk,
            "title": "Makelaar",
            "budget_amount": "1000.00",
            "allocation_key": "by_inhabitants",
            "municipalities": [m.pk for m in municipalities.values()],
            "population_year": "2019",
        },
    )
    assert response.status_code == 302
    page = client_for(office_user).get(response["Location"]).content.decode()
    assert "Leiden" in page


# --- The matrix ----------------------------------------------------------------------------


def test_the_matrix_page_says_overdue_in_text(client, trail, municipalities):
    leiden = municipalities["leiden"]
    services.trail_step_set(
        step=trail.steps.get(order=1),
        municipality=leiden,
        actor=None,
        state="planned",
        date=datetime.date(2020, 1, 1),
        date_precision="month",
    )
    html = client.get(f"/bestuur/besluittrajecten/{trail.slug}/").content.decode()
    assert "Overdue" in html or "Te laat" in html
    assert '<th scope="col">Leiden</th>' in html
    assert '<th scope="row">1. Stuurgroep stemt in</th>' in html


# --- The meeting pack -----------------------------------------------------------------------


def test_a_pack_for_a_meeting_without_agenda_gives_a_message(office_user, future_meeting):
    client = client_for(office_user)
    for suffix in ("vergaderstukken/", "vergaderstukken.pdf"):
        response = client.get(f"/bestuur/vergaderingen/{future_meeting.pk}/{suffix}", follow=True)
        assert response.redirect_chain[-1][0] == f"/bestuur/vergaderingen/{future_meeting.pk}/"
        messages = [str(m) for m in response.context["messages"]]
        assert any("no agenda items" in m or "geen agendapunten" in m for m in messages)


def test_the_pack_pdf_holds_the_agenda_proposals_and_cards(
    office_user, future_meeting, proposal, led_project, period
):
    ProjectCardFactory(project=led_project, period=period, published=True, impact="KAARTTEKST")
    services.agenda_item_add(meeting=future_meeting, actor=None, title="Opening en mededelingen")
    services.agenda_item_add(
        meeting=future_meeting,
        actor=None,
        title="Voorstellen Human Capital",
        proposals=[proposal],
    )
    response = client_for(office_user).get(
        f"/bestuur/vergaderingen/{future_meeting.pk}/vergaderstukken.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Opening en mededelingen" in text
    assert "Voorstellen Human Capital" in text
    assert "Pilot koksopleiding" in text
    assert "KAARTTEKST" in text
    page = client_for(office_user).get(
        f"/bestuur/vergaderingen/{future_meeting.pk}/vergaderstukken/"
    )
    assert "KAARTTEKST" in page.content.decode()


# --- Query counts ---------------------------------------------------------------------------


def _grow(programme, body, n, start=0):
    for i in range(start, start + n):
        other = services.body_create(
            programme=programme,
            actor=None,
            name=f"Board {i}",
            slug=f"board-{i}",
            kind="programme_steering_group",
            min_meetings_per_year=2,
        )
        meeting = services.meeting_create(body=other, actor=None, **when(10 + i))
        AgendaItem.objects.create(meeting=meeting, order=1, title="Punt")
        services.meeting_create(body=body, actor=None, **when(30 + i))


@pytest.mark.parametrize(
    "path", ["/bestuur/", "/bestuur/organen/stuurgroep-economie071/", "/bestuur/voorstellen/"]
)
def test_list_pages_take_a_constant_number_of_queries(
    path, office_user, programme, body, led_project, django_assert_max_num_queries
):
    client = client_for(office_user)
    _grow(programme, body, 1)
    services.proposal_create(project=led_project, body=body, actor=None, title="Een")
    client.get(path)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow(programme, body, 4, start=1)
    for i in range(5):
        services.proposal_create(project=led_project, body=body, actor=None, title=f"V{i}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_decision_form_shows_a_date_before_the_meeting_at_the_date(
    office_user, on_agenda, past_meeting
):
    day = past_meeting.date - datetime.timedelta(days=1)
    response = client_for(office_user).post(
        f"/bestuur/vergaderingen/{past_meeting.pk}/besluit/",
        {"proposal": on_agenda.pk, "outcome": "adopted", "date": day.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    assert not on_agenda.decisions.exists()
