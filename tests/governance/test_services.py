"""Governance services: the rules, the audit trail, and refusals that write nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.audit.selectors import audit_entries_for_project
from economie071.governance import services
from economie071.governance.constants import DecisionOutcome, ProposalStatus, StepState
from economie071.governance.exceptions import GovernanceError, NotAllowed
from economie071.governance.models import Decision, Meeting, TrailStepState
from economie071.portfolio.constants import AllocationKey
from tests.factories import PersonFactory
from tests.governance.conftest import when


def refused(call, field: str, gov_counts, **kwargs) -> str:
    """Run a call that must be refused: the error names `field` and nothing is written."""
    before = gov_counts()
    with pytest.raises(GovernanceError) as info:
        call(**kwargs)
    assert info.value.code == field
    assert gov_counts() == before
    return " ".join(info.value.messages)


# --- Bad input from the issue ---------------------------------------------------------------


def test_a_decision_on_a_proposal_never_on_the_agenda_is_refused(
    proposal, past_meeting, gov_counts
):
    message = refused(
        services.decision_record,
        "proposal",
        gov_counts,
        proposal=proposal,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
    )
    assert "never put on the agenda" in message
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_decision_on_the_agenda_of_another_meeting_is_refused(on_agenda, body, gov_counts):
    other = services.meeting_create(body=body, actor=None, **when(-3), status="held")
    refused(
        services.decision_record,
        "proposal",
        gov_counts,
        proposal=on_agenda,
        meeting=other,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
    )


def test_a_step_recorded_out_of_order_is_refused(trail, municipalities, gov_counts):
    second = trail.steps.get(order=2)
    message = refused(
        services.trail_step_set,
        "state",
        gov_counts,
        step=second,
        municipality=municipalities["leiden"],
        actor=None,
        state=StepState.DONE,
        date=datetime.date(2019, 11, 19),
    )
    assert "out of order" in message
    assert "Stuurgroep stemt in" in message


def test_a_past_meeting_created_as_planned_is_refused(body, gov_counts):
    message = refused(
        services.meeting_create,
        "date",
        gov_counts,
        body=body,
        actor=None,
        **when(-1),
        status="planned",
    )
    assert "in the past" in message


def test_a_member_added_twice_is_refused(body, gov_counts):
    person = PersonFactory(name="Jacco Knape")
    services.membership_add(body=body, actor=None, person=person, role="wethouder")
    message = refused(
        services.membership_add,
        "person",
        gov_counts,
        body=body,
        actor=None,
        person=person,
        role="lid",
    )
    assert "Jacco Knape" in message


def test_a_member_may_return_after_the_first_seat_ended(body):
    person = PersonFactory()
    services.membership_add(
        body=body,
        actor=None,
        person=person,
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2018, 12, 31),
    )
    services.membership_add(
        body=body, actor=None, person=person, starts_on=datetime.date(2020, 1, 1)
    )
    assert body.memberships.filter(person=person).count() == 2


def test_overlapping_periods_are_refused(body, gov_counts):
    person = PersonFactory()
    services.membership_add(
        body=body,
        actor=None,
        person=person,
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2019, 6, 30),
    )
    refused(
        services.membership_add,
        "person",
        gov_counts,
        body=body,
        actor=None,
        person=person,
        starts_on=datetime.date(2019, 1, 1),
    )


def test_a_seat_without_any_holder_is_refused(body, gov_counts):
    refused(services.membership_add, "person", gov_counts, body=body, actor=None)


# --- The flow of a proposal -----------------------------------------------------------------


def test_proposal_to_decision_writes_the_audit_trail(on_agenda, past_meeting):
    assert on_agenda.status == ProposalStatus.ON_AGENDA
    decision = services.decision_record(
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED_AMENDED,
        text="Ingestemd, met een kleinere pilot.",
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == ProposalStatus.DECIDED
    assert decision.date == past_meeting.date
    actions = list(
        AuditEntry.objects.filter(action__startswith="governance.proposal").values_list(
            "action", flat=True
        )
    )
    assert set(actions) == {
        "governance.proposal.created",
        "governance.proposal.submitted",
        "governance.proposal.placed_on_agenda",
        "governance.proposal.decided",
    }
    decided = AuditEntry.objects.get(action="governance.proposal.decided")
    assert decided.object_id == str(on_agenda.pk)
    assert decided.data == {"from": "on_agenda", "to": "decided", "outcome": "adopted_amended"}
    entry = AuditEntry.objects.get(action="governance.decision.recorded")
    assert entry in audit_entries_for_project(project=on_agenda.project)
    assert entry.data["outcome"] == "adopted_amended"


def test_a_deferred_proposal_can_go_on_a_later_agenda(on_agenda, past_meeting, body):
    services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.DEFERRED
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == ProposalStatus.SUBMITTED
    later = services.meeting_create(body=body, actor=None, **when(-2), status="held")
    services.agenda_item_add(meeting=later, actor=None, title="Opnieuw", proposals=[on_agenda])
    services.decision_record(
        proposal=on_agenda, meeting=later, actor=None, outcome=DecisionOutcome.ADOPTED
    )
    assert Decision.objects.filter(proposal=on_agenda).count() == 2


def test_a_decided_proposal_cannot_be_decided_again(on_agenda, past_meeting, gov_counts):
    services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.REJECTED
    )
    refused(
        services.decision_record,
        "proposal",
        gov_counts,
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
    )


def test_no_decision_before_the_meeting_took_place(proposal, future_meeting, gov_counts):
    services.agenda_item_add(meeting=future_meeting, actor=None, title="X", proposals=[proposal])
    refused(
        services.decision_record,
        "meeting",
        gov_counts,
        proposal=proposal,
        meeting=future_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
    )


def test_a_draft_proposal_does_not_go_on_an_agenda(led_project, body, past_meeting, gov_counts):
    draft = services.proposal_create(project=led_project, body=body, actor=None, title="Concept")
    refused(
        services.agenda_item_add,
        "proposals",
        gov_counts,
        meeting=past_meeting,
        actor=None,
        title="Punt",
        proposals=[draft],
    )


def test_agenda_items_are_numbered_in_order(future_meeting):
    first = services.agenda_item_add(meeting=future_meeting, actor=None, title="Opening")
    second = services.agenda_item_add(meeting=future_meeting, actor=None, title="Rondvraag")
    assert (first.order, second.order) == (1, 2)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"budget_amount": "veel"}, "budget_amount"),
        ({"budget_amount": "-5"}, "budget_amount"),
        ({"budget_amount": "1.005", "allocation_key": "by_inhabitants"}, "budget_amount"),
        ({"budget_amount": "100"}, "allocation_key"),
        ({"budget_amount": "100", "allocation_key": "fixed_shares"}, "allocation_key"),
        ({"budget_amount": "100", "allocation_key": "by_inhabitants"}, "municipalities"),
        ({"budget_amount": "100", "allocation_key": "single_funder"}, "funder"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_proposal_input_names_the_field(led_project, body, gov_counts, kwargs, field):
    arguments = {"project": led_project, "body": body, "actor": None, "title": "Voorstel"}
    refused(services.proposal_create, field, gov_counts, **{**arguments, **kwargs})


def test_budget_implications_are_allocated_by_inhabitants(led_project, body, municipalities):
    from economie071.governance.selectors import proposal_allocation

    proposal = services.proposal_create(
        project=led_project,
        body=body,
        actor=None,
        title="Regionale makelaar",
        budget_amount="27000.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=municipalities.values(),
        population_year=2019,
    )
    allocation = proposal_allocation(proposal=proposal)
    shares = {row.party: row.amount for row in allocation.rows}
    assert sum(shares.values()) == Decimal("27000.00")
    assert shares["Leiden"] == Decimal("12000.00")  # 120,000 of 270,000 test inhabitants


def test_a_proposal_to_the_body_of_another_project_is_refused(
    programme, led_project, other_project, gov_counts
):
    board = services.body_create(
        programme=programme,
        actor=None,
        name="Projectboard Smart071",
        slug="pb-smart071",
        kind="project_board",
        project=other_project,
    )
    refused(
        services.proposal_create,
        "body",
        gov_counts,
        project=led_project,
        body=board,
        actor=None,
        title="Voorstel",
    )


# --- Permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["steering_user", "leader_user", "plain_user", "member_user"])
def test_only_the_programme_office_writes(request, who, body, gov_counts):
    user = request.getfixturevalue(who)
    before = gov_counts()
    with pytest.raises(NotAllowed):
        services.meeting_create(body=body, actor=user, **when(5))
    assert gov_counts() == before


def test_the_programme_office_writes(office_user, body):
    meeting = services.meeting_create(body=body, actor=office_user, **when(5))
    assert AuditEntry.objects.get(action="governance.meeting.created").actor == office_user
    assert isinstance(meeting, Meeting)


# --- Meetings, minutes, action items ----------------------------------------------------------


def test_minutes_are_published_only_for_a_held_meeting(future_meeting, gov_counts):
    services.meeting_save_minutes(meeting=future_meeting, actor=None, minutes="Concept")
    refused(
        services.meeting_publish_minutes, "minutes", gov_counts, meeting=future_meeting, actor=None
    )


def test_a_future_meeting_cannot_be_registered_as_held(body, gov_counts):
    refused(
        services.meeting_create,
        "date",
        gov_counts,
        body=body,
        actor=None,
        **when(3),
        status="held",
    )


def test_action_items_are_followed_up_at_a_later_meeting(past_meeting, future_meeting, gov_counts):
    owner = PersonFactory(name="Jasmijn Bongers")
    action = services.action_item_add(
        meeting=future_meeting, actor=None, owner=owner, text="Businesscase uitwerken"
    )
    refused(
        services.action_item_follow_up,
        "meeting",
        gov_counts,
        action=action,
        actor=None,
        meeting=past_meeting,
        done=True,
    )
    earlier = services.action_item_add(meeting=past_meeting, actor=None, owner=owner, text="Bellen")
    services.action_item_follow_up(
        action=earlier, actor=None, meeting=future_meeting, done=True, note="Gedaan"
    )
    earlier.refresh_from_db()
    assert earlier.followed_up_at == future_meeting
    assert earlier.done_on is not None


# --- Decision trails ------------------------------------------------------------------------


def test_steps_in_order_are_recorded_and_audited(trail, municipalities):
    leiden = municipalities["leiden"]
    first, second, _third = trail.steps.order_by("order")
    services.trail_step_set(
        step=first, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 7)
    )
    services.trail_step_set(
        step=second, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 19)
    )
    assert TrailStepState.objects.filter(municipality=leiden, state="done").count() == 2
    assert AuditEntry.objects.filter(action="governance.trail_step.updated").count() == 2


def test_a_step_done_before_the_previous_steps_date_is_refused(trail, municipalities, gov_counts):
    leiden = municipalities["leiden"]
    first, second, _third = trail.steps.order_by("order")
    services.trail_step_set(
        step=first, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 7)
    )
    refused(
        services.trail_step_set,
        "date",
        gov_counts,
        step=second,
        municipality=leiden,
        actor=None,
        state="done",
        date=datetime.date(2019, 11, 1),
    )


def test_done_needs_a_date(trail, municipalities, gov_counts):
    refused(
        services.trail_step_set,
        "date",
        gov_counts,
        step=trail.steps.get(order=1),
        municipality=municipalities["leiden"],
        actor=None,
        state="done",
    )


def test_a_step_cannot_be_undone_while_a_later_one_is_done(trail, municipalities, gov_counts):
    leiden = municipalities["leiden"]
    first, second, _third = trail.steps.order_by("order")
    services.trail_step_set(
        step=first, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 7)
    )
    services.trail_step_set(
        step=second, municipality=leiden, actor=None, state="done", date=datetime.date(2019, 11, 19)
    )
    refused(
        services.trail_step_set,
        "state",
        gov_counts,
        step=first,
        municipality=leiden,
        actor=None,
        state="planned",
    )


# --- Gaps closed: more bad input --------------------------------------------------------------


def test_a_seat_known_only_by_its_capacity_added_twice_is_refused(body, municipalities, gov_counts):
    katwijk = municipalities["katwijk"]
    services.membership_add(body=body, actor=None, role="Wethouder", municipality=katwijk)
    message = refused(
        services.membership_add,
        "person",
        gov_counts,
        body=body,
        actor=None,
        role="wethouder ",
        municipality=katwijk,
    )
    assert "already taken" in message
    # Another capacity of the same municipality is another seat.
    services.membership_add(body=body, actor=None, role="Ambtenaar", municipality=katwijk)


def test_the_same_seat_again_after_it_ended_is_allowed(body, municipalities):
    leiden = municipalities["leiden"]
    services.membership_add(
        body=body,
        actor=None,
        role="wethouder",
        municipality=leiden,
        ends_on=datetime.date(2019, 12, 31),
    )
    services.membership_add(
        body=body,
        actor=None,
        role="wethouder",
        municipality=leiden,
        starts_on=datetime.date(2020, 1, 1),
    )
    assert body.memberships.count() == 2


def test_a_proposal_twice_on_one_agenda_is_refused(on_agenda, past_meeting, gov_counts):
    message = refused(
        services.agenda_item_add,
        "proposals",
        gov_counts,
        meeting=past_meeting,
        actor=None,
        title="Nogmaals",
        proposals=[on_agenda],
    )
    assert "already on this meeting's agenda (item 1)" in message


@pytest.mark.parametrize("days", [-11, 1])
def test_a_decision_dated_before_its_meeting_or_in_the_future_is_refused(
    on_agenda, past_meeting, gov_counts, days
):
    refused(
        services.decision_record,
        "date",
        gov_counts,
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
        date=timezone.localdate() + datetime.timedelta(days=days),
    )
    on_agenda.refresh_from_db()
    assert on_agenda.status == ProposalStatus.ON_AGENDA


def test_a_decision_dated_after_its_meeting_is_recorded(on_agenda, past_meeting):
    day = timezone.localdate() - datetime.timedelta(days=2)
    decision = services.decision_record(
        proposal=on_agenda,
        meeting=past_meeting,
        actor=None,
        outcome=DecisionOutcome.ADOPTED,
        date=day,
    )
    assert decision.date == day


def test_a_step_done_in_the_future_is_refused(trail, municipalities, gov_counts):
    message = refused(
        services.trail_step_set,
        "date",
        gov_counts,
        step=trail.steps.get(order=1),
        municipality=municipalities["leiden"],
        actor=None,
        state=StepState.DONE,
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert "future" in message


def test_a_deferral_is_audited_on_the_proposal(on_agenda, past_meeting):
    services.decision_record(
        proposal=on_agenda, meeting=past_meeting, actor=None, outcome=DecisionOutcome.DEFERRED
    )
    entry = AuditEntry.objects.get(action="governance.proposal.deferred")
    assert entry.object_id == str(on_agenda.pk)
    assert entry.data["to"] == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("status", ProposalStatus.values)
def test_what_a_proposal_offers_is_what_the_services_allow(proposal, status):
    """The buttons a page shows come from the proposal; the services keep the same rules."""
    proposal.status = status
    proposal.save(update_fields=["status"])

    def allowed(service) -> bool:
        try:
            service(proposal=proposal, actor=None)
        except GovernanceError:
            return False
        proposal.status = status
        proposal.save(update_fields=["status"])
        return True

    assert allowed(services.proposal_submit) == proposal.can_be_submitted
    assert allowed(services.proposal_withdraw) == proposal.can_be_withdrawn
    assert proposal.is_closed == (status in (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN))
    assert proposal.can_be_withdrawn == (status in ("draft", "submitted", "on_agenda"))
