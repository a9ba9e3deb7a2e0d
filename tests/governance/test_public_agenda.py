"""A public meeting's agenda: the office publishes it (its public items, in order) before
the meeting, everyone reads it, confidential items stay with the office and the members.
Meeting dates and times on the region's clock, with "no time" instead of midnight."""

import datetime

import pytest
from django.test import Client

from economie071.governance import services
from economie071.governance.exceptions import GovernanceError
from economie071.governance.models import Meeting
from tests.governance.conftest import when

API = "/api/v1/governance"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def agenda(future_meeting):
    for title, public in (
        ("Opening en mededelingen", True),
        ("Personele bezetting programmabureau", False),
        ("Voortgang Human Capital Actieplan", True),
    ):
        services.agenda_item_add(meeting=future_meeting, actor=None, title=title, is_public=public)
    return future_meeting


def test_an_unpublished_agenda_is_for_the_office_and_members_only(agenda, member_user):
    url = f"/bestuur/vergaderingen/{agenda.pk}/"
    public = client_for(None).get(url).content.decode()
    assert "Opening en mededelingen" not in public
    assert "De agenda is niet gepubliceerd." in public
    member = client_for(member_user).get(url).content.decode()
    assert "Personele bezetting programmabureau" in member
    assert client_for(None).get(f"{API}/meetings/{agenda.pk}").json()["agenda"] is None


def test_the_published_agenda_shows_its_public_items_in_order(agenda, office_user, member_user):
    response = client_for(office_user).post(
        f"/bestuur/vergaderingen/{agenda.pk}/agenda-publiceren/", {"action": "publish"}
    )
    assert response.status_code == 302
    agenda.refresh_from_db()
    assert agenda.agenda_published_at is not None

    html = client_for(None).get(f"/bestuur/vergaderingen/{agenda.pk}/").content.decode()
    assert html.index("Opening en mededelingen") < html.index("Voortgang Human Capital Actieplan")
    assert "Personele bezetting" not in html
    assert '<li value="3">' in html  # the item keeps its number on the agenda

    data = client_for(None).get(f"{API}/meetings/{agenda.pk}").json()
    assert [item["title"] for item in data["agenda"]] == [
        "Opening en mededelingen",
        "Voortgang Human Capital Actieplan",
    ]
    assert data["agendaPublished"] is True

    member = client_for(member_user).get(f"/bestuur/vergaderingen/{agenda.pk}/").content.decode()
    assert "Personele bezetting programmabureau" in member and "Vertrouwelijk" in member

    client_for(office_user).post(
        f"/bestuur/vergaderingen/{agenda.pk}/agenda-publiceren/", {"action": "withdraw"}
    )
    html = client_for(None).get(f"/bestuur/vergaderingen/{agenda.pk}/").content.decode()
    assert "Opening en mededelingen" not in html


def test_only_the_office_publishes_an_agenda(agenda, member_user, leader_user):
    for user in (member_user, leader_user):
        response = client_for(user).post(f"/bestuur/vergaderingen/{agenda.pk}/agenda-publiceren/")
        assert response.status_code == 403
    response = client_for(None).post(f"/bestuur/vergaderingen/{agenda.pk}/agenda-publiceren/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    agenda.refresh_from_db()
    assert agenda.agenda_published_at is None


def test_an_agenda_without_public_items_or_of_a_cancelled_meeting_is_not_published(
    future_meeting, body
):
    with pytest.raises(GovernanceError):
        services.meeting_publish_agenda(meeting=future_meeting, actor=None)
    services.agenda_item_add(meeting=future_meeting, actor=None, title="Punt")
    services.meeting_set_status(meeting=future_meeting, actor=None, status="cancelled")
    with pytest.raises(GovernanceError):
        services.meeting_publish_agenda(meeting=future_meeting, actor=None)
    future_meeting.refresh_from_db()
    assert future_meeting.agenda_published_at is None


# --- Dates and times on the region's clock ------------------------------------------------------


def test_a_meeting_without_a_time_keeps_its_day_everywhere(body, office_user):
    meeting = services.meeting_create(
        body=body, actor=None, date=datetime.date(2019, 12, 4), status="announced"
    )
    assert meeting.time is None
    assert str(meeting) == "Stuurgroep Economie071 2019-12-04"
    html = client_for(None).get(f"/bestuur/vergaderingen/{meeting.pk}/").content.decode()
    assert "4 december 2019" in html and "tijd onbekend" in html
    assert "00:00" not in html
    data = client_for(None).get(f"{API}/meetings/{meeting.pk}").json()
    assert data["date"] == "2019-12-04"
    assert data["time"] is None and data["startsAt"] is None and data["timeKnown"] is False


def test_a_meeting_with_a_time_is_shown_and_exported_on_the_regions_clock(body):
    meeting = services.meeting_create(
        body=body,
        actor=None,
        date=datetime.date(2019, 12, 4),
        time=datetime.time(0, 30),
        status="held",
    )
    assert str(meeting) == "Stuurgroep Economie071 2019-12-04 00:30"
    data = client_for(None).get(f"{API}/meetings/{meeting.pk}").json()
    assert data["time"] == "00:30:00"
    assert data["startsAt"] == "2019-12-04T00:30:00+01:00"


def test_the_office_creates_a_meeting_without_a_time(body, office_user):
    day = when(10)["date"]
    response = client_for(office_user).post(
        f"/bestuur/organen/{body.slug}/vergaderingen/nieuw/",
        {"date": day.isoformat(), "time": "", "place": "", "status": "planned"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.date == day and meeting.time is None


def test_a_planned_meeting_today_without_a_time_is_still_ahead(body):
    meeting = services.meeting_create(body=body, actor=None, **when(0, hour=None))
    assert meeting.lies_ahead() and meeting.has_begun()
