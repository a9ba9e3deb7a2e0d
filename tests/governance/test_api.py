"""The governance API: what each reader sees, the filters, errors, constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from economie071.governance import services
from economie071.governance.constants import DecisionOutcome
from tests.factories import PersonFactory, ProjectFactory
from tests.governance.conftest import at

API = "/api/v1/governance"


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def decided(on_agenda, past_meeting):
    """`on_agenda` adopted at `past_meeting`; not published; minutes saved, not published."""
    decision = services.decision_record(
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
        text="BESLUITTEKST",
    )
    services.meeting_save_minutes(meeting=past_meeting, actor=None, minutes="NOTULENTEKST")
    return decision


def _problem(response, status: int, param: str | None = None) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if param is not None:
        assert param in [p["name"] for p in body["invalidParams"]]
    return body


# --- Bodies ----------------------------------------------------------------------------------


def test_bodies_are_public(client, body, member_user, future_meeting):
    response = client.get(f"{API}/bodies")
    assert response.status_code == 200
    assert response["API-Version"]
    [row] = response.json()["results"]
    assert row["slug"] == body.slug
    assert row["kind"] == "programme_steering_group"
    assert row["project"] is None
    assert row["minMeetingsPerYear"] == 3
    assert row["memberCount"] == 1
    assert row["meetingCount"] == 1


def test_a_body_with_its_members_and_calendar(client, body, member_user, municipalities):
    services.membership_add(
        body=body, actor=None, role="wethouder", municipality=municipalities["katwijk"]
    )
    data = client.get(f"{API}/bodies/{body.slug}").json()
    assert data["calendarUrl"].endswith(f"/bestuur/organen/{body.slug}/vergaderingen.ics")
    chair, seat = data["members"]
    assert chair["person"] == {"slug": member_user.person.slug, "name": "Yvonne Lid"}
    assert chair["current"] is True
    assert seat["person"] is None
    assert seat["municipality"]["slug"] == "katwijk"


def test_an_unknown_body_is_a_problem(client, programme):
    body = _problem(client.get(f"{API}/bodies/nergens"), 404)
    assert "nergens" in body["detail"]


# --- Meetings --------------------------------------------------------------------------------


def test_meetings_in_date_order_with_filters(client, body, past_meeting, future_meeting, programme):
    other = services.body_create(
        programme=programme, actor=None, name="Board", slug="board", kind="programme_steering_group"
    )
    services.meeting_create(body=other, actor=None, starts_at=at(5))
    everything = client.get(f"{API}/meetings").json()
    assert [m["id"] for m in everything["results"]][0] == past_meeting.pk
    assert everything["count"] == 3
    of_body = client.get(f"{API}/meetings", {"body": body.slug}).json()
    assert [m["id"] for m in of_body["results"]] == [past_meeting.pk, future_meeting.pk]
    today = datetime.date.today()
    ahead = client.get(f"{API}/meetings", {"body": body.slug, "from": today.isoformat()}).json()
    assert [m["id"] for m in ahead["results"]] == [future_meeting.pk]
    day = (today + datetime.timedelta(days=20)).isoformat()
    one_day = client.get(f"{API}/meetings", {"from": day, "to": day}).json()
    assert [m["id"] for m in one_day["results"]] == [future_meeting.pk]
    assert one_day["results"][0]["date"] == day
    assert one_day["results"][0]["status"] == "planned"


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"body": "nergens"}, "body"),
        ({"from": "4 december 2019"}, "from"),
        ({"to": "2019-13-01"}, "to"),
        ({"from": "2020-01-02", "to": "2020-01-01"}, "to"),
    ],
)
def test_bad_meeting_filters_name_the_parameter(client, body, query, param):
    _problem(client.get(f"{API}/meetings", query), 400, param)


READERS = {
    # who: reads the agenda, attendance, documents and what is not published yet
    "office_user": True,
    "member_user": True,
    "steering_user": False,
    "plain_user": False,
    "leader_user": False,
    None: False,
}


@pytest.mark.parametrize("who", list(READERS))
def test_the_meeting_per_reader(request, who, decided, past_meeting, member_user):
    user = request.getfixturevalue(who) if who else None
    data = api_for(user).get(f"{API}/meetings/{past_meeting.pk}").json()
    if READERS[who]:
        assert data["minutes"] == "NOTULENTEKST"
        assert [d["text"] for d in data["decisions"]] == ["BESLUITTEKST"]
        assert data["decisions"][0]["published"] is False
        [item] = data["agenda"]
        assert item["title"] == "Human Capital"
        assert item["proposals"] == [{"id": decided.proposal_id, "title": "Pilot koksopleiding"}]
        assert data["attendance"] == []
        assert data["documents"] == []
    else:
        assert data["minutes"] is None
        assert data["decisions"] == []
        assert data["agenda"] is None
        assert data["attendance"] is None
        assert data["actionItems"] is None
        assert data["documents"] is None


def test_the_public_reads_published_minutes_and_decisions(client, decided, past_meeting):
    services.meeting_publish_minutes(meeting=past_meeting, actor=None)
    services.decision_publish(decision=decided, actor=None)
    data = client.get(f"{API}/meetings/{past_meeting.pk}").json()
    assert data["minutes"] == "NOTULENTEKST"
    assert data["minutesPublished"] is True
    [decision] = data["decisions"]
    assert decision["outcome"] == "adopted"
    assert decision["published"] is True
    assert data["agenda"] is None


def test_an_unknown_meeting_is_a_problem(client, body):
    _problem(client.get(f"{API}/meetings/999999"), 404)


# --- Decisions -------------------------------------------------------------------------------


@pytest.fixture
def two_decisions(decided, body, programme):
    """`decided` (unpublished, body `body`) and a published one of another project/body."""
    other_body = services.body_create(
        programme=programme, actor=None, name="Board", slug="board", kind="programme_steering_group"
    )
    project = ProjectFactory(programme=programme, name="Smart071", slug="smart071")
    proposal = services.proposal_create(
        project=project, body=other_body, actor=None, title="Innovatietrajecten"
    )
    services.proposal_submit(proposal=proposal, actor=None)
    meeting = services.meeting_create(body=other_body, actor=None, starts_at=at(-5), status="held")
    services.agenda_item_add(meeting=meeting, actor=None, title="Smart071", proposals=[proposal])
    published = services.decision_record(
        proposal=proposal,
        meeting=meeting,
        actor=None,
        outcome=DecisionOutcome.REJECTED,
        publish=True,
    )
    return decided, published


@pytest.mark.parametrize(
    ("who", "sees_unpublished"),
    [
        (None, False),
        ("plain_user", False),
        ("steering_user", False),
        ("member_user", True),
        ("leader_user", True),
        ("office_user", True),
    ],
)
def test_who_sees_which_decisions(request, who, sees_unpublished, two_decisions, member_user):
    user = request.getfixturevalue(who) if who else None
    unpublished, published = two_decisions
    rows = api_for(user).get(f"{API}/decisions").json()["results"]
    ids = [row["id"] for row in rows]
    assert published.pk in ids
    assert (unpublished.pk in ids) is sees_unpublished


def test_decisions_filtered_by_project_and_body(office_user, two_decisions, led_project, body):
    unpublished, published = two_decisions
    client = api_for(office_user)
    by_project = client.get(f"{API}/decisions", {"project": led_project.slug}).json()
    assert [d["id"] for d in by_project["results"]] == [unpublished.pk]
    assert by_project["results"][0]["project"]["slug"] == led_project.slug
    by_body = client.get(f"{API}/decisions", {"body": "board"}).json()
    assert [d["id"] for d in by_body["results"]] == [published.pk]
    assert by_body["results"][0]["body"] == {"slug": "board", "name": "Board"}


@pytest.mark.parametrize("param", ["project", "body"])
def test_unknown_decision_filters_are_a_400(client, body, param):
    _problem(client.get(f"{API}/decisions", {param: "nergens"}), 400, param)


# --- Trails ----------------------------------------------------------------------------------


def test_trails_and_the_matrix(client, trail, municipalities):
    leiden = municipalities["leiden"]
    first, second, _third = trail.steps.order_by("order")
    services.trail_step_set(
        step=first, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 7)
    )
    services.trail_step_set(
        step=second,
        municipality=leiden,
        actor=None,
        state="planned",
        date=datetime.date(2020, 1, 1),
        date_precision="month",
    )
    [row] = client.get(f"{API}/trails").json()["results"]
    assert row["slug"] == trail.slug
    assert [s["name"] for s in row["steps"]] == [
        "Stuurgroep stemt in",
        "College geeft vrij",
        "Raad stelt vast",
    ]
    assert len(row["municipalities"]) == 6
    data = client.get(f"{API}/trails/{trail.slug}").json()
    matrix = data["matrix"]
    assert matrix["overdueCount"] == 1
    assert [m["slug"] for m in matrix["municipalities"]][:2] == ["katwijk", "leiden"]
    done_row, planned_row, _last = matrix["rows"]
    assert done_row["done"] == 1
    cell = next(c for c in done_row["cells"] if c["municipality"] == "leiden")
    assert cell == {
        "municipality": "leiden",
        "state": "done",
        "stateLabel": cell["stateLabel"],
        "date": "2019-11-07",
        "datePrecision": "day",
        "note": "",
        "overdue": False,
    }
    planned = next(c for c in planned_row["cells"] if c["municipality"] == "leiden")
    assert planned["overdue"] is True
    assert planned["datePrecision"] == "month"
    katwijk = done_row["cells"][0]
    assert katwijk["state"] == "not_started"


def test_an_unknown_trail_is_a_problem(client, programme):
    _problem(client.get(f"{API}/trails/nergens"), 404)


# --- Query counts ----------------------------------------------------------------------------


def _grow(programme, led_project, municipalities, n: int, start: int) -> None:
    """n more bodies (with a member, a held meeting, a published decision) and trails."""
    for i in range(start, start + n):
        body = services.body_create(
            programme=programme,
            actor=None,
            name=f"Board {i}",
            slug=f"board-{i}",
            kind="project_board",
            project=led_project,
        )
        services.membership_add(body=body, actor=None, person=PersonFactory())
        meeting = services.meeting_create(body=body, actor=None, starts_at=at(-5), status="held")
        proposal = services.proposal_create(
            project=led_project, body=body, actor=None, title=f"Voorstel {i}"
        )
        services.proposal_submit(proposal=proposal, actor=None)
        services.agenda_item_add(meeting=meeting, actor=None, title="Punt", proposals=[proposal])
        services.decision_record(
            proposal=proposal, meeting=meeting, actor=None, outcome="adopted", publish=i % 2 == 0
        )
        services.trail_create(
            programme=programme,
            actor=None,
            title=f"Traject {i}",
            slug=f"traject-{i}",
            steps=["Een", "Twee"],
            municipalities=list(municipalities.values())[: 2 + i % 3],
        )


@pytest.mark.parametrize("path", ["bodies", "meetings", "decisions", "trails"])
@pytest.mark.parametrize("who", [None, "member_user", "office_user"])
def test_lists_take_a_constant_number_of_queries(
    request, path, who, programme, led_project, municipalities, body
):
    user = request.getfixturevalue(who) if who else None
    client = api_for(user)
    _grow(programme, led_project, municipalities, 1, 0)
    client.get(f"{API}/{path}")
    with CaptureQueriesContext(connection) as small:
        first = client.get(f"{API}/{path}")
    _grow(programme, led_project, municipalities, 4, 1)
    with CaptureQueriesContext(connection) as large:
        second = client.get(f"{API}/{path}")
    assert first.status_code == second.status_code == 200
    assert second.json()["count"] > first.json()["count"]
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_meeting_detail_takes_a_constant_number_of_queries(
    office_user, past_meeting, led_project, body
):
    client = api_for(office_user)

    def add(i):
        proposal = services.proposal_create(
            project=led_project, body=body, actor=None, title=f"Voorstel {i}"
        )
        services.proposal_submit(proposal=proposal, actor=None)
        services.agenda_item_add(
            meeting=past_meeting,
            actor=None,
            title=f"Punt {i}",
            projects=[led_project],
            proposals=[proposal],
        )
        person = PersonFactory()
        services.attendance_record(
            meeting=past_meeting, actor=None, person=person, status="present"
        )
        services.action_item_add(meeting=past_meeting, actor=None, owner=person, text=f"Actie {i}")
        services.decision_record(
            proposal=proposal, meeting=past_meeting, actor=None, outcome="adopted"
        )

    add(0)
    client.get(f"{API}/meetings/{past_meeting.pk}")
    with CaptureQueriesContext(connection) as small:
        client.get(f"{API}/meetings/{past_meeting.pk}")
    for i in range(1, 5):
        add(i)
    with CaptureQueriesContext(connection) as large:
        data = client.get(f"{API}/meetings/{past_meeting.pk}").json()
    assert len(data["agenda"]) == 5
    assert len(data["decisions"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)
