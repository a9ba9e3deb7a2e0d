"""Every write to governance: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``governance.<entity>.<verb>``).

`actor` is the user doing it; None means the platform itself (the demo loader), which is
trusted. Every check runs before anything is written, so a refused request leaves the
database as it was. A refusal is a GovernanceError whose ``code`` names the field.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.governance import permissions, uploads
from economie071.governance.constants import (
    FINAL_OUTCOMES,
    AttendanceStatus,
    BodyKind,
    DecisionOutcome,
    MeetingStatus,
    ProposalStatus,
    StepState,
)
from economie071.governance.exceptions import GovernanceError, NotAllowed
from economie071.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DecisionTrail,
    Meeting,
    MeetingDocument,
    Membership,
    Proposal,
    ProposalAttachment,
    TrailStep,
    TrailStepState,
)
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.models import Project, ProjectCard
from economie071.programme.models import Municipality, Organisation, Person, Programme


def _require(actor) -> None:
    if actor is not None and not permissions.can_manage(actor):
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _error(message: str, field: str) -> GovernanceError:
    return GovernanceError(message, code=field)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Bodies and members ----------------------------------------------------------------------


def body_create(
    *,
    programme: Programme,
    actor,
    name: str,
    slug: str,
    kind: str,
    project: Project | None = None,
    description: str = "",
    min_meetings_per_year: int | None = None,
    cadence_source: str = "",
) -> Body:
    _require(actor)
    if not name.strip():
        raise _error(_("Name: required."), "name")
    if kind not in BodyKind.values:
        raise _error(_("Kind: unknown kind “%(kind)s”.") % {"kind": kind}, "kind")
    if kind != BodyKind.PROGRAMME_STEERING_GROUP and project is None:
        raise _error(_("Project: a project steering group or board needs its project."), "project")
    if project is not None and project.programme_id != programme.pk:
        raise _error(_("Project: belongs to another programme."), "project")
    if min_meetings_per_year is not None and min_meetings_per_year < 1:
        raise _error(
            _("Minimum meetings per year: leave it empty or give 1 or more."),
            "min_meetings_per_year",
        )
    if Body.objects.filter(slug=slug).exists():
        raise _error(
            _("Slug: there is already a body with the short name “%(slug)s”.") % {"slug": slug},
            "slug",
        )
    with transaction.atomic():
        body = Body.objects.create(
            programme=programme,
            name=name.strip(),
            slug=slug,
            kind=kind,
            project=project,
            description=description.strip(),
            min_meetings_per_year=min_meetings_per_year,
            cadence_source=cadence_source.strip(),
        )
        audit_record(
            action="governance.body.created",
            actor=actor,
            target=body,
            project=project,
            summary=body.name,
            data={"kind": kind, "min_meetings_per_year": min_meetings_per_year},
        )
    return body


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    lo = datetime.date.min
    hi = datetime.date.max
    return (a_start or lo) <= (b_end or hi) and (b_start or lo) <= (a_end or hi)


def membership_add(
    *,
    body: Body,
    actor,
    person: Person | None = None,
    role: str = "",
    is_chair: bool = False,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Add a seat; the same person cannot hold two seats in a body at once."""
    _require(actor)
    if person is None and municipality is None and organisation is None and not role.strip():
        raise _error(
            _("Person: give the person, or the municipality or organisation of the seat."),
            "person",
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise _error(_("Until: a membership cannot end before it starts."), "ends_on")
    if municipality is not None and municipality.region_id != body.programme.region_id:
        raise _error(_("Municipality: not part of the programme's region."), "municipality")
    others = Membership.objects.filter(body=body, person=person) if person else []
    for other in others:
        if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            raise _error(
                _("Person: %(person)s is already a member of %(body)s in that period.")
                % {"person": person, "body": body},
                "person",
            )
    if person is None:
        # A seat known only by its capacity ("the alderman of Katwijk"): the same seat
        # twice in the same period is the same member added twice.
        seats = Membership.objects.filter(
            body=body,
            person__isnull=True,
            municipality=municipality,
            organisation=organisation,
            role__iexact=role.strip(),
        )
        for other in seats:
            if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
                raise _error(
                    _("Person: the seat “%(seat)s” is already taken in %(body)s in that period.")
                    % {"seat": other.holder_name, "body": body},
                    "person",
                )
    with transaction.atomic():
        order = (body.memberships.aggregate(m=Max("order"))["m"] or 0) + 1
        membership = Membership.objects.create(
            body=body,
            person=person,
            role=role.strip(),
            is_chair=is_chair,
            municipality=municipality,
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            order=order,
        )
        audit_record(
            action="governance.membership.added",
            actor=actor,
            target=membership,
            project=body.project,
            summary=f"{body}: {membership.holder_name}",
            data={"role": membership.role, "starts_on": str(starts_on or "")},
        )
    return membership


def membership_end(*, membership: Membership, actor, ends_on: datetime.date) -> Membership:
    _require(actor)
    if membership.starts_on and ends_on < membership.starts_on:
        raise _error(_("Until: a membership cannot end before it starts."), "ends_on")
    with transaction.atomic():
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        audit_record(
            action="governance.membership.ended",
            actor=actor,
            target=membership,
            project=membership.body.project,
            summary=f"{membership.body}: {membership.holder_name}",
            data={"ends_on": ends_on.isoformat()},
        )
    return membership


# --- Meetings --------------------------------------------------------------------------------


def meeting_create(
    *,
    body: Body,
    actor,
    starts_at: datetime.datetime,
    place: str = "",
    status: str = MeetingStatus.PLANNED,
    time_known: bool = True,
) -> Meeting:
    """Schedule (or, for the record, register) a meeting. A planned meeting lies ahead."""
    _require(actor)
    if status not in MeetingStatus.values:
        raise _error(_("Status: unknown status “%(status)s”.") % {"status": status}, "status")
    if starts_at is None:
        raise _error(_("Date and time: required."), "starts_at")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    now = timezone.now()
    if status == MeetingStatus.PLANNED and starts_at < now:
        raise _error(
            _(
                "Date and time: a meeting in the past cannot be created as planned; "
                "register it as held or cancelled."
            ),
            "starts_at",
        )
    if status == MeetingStatus.HELD and starts_at > now:
        raise _error(
            _("Date and time: a meeting in the future cannot have been held."), "starts_at"
        )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body,
            starts_at=starts_at,
            time_known=time_known,
            place=place.strip(),
            status=status,
        )
        audit_record(
            action="governance.meeting.created",
            actor=actor,
            target=meeting,
            project=body.project,
            summary=str(meeting),
            data={"starts_at": starts_at.isoformat(), "status": status},
        )
    return meeting


