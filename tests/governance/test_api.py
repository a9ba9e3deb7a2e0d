"""The governance API: what each reader sees, the filters, errors, constant query counts."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from economie071.governance import services
from economie071.governance.constants import DecisionOutcome
from economie071.portfolio.constants import AllocationKey
from tests.factories import PersonFactory, ProjectFactory
from tests.governance.conftest import when

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
    # Another Host header (one the site answers to) does not change the link.
    data = client.get(f"{API}/bodies/{body.slug}", HTTP_HOST="127.0.0.1").json()
    assert data["calendarUrl"] == (
        f"{settings.SITE_URL}/bestuur/organen/{body.slug}/vergaderingen.ics"
    )
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
    services.meeting_create(body=other, actor=None, **when(5))
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
    meeting = services.meeting_create(body=other_body, actor=None, **when(-5), status="held")
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


# --- Proposals -------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _attach(proposal, name: str):
    upload = SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
    return services.proposal_attachment_add(proposal=proposal, actor=None, file=upload)


@pytest.fixture
def three_proposals(settings, tmp_path, body, past_meeting, programme, led_project, municipalities):
    """
    led: to `body` (member_user's) on `led_project` (leader_user's); budget, attachment,
        on the agenda of `past_meeting`, adopted there, not published.
    public: to the board, on Smart071; attachment; deferred (not published) at one meeting,
        rejected (published) at the next.
    hidden: to the board, on Smart071; submitted, never decided.
    """
    settings.MEDIA_ROOT = str(tmp_path / "media")
    board = services.body_create(
        programme=programme, actor=None, name="Board", slug="board", kind="programme_steering_group"
    )
    smart = ProjectFactory(programme=programme, name="Smart071", slug="smart071")

    led = services.proposal_create(
        project=led_project,
        body=body,
        actor=None,
        title="Pilot koksopleiding",
        text="VOORSTELTEKST",
        requested_decision="GEVRAAGD BESLUIT",
        budget_amount="27000.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=municipalities.values(),
        population_year=2019,
    )
    services.proposal_submit(proposal=led, actor=None)
    led_file = _attach(led, "Begroting pilot.pdf")
    services.agenda_item_add(
        meeting=past_meeting, actor=None, title="Human Capital", proposals=[led]
    )
    led_decision = services.decision_record(
        proposal=led, meeting=past_meeting, actor=None, outcome=DecisionOutcome.ADOPTED
    )

    public = services.proposal_create(
        project=smart, body=board, actor=None, title="Innovatietrajecten", text="GEHEIM"
    )
    services.proposal_submit(proposal=public, actor=None)
    _attach(public, "Bijlage.pdf")
    first = services.meeting_create(body=board, actor=None, **when(-30), status="held")
    services.agenda_item_add(meeting=first, actor=None, title="Smart071", proposals=[public])
    deferred = services.decision_record(
        proposal=public, meeting=first, actor=None, outcome=DecisionOutcome.DEFERRED
    )
    second = services.meeting_create(body=board, actor=None, **when(-5), status="held")
    services.agenda_item_add(meeting=second, actor=None, title="Smart071", proposals=[public])
    rejected = services.decision_record(
        proposal=public,
        meeting=second,
        actor=None,
        outcome=DecisionOutcome.REJECTED,
        text="AFGEWEZEN",
        publish=True,
    )

    hidden = services.proposal_create(project=smart, body=board, actor=None, title="Stil voorstel")
    services.proposal_submit(proposal=hidden, actor=None)
    return {
        "led": led,
        "led_file": led_file,
        "led_decision": led_decision,
        "public": public,
        "deferred": deferred,
        "rejected": rejected,
        "hidden": hidden,
    }


# who: (the proposals listed, those of which the text etc. can be read)
PROPOSAL_READERS = {
    None: ({"public"}, set()),
    "plain_user": ({"public"}, set()),
    "steering_user": ({"public"}, set()),
    "member_user": ({"led", "public"}, {"led"}),
    "leader_user": ({"led", "public"}, {"led"}),
    "office_user": ({"led", "public", "hidden"}, {"led", "public", "hidden"}),
}


@pytest.mark.parametrize("who", list(PROPOSAL_READERS))
def test_who_sees_which_proposals(request, who, three_proposals, member_user):
    user = request.getfixturevalue(who) if who else None
    listed, readable = PROPOSAL_READERS[who]
    client = api_for(user)
    data = client.get(f"{API}/proposals").json()
    names = {name for name, p in three_proposals.items() if name in {"led", "public", "hidden"}}
    ids = {three_proposals[name].pk: name for name in names}
    assert {ids[row["id"]] for row in data["results"]} == listed
    assert data["count"] == len(listed)
    for name in names:
        response = client.get(f"{API}/proposals/{three_proposals[name].pk}")
        if name not in listed:
            _problem(response, 404)
            continue
        detail = response.json()
        assert detail["title"] == three_proposals[name].title
        if name in readable:
            assert detail["text"] is not None
            assert detail["attachments"] is not None
            assert detail["agenda"] is not None
        else:
            assert detail["text"] is None
            assert detail["requestedDecision"] is None
            assert detail["budgetImplications"] is None
            assert detail["attachments"] is None
            assert detail["agenda"] is None


@pytest.mark.parametrize(
    ("who", "decisions"),
    [
        (None, ["rejected"]),
        ("plain_user", ["rejected"]),
        ("member_user", ["rejected"]),  # a member of another body
        ("office_user", ["deferred", "rejected"]),
    ],
)
def test_a_public_proposal_shows_the_decisions_the_reader_may_see(
    request, who, decisions, three_proposals, member_user
):
    user = request.getfixturevalue(who) if who else None
    public = three_proposals["public"]
    data = api_for(user).get(f"{API}/proposals/{public.pk}").json()
    assert [d["id"] for d in data["decisions"]] == [three_proposals[n].pk for n in decisions]
    assert data["status"] == "decided"
    assert data["project"] == {"slug": "smart071", "name": "Smart071"}
    assert data["body"] == {"slug": "board", "name": "Board"}
    assert data["budgetAmount"] is None
    rejected = data["decisions"][-1]
    assert rejected["outcome"] == "rejected"
    assert rejected["text"] == "AFGEWEZEN"
    assert rejected["published"] is True
    if who != "office_user":
        assert "GEHEIM" not in str(data)


@pytest.mark.parametrize("who", ["member_user", "leader_user", "office_user"])
def test_a_readable_proposal_in_full(request, who, three_proposals, past_meeting, body):
    user = request.getfixturevalue(who)
    led = three_proposals["led"]
    client = api_for(user)
    data = client.get(f"{API}/proposals/{led.pk}").json()
    assert data["text"] == "VOORSTELTEKST"
    assert data["requestedDecision"] == "GEVRAAGD BESLUIT"
    assert data["status"] == "decided"
    assert data["budgetAmount"] == "27000.00"
    budget = data["budgetImplications"]
    assert budget["amount"] == "27000.00"
    assert budget["allocationKey"] == "by_inhabitants"
    assert budget["populationYear"] == 2019
    assert budget["funder"] is None
    assert budget["error"] == ""
    shares = {row["party"]: row["amount"] for row in budget["shares"]}
    assert len(shares) == 6
    assert shares["Leiden"] == "12000.00"  # 120,000 of 270,000 test inhabitants
    [item] = data["agenda"]
    assert item == {
        "meeting": past_meeting.pk,
        "body": {"slug": body.slug, "name": body.name},
        "date": (datetime.date.today() - datetime.timedelta(days=10)).isoformat(),
        "order": 1,
        "title": "Human Capital",
    }
    [decision] = data["decisions"]
    assert decision["id"] == three_proposals["led_decision"].pk
    assert decision["published"] is False
    assert decision["meeting"] == past_meeting.pk
    [attachment] = data["attachments"]
    row = three_proposals["led_file"]
    assert attachment["fileName"] == "Begroting pilot.pdf"
    assert attachment["contentType"] == "application/pdf"
    assert attachment["size"] == len(PDF_BYTES)
    # The download view that checks permissions, never a /media/ URL.
    # Absolute links come from SITE_URL, never from the request's Host header.
    assert attachment["url"] == (
        f"{settings.SITE_URL}/bestuur/voorstellen/{led.pk}/bijlagen/{row.pk}/"
    )
    assert "/media/" not in str(data)
    download = client.get(attachment["url"].removeprefix(settings.SITE_URL))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_an_attachment_url_is_not_for_readers_who_may_not_see_it(three_proposals, plain_user):
    led = three_proposals["led"]
    url = f"/bestuur/voorstellen/{led.pk}/bijlagen/{three_proposals['led_file'].pk}/"
    assert api_for(plain_user).get(url).status_code == 404
    assert api_for(None).get(url).status_code == 404


def test_proposals_filtered_by_project_body_and_status(office_user, three_proposals, led_project):
    client = api_for(office_user)
    led, public, hidden = (three_proposals[n] for n in ("led", "public", "hidden"))

    def ids(**query):
        response = client.get(f"{API}/proposals", query)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids(project=led_project.slug) == [led.pk]
    assert ids(project="smart071") == [hidden.pk, public.pk]  # newest first
    assert ids(body="board") == [hidden.pk, public.pk]
    assert ids(status="submitted") == [hidden.pk]
    assert ids(status="decided", body="board") == [public.pk]
    assert ids(status="draft") == []
    assert ids(status="  submitted ", unknown="ignored") == [hidden.pk]


def test_filters_keep_to_what_the_reader_may_see(three_proposals):
    rows = api_for(None).get(f"{API}/proposals", {"project": "smart071"}).json()["results"]
    assert [row["id"] for row in rows] == [three_proposals["public"].pk]


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ({"project": "nergens"}, ["project"]),
        ({"body": "nergens"}, ["body"]),
        ({"status": "aangenomen"}, ["status"]),
        ({"status": "Decided"}, ["status"]),
        ({"project": "x", "body": "y", "status": "z"}, ["project", "body", "status"]),
    ],
)
def test_bad_proposal_filters_name_the_parameter(client, body, query, params):
    problem = _problem(client.get(f"{API}/proposals", query), 400)
    assert sorted(p["name"] for p in problem["invalidParams"]) == sorted(params)
    if "status" in params:
        assert "on_agenda" in str(problem["invalidParams"])


def test_an_unknown_proposal_is_a_problem(client, body):
    _problem(client.get(f"{API}/proposals/999999"), 404)


def test_the_proposal_detail_takes_a_constant_number_of_queries(
    settings, tmp_path, office_user, led_project, body, municipalities
):
    """More attachments, agenda items and decisions (deferrals): the same queries."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    proposal = services.proposal_create(
        project=led_project,
        body=body,
        actor=None,
        title="Makelaar",
        budget_amount="1000.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=municipalities.values(),
        population_year=2019,
    )
    services.proposal_submit(proposal=proposal, actor=None)
    client = api_for(office_user)

    def add(i):
        _attach(proposal, f"Bijlage {i}.pdf")
        meeting = services.meeting_create(body=body, actor=None, **when(-20 + i), status="held")
        services.agenda_item_add(
            meeting=meeting, actor=None, title=f"Punt {i}", proposals=[proposal]
        )
        services.decision_record(
            proposal=proposal, meeting=meeting, actor=None, outcome=DecisionOutcome.DEFERRED
        )

    add(0)
    client.get(f"{API}/proposals/{proposal.pk}")
    with CaptureQueriesContext(connection) as small:
        client.get(f"{API}/proposals/{proposal.pk}")
    for i in range(1, 5):
        add(i)
    with CaptureQueriesContext(connection) as large:
        data = client.get(f"{API}/proposals/{proposal.pk}").json()
    assert len(data["agenda"]) == len(data["decisions"]) == len(data["attachments"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)


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
        meeting = services.meeting_create(body=body, actor=None, **when(-5), status="held")
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


@pytest.mark.parametrize("path", ["bodies", "meetings", "proposals", "decisions", "trails"])
@pytest.mark.parametrize("who", [None, "member_user", "leader_user", "office_user"])
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
