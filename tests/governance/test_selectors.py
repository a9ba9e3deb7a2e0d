"""Reads: the cadence warning, the decision-trail matrix, a project's decisions."""

import datetime

from economie071.governance import selectors, services
from economie071.governance.constants import DecisionOutcome
from tests.governance.conftest import when


def _meeting(body, when: datetime.date, status="held"):
    from economie071.governance.models import Meeting

    # Meetings in other years than today's are set up directly: the service would refuse
    # a planned meeting in the past, and the cadence is computed for any 'today'.
    return Meeting.objects.create(body=body, date=when, time=datetime.time(10), status=status)


def test_a_body_without_meetings_falls_behind_its_cadence(programme, body):
    behind = selectors.bodies_behind_cadence(programme=programme, today=datetime.date(2020, 6, 30))
    assert [status.body for status in behind] == [body]
    assert behind[0].expected_by_now == 1  # 3 × 182/366, rounded down
    assert len(behind[0].reasons) == 2


def test_on_1_january_nobody_is_behind_on_meetings_held(programme, body):
    _meeting(body, datetime.date(2020, 3, 1), status="planned")
    _meeting(body, datetime.date(2020, 6, 1), status="planned")
    _meeting(body, datetime.date(2020, 9, 1), status="planned")
    assert (
        selectors.bodies_behind_cadence(programme=programme, today=datetime.date(2020, 1, 1)) == []
    )


def test_a_body_on_schedule_is_not_behind(programme, body):
    _meeting(body, datetime.date(2020, 3, 1))
    _meeting(body, datetime.date(2020, 6, 1))
    _meeting(body, datetime.date(2020, 10, 1), status="planned")
    assert (
        selectors.bodies_behind_cadence(programme=programme, today=datetime.date(2020, 7, 1)) == []
    )


def test_cancelled_meetings_do_not_count(programme, body):
    _meeting(body, datetime.date(2020, 3, 1))
    _meeting(body, datetime.date(2020, 6, 1), status="cancelled")
    _meeting(body, datetime.date(2020, 10, 1), status="planned")
    behind = selectors.bodies_behind_cadence(programme=programme, today=datetime.date(2020, 7, 1))
    assert [s.body for s in behind] == [body]


def test_a_body_without_agreed_cadence_is_never_behind(programme, body):
    body.min_meetings_per_year = None
    body.save()
    assert selectors.cadence_status(programme=programme, today=datetime.date(2020, 12, 31)) == []


def test_the_matrix_shows_state_date_and_overdue(trail, municipalities):
    leiden, katwijk = municipalities["leiden"], municipalities["katwijk"]
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
    services.trail_step_set(
        step=first,
        municipality=katwijk,
        actor=None,
        state="planned",
        date=datetime.date(2020, 2, 1),
    )
    matrix = selectors.trail_matrix(trail=trail, today=datetime.date(2020, 1, 31))
    assert [m.name for m in matrix["municipalities"]][:2] == ["Katwijk", "Leiden"]
    row1, row2, row3 = matrix["rows"]
    cells = {c.municipality.slug: c for c in row1["cells"]}
    assert cells["leiden"].state == "done"
    assert not cells["katwijk"].overdue
    # 'January 2020' is not overdue on 31 January, but is on 1 February.
    assert not {c.municipality.slug: c for c in row2["cells"]}["leiden"].overdue
    later = selectors.trail_matrix(trail=trail, today=datetime.date(2020, 2, 2))
    assert later["overdue_count"] == 2
    assert all(c.state == "not_started" for c in row3["cells"])


def test_the_matrix_takes_a_constant_number_of_queries(
    trail, municipalities, django_assert_num_queries
):
    with django_assert_num_queries(3):
        selectors.trail_matrix(trail=trail)


def test_project_decisions_in_date_order_published_only(on_agenda, past_meeting, led_project):
    decision = services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.ADOPTED
    )
    assert list(selectors.project_decisions(project=led_project)) == []
    assert list(selectors.project_decisions(project=led_project, published_only=False)) == [
        decision
    ]
    services.decision_publish(decision=decision, actor=None)
    assert list(selectors.project_decisions(project=led_project)) == [decision]


def test_open_action_items_of_earlier_meetings(past_meeting, future_meeting):
    from tests.factories import PersonFactory

    owner = PersonFactory()
    action = services.action_item_add(meeting=past_meeting, actor=None, owner=owner, text="Doen")
    assert list(selectors.open_action_items(body=past_meeting.body, before=future_meeting)) == [
        action
    ]
    earlier = services.meeting_create(
        body=past_meeting.body, actor=None, **when(-20), status="held"
    )
    assert list(selectors.open_action_items(body=past_meeting.body, before=earlier)) == []