def meeting_set_status(*, meeting: Meeting, actor, status: str) -> Meeting:
    _require(actor)
    if status not in MeetingStatus.values:
        raise _error(_("Status: unknown status “%(status)s”.") % {"status": status}, "status")
    now = timezone.now()
    if status == MeetingStatus.HELD and meeting.starts_at > now:
        raise _error(_("Status: the meeting has not taken place yet."), "status")
    if status == MeetingStatus.PLANNED and meeting.starts_at < now:
        raise _error(_("Status: a meeting in the past cannot be planned."), "status")
    if status == MeetingStatus.CANCELLED and meeting.decisions.exists():
        raise _error(_("Status: decisions were recorded at this meeting."), "status")
    with transaction.atomic():
        old = meeting.status
        meeting.status = status
        meeting.save(update_fields=["status"])
        audit_record(
            action="governance.meeting.status_changed",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=f"{old} → {status}",
            data={"from": old, "to": status},
        )
    return meeting


def meeting_save_minutes(*, meeting: Meeting, actor, minutes: str) -> Meeting:
    _require(actor)
    if meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Minutes: the meeting was cancelled."), "minutes")
    if meeting.minutes_published and not minutes.strip():
        raise _error(_("Minutes: published minutes cannot be emptied."), "minutes")
    with transaction.atomic():
        meeting.minutes = minutes.strip()
        meeting.save(update_fields=["minutes"])
        audit_record(
            action="governance.meeting.minutes_saved",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=str(meeting),
            data={"length": len(meeting.minutes)},
        )
    return meeting


