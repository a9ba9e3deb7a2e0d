"""Proposals to a body (with their amount and how it is shared over the municipalities),
their submission and withdrawal, and the decisions taken on them.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.governance.constants import (
    FINAL_OUTCOMES,
    SUBMITTABLE_STATUSES,
    WITHDRAWABLE_STATUSES,
    DecisionOutcome,
    MeetingStatus,
    ProposalStatus,
)
from economie071.governance.models import AgendaItem, Body, Decision, Meeting, Proposal
from economie071.governance.services._common import _error, _require, _user
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.models import Project
from economie071.programme.models import Municipality, Organisation


def _clean_amount(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        amount = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise _error(
            _("Budget implications: “%(value)s” is not a number.") % {"value": raw},
            "budget_amount",
        ) from None
    if not amount.is_finite() or amount < 0:
        raise _error(
            _("Budget implications: “%(value)s” must be zero or more.") % {"value": raw},
            "budget_amount",
        )
    if amount >= Decimal(10) ** 12:
        raise _error(
            _("Budget implications: “%(value)s” is too large.") % {"value": raw}, "budget_amount"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise _error(
            _("Budget implications: “%(value)s” is not in whole cents.") % {"value": raw},
            "budget_amount",
        )
    return amount


def proposal_create(
    *,
    project: Project,
    body: Body,
    actor: User | None,
    title: str,
    text: str = "",
    requested_decision: str = "",
    budget_amount: Decimal | int | str | None = None,
    allocation_key: str = "",
    municipalities: Iterable[Municipality] = (),
    funder: Organisation | None = None,
    population_year: int | None = None,
) -> Proposal:
    """A draft proposal of a project to a body. Budget implications share an amount out
    over the municipalities by the portfolio's allocation rule (by inhabitants, or all
    for one funder)."""
    _require(actor)
    if not title.strip():
        raise _error(_("Title: required."), "title")
    if body.programme_id != project.programme_id:
        raise _error(_("Body: belongs to another programme."), "body")
    if body.project_id is not None and body.project_id != project.pk:
        raise _error(_("Body: %(body)s is the body of another project.") % {"body": body}, "body")
    amount = _clean_amount(budget_amount)
    municipalities = list(municipalities)
    if amount is None:
        if allocation_key:
            raise _error(_("Budget implications: give the amount to allocate."), "budget_amount")
    else:
        if allocation_key not in (AllocationKey.BY_INHABITANTS, AllocationKey.SINGLE_FUNDER):
            raise _error(
                _("Allocation key: choose “%(a)s” or “%(b)s” for the budget implications.")
                % {
                    "a": AllocationKey.BY_INHABITANTS.label,
                    "b": AllocationKey.SINGLE_FUNDER.label,
                },
                "allocation_key",
            )
        if allocation_key == AllocationKey.BY_INHABITANTS and not municipalities:
            raise _error(
                _("Municipalities: choose the participating municipalities."), "municipalities"
            )
        if allocation_key == AllocationKey.SINGLE_FUNDER and funder is None:
            raise _error(_("Funder: choose the funder."), "funder")
    region = project.programme.region_id
    outside = sorted(m.name for m in municipalities if m.region_id != region)
    if outside:
        raise _error(
            _("Municipalities: not part of the region: %(names)s.") % {"names": ", ".join(outside)},
            "municipalities",
        )
    with transaction.atomic():
        proposal = Proposal.objects.create(
            project=project,
            body=body,
            title=title.strip(),
            text=text.strip(),
            requested_decision=requested_decision.strip(),
            budget_amount=amount,
            allocation_key=allocation_key if amount is not None else "",
            funder=funder if allocation_key == AllocationKey.SINGLE_FUNDER else None,
            population_year=population_year,
        )
        if amount is not None and allocation_key == AllocationKey.BY_INHABITANTS:
            proposal.municipalities.set(municipalities)
        audit_record(
            action="governance.proposal.created",
            actor=actor,
            target=proposal,
            project=project,
            summary=proposal.title,
            data={"body": body.slug, "budget_amount": str(amount or "")},
        )
    return proposal


def _proposal_transition(proposal, actor, *, to: str, allowed_from, verb: str, field="status"):
    _require(actor)
    if proposal.status not in allowed_from:
        raise _error(
            _("Status: the proposal is %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            field,
        )
    with transaction.atomic():
        old = proposal.status
        proposal.status = to
        fields = ["status"]
        if to == ProposalStatus.SUBMITTED and proposal.submitted_at is None:
            proposal.submitted_at = timezone.now()
            fields.append("submitted_at")
        proposal.save(update_fields=fields)
        audit_record(
            action=f"governance.proposal.{verb}",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=f"{proposal.title}: {ProposalStatus(old).label} → {ProposalStatus(to).label}",
            data={"from": old, "to": to},
        )
    return proposal


def proposal_submit(*, proposal: Proposal, actor: User | None) -> Proposal:
    return _proposal_transition(
        proposal,
        actor,
        to=ProposalStatus.SUBMITTED,
        allowed_from=SUBMITTABLE_STATUSES,
        verb="submitted",
    )


def proposal_withdraw(*, proposal: Proposal, actor: User | None) -> Proposal:
    return _proposal_transition(
        proposal,
        actor,
        to=ProposalStatus.WITHDRAWN,
        allowed_from=WITHDRAWABLE_STATUSES,
        verb="withdrawn",
    )


def decision_record(
    *,
    proposal: Proposal,
    meeting: Meeting,
    actor: User | None,
    outcome: str,
    text: str = "",
    date: datetime.date | None = None,
    publish: bool = False,
) -> Decision:
    """Record the body's decision on a proposal that was on the agenda of that meeting.

    Adopted (with or without amendments) and rejected settle the proposal; a deferred
    proposal goes back to 'submitted' so it can be put on a later agenda.
    """
    _require(actor)
    if outcome not in DecisionOutcome.values:
        raise _error(_("Outcome: unknown outcome “%(value)s”.") % {"value": outcome}, "outcome")
    if not AgendaItem.objects.filter(meeting=meeting, proposals=proposal).exists():
        raise _error(
            _("Proposal: “%(title)s” was never put on the agenda of this meeting.")
            % {"title": proposal.title},
            "proposal",
        )
    if proposal.is_closed:
        raise _error(
            _("Proposal: the proposal is %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            "proposal",
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Meeting: the meeting was cancelled."), "meeting")
    if not meeting.has_begun():
        raise _error(_("Meeting: the meeting has not taken place yet."), "meeting")
    if Decision.objects.filter(proposal=proposal, meeting=meeting).exists():
        raise _error(_("Proposal: a decision was already recorded at this meeting."), "proposal")
    meeting_day = meeting.date
    if date is not None and date < meeting_day:
        raise _error(
            _("Date: a decision of the meeting of %(day)s cannot be dated before it.")
            % {"day": meeting_day.isoformat()},
            "date",
        )
    if date is not None and date > timezone.localdate():
        raise _error(_("Date: a decision cannot be dated in the future."), "date")
    date = date or meeting_day
    with transaction.atomic():
        decision = Decision.objects.create(
            proposal=proposal,
            meeting=meeting,
            outcome=outcome,
            text=text.strip(),
            date=date,
            published=publish,
            published_at=timezone.now() if publish else None,
            recorded_by=_user(actor),
        )
        old = proposal.status
        proposal.status = (
            ProposalStatus.DECIDED if outcome in FINAL_OUTCOMES else ProposalStatus.SUBMITTED
        )
        proposal.save(update_fields=["status"])
        audit_record(
            action="governance.proposal.decided"
            if proposal.status == ProposalStatus.DECIDED
            else "governance.proposal.deferred",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=(
                f"{proposal.title}: {ProposalStatus(old).label}"
                f" → {ProposalStatus(proposal.status).label}"
            ),
            data={"from": old, "to": proposal.status, "outcome": outcome},
        )
        audit_record(
            action="governance.decision.recorded",
            actor=actor,
            target=decision,
            project=proposal.project,
            summary=f"{proposal.title}: {outcome}",
            data={
                "outcome": outcome,
                "meeting": meeting.pk,
                "date": date.isoformat(),
                "proposal_status": {"from": old, "to": proposal.status},
            },
        )
    return decision


def decision_publish(*, decision: Decision, actor: User | None) -> Decision:
    _require(actor)
    if decision.published:
        raise _error(_("Published: the decision is already published."), "published")
    with transaction.atomic():
        decision.published = True
        decision.published_at = timezone.now()
        decision.save(update_fields=["published", "published_at"])
        audit_record(
            action="governance.decision.published",
            actor=actor,
            target=decision,
            project=decision.proposal.project,
            summary=str(decision),
        )
    return decision