def meeting_publish_minutes(*, meeting: Meeting, actor) -> Meeting:
    _require(actor)
    if not meeting.minutes.strip():
        raise _error(_("Minutes: there are no minutes to publish."), "minutes")
    if meeting.status != MeetingStatus.HELD:
        raise _error(_("Minutes: only the minutes of a held meeting are published."), "minutes")
    with transaction.atomic():
        meeting.minutes_published = True
        meeting.minutes_published_at = timezone.now()
        meeting.save(update_fields=["minutes_published", "minutes_published_at"])
        audit_record(
            action="governance.meeting.minutes_published",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=str(meeting),
        )
    return meeting


def agenda_item_add(
    *,
    meeting: Meeting,
    actor,
    title: str,
    text: str = "",
    projects: Iterable[Project] = (),
    cards: Iterable[ProjectCard] = (),
    proposals: Iterable[Proposal] = (),
) -> AgendaItem:
    """Add an item at the end of the agenda; proposals on it move to 'on the agenda'."""
    _require(actor)
    if not title.strip():
        raise _error(_("Title: required."), "title")
    if meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Meeting: the meeting was cancelled."), "meeting")
    projects, cards, proposals = list(projects), list(cards), list(proposals)
    programme_id = meeting.body.programme_id
    if any(p.programme_id != programme_id for p in projects):
        raise _error(_("Projects: a project of another programme."), "projects")
    if any(c.project.programme_id != programme_id for c in cards):
        raise _error(_("Project cards: a card of another programme."), "cards")
    for proposal in proposals:
        if proposal.body_id != meeting.body_id:
            raise _error(
                _("Proposals: “%(title)s” is addressed to another body.")
                % {"title": proposal.title},
                "proposals",
            )
        if proposal.status not in (ProposalStatus.SUBMITTED, ProposalStatus.ON_AGENDA):
            raise _error(
                _("Proposals: “%(title)s” is %(status)s; only submitted proposals go on an agenda.")
                % {"title": proposal.title, "status": proposal.get_status_display().lower()},
                "proposals",
            )
        earlier = meeting.agenda_items.filter(proposals=proposal).first()
        if earlier is not None:
            raise _error(
                _("Proposals: “%(title)s” is already on this meeting's agenda (item %(order)s).")
                % {"title": proposal.title, "order": earlier.order},
                "proposals",
            )
    with transaction.atomic():
        order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, order=order, title=title.strip(), text=text.strip()
        )
        item.projects.set(projects)
        item.cards.set(cards)
        item.proposals.set(proposals)
        for proposal in proposals:
            if proposal.status != ProposalStatus.ON_AGENDA:
                proposal.status = ProposalStatus.ON_AGENDA
                proposal.save(update_fields=["status"])
                audit_record(
                    action="governance.proposal.placed_on_agenda",
                    actor=actor,
                    target=proposal,
                    project=proposal.project,
                    summary=f"{proposal.title} → {meeting}",
                    data={"meeting": meeting.pk},
                )
        audit_record(
            action="governance.agenda_item.added",
            actor=actor,
            target=item,
            project=meeting.body.project,
            summary=f"{meeting}: {item}",
            data={"proposals": [p.pk for p in proposals]},
        )
    return item


def attendance_record(
    *, meeting: Meeting, actor, person: Person, status: str, note: str = ""
) -> Attendance:
    _require(actor)
    if status not in AttendanceStatus.values:
        raise _error(_("Attendance: unknown value “%(value)s”.") % {"value": status}, "status")
    if meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Meeting: the meeting was cancelled."), "meeting")
    with transaction.atomic():
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status, "note": note.strip()}
        )
        audit_record(
            action="governance.attendance.recorded",
            actor=actor,
            target=attendance,
            project=meeting.body.project,
            summary=f"{meeting}: {person} {status}",
        )
    return attendance


# --- Proposals and decisions -----------------------------------------------------------------


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
    actor,
    title: str,
    text: str = "",
    requested_decision: str = "",
    budget_amount=None,
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
            summary=f"{proposal.title}: {old} → {to}",
            data={"from": old, "to": to},
        )
    return proposal


def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    return _proposal_transition(
        proposal,
        actor,
        to=ProposalStatus.SUBMITTED,
        allowed_from={ProposalStatus.DRAFT},
        verb="submitted",
    )


def proposal_withdraw(*, proposal: Proposal, actor) -> Proposal:
    return _proposal_transition(
        proposal,
        actor,
        to=ProposalStatus.WITHDRAWN,
        allowed_from={ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.ON_AGENDA},
        verb="withdrawn",
    )


def decision_record(
    *,
    proposal: Proposal,
    meeting: Meeting,
    actor,
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
    if proposal.status in (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN):
        raise _error(
            _("Proposal: the proposal is %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            "proposal",
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Meeting: the meeting was cancelled."), "meeting")
    if meeting.starts_at > timezone.now():
        raise _error(_("Meeting: the meeting has not taken place yet."), "meeting")
    if Decision.objects.filter(proposal=proposal, meeting=meeting).exists():
        raise _error(_("Proposal: a decision was already recorded at this meeting."), "proposal")
    meeting_day = timezone.localtime(meeting.starts_at).date()
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
            summary=f"{proposal.title}: {old} → {proposal.status}",
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


def decision_publish(*, decision: Decision, actor) -> Decision:
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


# --- Action items ----------------------------------------------------------------------------


def action_item_add(
    *,
    meeting: Meeting,
    actor,
    owner: Person,
    text: str,
    due_on: datetime.date | None = None,
) -> ActionItem:
    _require(actor)
    if not text.strip():
        raise _error(_("Action: required."), "text")
    if due_on and due_on < timezone.localtime(meeting.starts_at).date():
        raise _error(_("Due date: before the meeting that set the action."), "due_on")
    with transaction.atomic():
        action = ActionItem.objects.create(
            meeting=meeting, owner=owner, text=text.strip(), due_on=due_on
        )
        audit_record(
            action="governance.action_item.added",
            actor=actor,
            target=action,
            project=meeting.body.project,
            summary=action.text[:200],
            data={"owner": owner.slug, "due_on": str(due_on or "")},
        )
    return action


def action_item_follow_up(
    *,
    action: ActionItem,
    actor,
    meeting: Meeting,
    done: bool,
    note: str = "",
    done_on: datetime.date | None = None,
) -> ActionItem:
    """Discuss an action item at a later meeting of the same body; mark it done or not."""
    _require(actor)
    if meeting.body_id != action.meeting.body_id:
        raise _error(_("Meeting: a meeting of another body."), "meeting")
    if meeting.starts_at <= action.meeting.starts_at:
        raise _error(
            _("Meeting: follow-up happens at a later meeting than the one that set the action."),
            "meeting",
        )
    with transaction.atomic():
        action.followed_up_at = meeting
        action.follow_up_note = note.strip()
        action.done_on = (done_on or timezone.localtime(meeting.starts_at).date()) if done else None
        action.save(update_fields=["followed_up_at", "follow_up_note", "done_on"])
        audit_record(
            action="governance.action_item.followed_up",
            actor=actor,
            target=action,
            project=meeting.body.project,
            summary=action.text[:200],
            data={"meeting": meeting.pk, "done": done},
        )
    return action


# --- Decision trails -------------------------------------------------------------------------


def trail_create(
    *,
    programme: Programme,
    actor,
    title: str,
    slug: str,
    steps: list[str],
    municipalities: Iterable[Municipality],
    project: Project | None = None,
    description: str = "",
) -> DecisionTrail:
    _require(actor)
    if not title.strip():
        raise _error(_("Title: required."), "title")
    names = [s.strip() for s in steps]
    if not names or any(not n for n in names):
        raise _error(_("Steps: give every step a name."), "steps")
    municipalities = list(municipalities)
    if not municipalities:
        raise _error(_("Municipalities: choose at least one."), "municipalities")
    if any(m.region_id != programme.region_id for m in municipalities):
        raise _error(_("Municipalities: not part of the programme's region."), "municipalities")
    if DecisionTrail.objects.filter(slug=slug).exists():
        raise _error(
            _("Slug: there is already a trail with the short name “%(slug)s”.") % {"slug": slug},
            "slug",
        )
    with transaction.atomic():
        trail = DecisionTrail.objects.create(
            programme=programme,
            title=title.strip(),
            slug=slug,
            project=project,
            description=description.strip(),
        )
        trail.municipalities.set(municipalities)
        TrailStep.objects.bulk_create(
            TrailStep(trail=trail, order=i, name=name) for i, name in enumerate(names, start=1)
        )
        audit_record(
            action="governance.trail.created",
            actor=actor,
            target=trail,
            project=project,
            summary=trail.title,
            data={"steps": names, "municipalities": [m.slug for m in municipalities]},
        )
    return trail


def trail_step_set(
    *,
    step: TrailStep,
    municipality: Municipality,
    actor,
    state: str,
    date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    note: str = "",
) -> TrailStepState:
    """Record where a municipality stands on a step.

    Steps are taken in order: a step is done only after the previous one is done for
    that municipality (and not on an earlier date), and a step cannot go back from done
    while a later step is done.
    """
    _require(actor)
    trail = step.trail
    if state not in StepState.values:
        raise _error(_("State: unknown state “%(state)s”.") % {"state": state}, "state")
    if date_precision not in DatePrecision.values:
        raise _error(_("Date precision: unknown value."), "date_precision")
    if not trail.municipalities.filter(pk=municipality.pk).exists():
        raise _error(
            _("Municipality: %(name)s does not take part in this trail.")
            % {"name": municipality.name},
            "municipality",
        )
    if state == StepState.DONE and date is None:
        raise _error(_("Date: give the date on which the step was done."), "date")
    if state == StepState.DONE and date > timezone.localdate():
        raise _error(_("Date: a step cannot have been done on a date in the future."), "date")
    if state == StepState.NOT_STARTED:
        date = None
    states = {
        s.step_id: s
        for s in TrailStepState.objects.filter(
            step__trail=trail, municipality=municipality
        ).select_related("step")
    }
    if state == StepState.DONE:
        previous = trail.steps.filter(order__lt=step.order).order_by("-order").first()
        if previous is not None:
            before = states.get(previous.pk)
            if before is None or before.state != StepState.DONE:
                raise _error(
                    _(
                        "State: recorded out of order: “%(previous)s” is not done yet for "
                        "%(municipality)s."
                    )
                    % {"previous": previous.name, "municipality": municipality.name},
                    "state",
                )
            if before.date and date < before.date:
                raise _error(
                    _("Date: before the date of the previous step (%(date)s).")
                    % {"date": before.date.isoformat()},
                    "date",
                )
    else:
        later_done = [
            s
            for s in states.values()
            if s.state == StepState.DONE and s.step_id != step.pk and s.step.order > step.order
        ]
        if later_done:
            raise _error(
                _("State: a later step is already done for %(municipality)s.")
                % {"municipality": municipality.name},
                "state",
            )
    with transaction.atomic():
        row = states.get(step.pk)
        old = row.state if row else StepState.NOT_STARTED
        if row is None:
            row = TrailStepState(step=step, municipality=municipality)
        row.state = state
        row.date = date
        row.date_precision = date_precision
        row.note = note.strip()
        row.save()
        audit_record(
            action="governance.trail_step.updated",
            actor=actor,
            target=row,
            project=trail.project,
            summary=f"{trail.title} · {step.name} · {municipality.name}: {state}",
            data={
                "from": old,
                "to": state,
                "date": date.isoformat() if date else "",
                "municipality": municipality.slug,
            },
        )
    return row


# --- Attachments and meeting documents --------------------------------------------------------


def _max_upload_bytes() -> int:
    return getattr(settings, "GOVERNANCE_MAX_UPLOAD_BYTES", uploads.MAX_UPLOAD_BYTES)


def _checked_upload(upload, title: str) -> tuple[str, uploads.FileType]:
    """The cleaned name and the type of an upload that may be stored; refusals name 'file'
    (or 'title')."""
    if upload is None:
        raise _error(_("File: choose a file to upload."), "file")
    name = uploads.clean_name(getattr(upload, "name", "") or "")
    shown = name or _("(no name)")
    if len(title.strip()) > 300:
        raise _error(_("Title: at most 300 characters."), "title")
    if not upload.size:
        raise _error(_("File: “%(name)s” is empty.") % {"name": shown}, "file")
    limit = _max_upload_bytes()
    if upload.size > limit:
        raise _error(
            _("File: “%(name)s” is %(size)s; files of at most %(limit)s can be uploaded.")
            % {
                "name": shown,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
            "file",
        )
    claimed = uploads.type_for_name(name)
    if claimed is None:
        raise _error(
            _("File: “%(name)s” is not a type that can be uploaded; upload %(types)s.")
            % {"name": shown, "types": uploads.ALLOWED_LABELS},
            "file",
        )
    actual = uploads.detect(upload)
    if actual != claimed:
        raise _error(
            _("File: “%(name)s” is not a real %(type)s file: its content does not match its name.")
            % {"name": shown, "type": claimed.label},
            "file",
        )
    return name, claimed


def _store(row, upload, name: str, file_type: uploads.FileType, title: str, actor, audit):
    """Write the file under a random name, then the row and its audit entry in one
    transaction; when that fails the file is removed again, so nothing is half-saved."""
    row.original_name = name
    row.title = title.strip()
    row.content_type = file_type.content_type
    row.size = upload.size
    row.uploaded_by = _user(actor)
    row.file.save(name, upload, save=False)
    try:
        with transaction.atomic():
            row.save()
            audit(row)
    except BaseException:
        row.file.storage.delete(row.file.name)
        raise
    return row


def _remove_after_commit(row) -> None:
    storage, name = row.file.storage, row.file.name
    transaction.on_commit(lambda: storage.delete(name))


def proposal_attachment_add(
    *, proposal: Proposal, actor, file, title: str = ""
) -> ProposalAttachment:
    """Attach a document to a proposal (PDF, DOCX, XLSX, ODT, PNG or JPEG). A decided or
    withdrawn proposal is closed: its documents are those it was decided or withdrawn with."""
    _require(actor)
    if proposal.status in (ProposalStatus.DECIDED, ProposalStatus.WITHDRAWN):
        raise _error(
            _("File: the proposal is %(status)s; no attachments can be added any more.")
            % {"status": proposal.get_status_display().lower()},
            "file",
        )
    name, file_type = _checked_upload(file, title)

    def audit(attachment):
        audit_record(
            action="governance.proposal.attachment_added",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=f"{proposal.title}: {name}",
            data={
                "attachment": attachment.pk,
                "name": name,
                "size": attachment.size,
                "type": file_type.label,
            },
        )

    return _store(ProposalAttachment(proposal=proposal), file, name, file_type, title, actor, audit)


def proposal_attachment_delete(*, attachment: ProposalAttachment, actor) -> None:
    _require(actor)
    proposal = attachment.proposal
    with transaction.atomic():
        pk = attachment.pk
        _remove_after_commit(attachment)
        attachment.delete()
        audit_record(
            action="governance.proposal.attachment_deleted",
            actor=actor,
            target=proposal,
            project=proposal.project,
            summary=f"{proposal.title}: {attachment.original_name}",
            data={"attachment": pk, "name": attachment.original_name},
        )


def meeting_document_add(*, meeting: Meeting, actor, file, title: str = "") -> MeetingDocument:
    """Add a document to a meeting (a presentation, a letter, the previous minutes)."""
    _require(actor)
    name, file_type = _checked_upload(file, title)

    def audit(document):
        audit_record(
            action="governance.meeting.document_added",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=f"{meeting}: {name}",
            data={
                "document": document.pk,
                "name": name,
                "size": document.size,
                "type": file_type.label,
            },
        )

    return _store(MeetingDocument(meeting=meeting), file, name, file_type, title, actor, audit)


def meeting_document_delete(*, document: MeetingDocument, actor) -> None:
    _require(actor)
    meeting = document.meeting
    with transaction.atomic():
        pk = document.pk
        _remove_after_commit(document)
        document.delete()
        audit_record(
            action="governance.meeting.document_deleted",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=f"{meeting}: {document.original_name}",
            data={"document": pk, "name": document.original_name},
        )
