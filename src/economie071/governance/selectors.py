"""Reads for governance pages, the meeting pack, the calendar feed and other apps.

Other apps use `project_decisions(project)` to show decisions in a project's history next
to its phase changes and cards, and `bodies_behind_cadence(programme)` for the dashboard.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.core.allocation import allocate
from economie071.core.dates import DatePrecision
from economie071.governance import permissions
from economie071.governance.constants import MeetingStatus, StepState
from economie071.governance.exceptions import NoAgendaError
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
from economie071.portfolio.models import Project
from economie071.portfolio.selectors import card_display, latest_published_revision
from economie071.programme.models import Municipality, PopulationFigure, Programme

# Meetings in date order; on a day, a meeting without a known time comes first.
FIRST_FIRST = ("date", F("time").asc(nulls_first=True), "id")
LATEST_FIRST = ("-date", F("time").desc(nulls_last=True), "-id")


# --- Bodies ----------------------------------------------------------------------------------


def body_list(*, programme: Programme) -> QuerySet[Body]:
    today = timezone.localdate()
    return (
        Body.objects.filter(programme=programme)
        .select_related("project")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            member_count=Count(
                "memberships",
                filter=(Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today))
                & (Q(memberships__starts_on__isnull=True) | Q(memberships__starts_on__lte=today)),
                distinct=True,
            ),
        )
        .order_by("kind", "name")
    )


def body_by_slug(*, programme: Programme, slug: str) -> Body | None:
    return Body.objects.filter(programme=programme, slug=slug).select_related("project").first()


def body_memberships(*, body: Body) -> list[Membership]:
    """Members over time: current ones first, in the order they were added."""
    today = timezone.localdate()
    rows = list(
        body.memberships.select_related("person__organisation", "municipality", "organisation")
    )
    for row in rows:
        row.is_current = (row.ends_on is None or row.ends_on >= today) and (
            row.starts_on is None or row.starts_on <= today
        )
    rows.sort(key=lambda m: (not m.is_current, not m.is_chair, m.order, m.pk))
    return rows


def body_meetings(*, body: Body) -> QuerySet[Meeting]:
    return body.meetings.annotate(item_count=Count("agenda_items")).order_by(*LATEST_FIRST)


# --- Cadence ---------------------------------------------------------------------------------


@dataclass
class CadenceStatus:
    body: Body
    minimum: int
    held: int
    planned: int
    expected_by_now: int
    year: int
    reasons: list[str] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        return bool(self.reasons)


def cadence_status(
    *, programme: Programme, today: datetime.date | None = None
) -> list[CadenceStatus]:
    """For each body with an agreed cadence: how it does this calendar year.

    A body is behind when the meetings held so far lag the pro-rata share of its minimum
    (rounded down, so a body is never behind on 1 January), or when even with the planned
    meetings it will not reach the minimum this year.
    """
    today = today or timezone.localdate()
    year = today.year
    start = datetime.date(year, 1, 1)
    days = 366 if calendar.isleap(year) else 365
    elapsed = (today - start).days + 1
    bodies = (
        Body.objects.filter(programme=programme, min_meetings_per_year__isnull=False)
        .annotate(
            held=Count(
                "meetings",
                filter=Q(
                    meetings__status=MeetingStatus.HELD,
                    meetings__date__year=year,
                ),
            ),
            planned=Count(
                "meetings",
                filter=Q(
                    meetings__status=MeetingStatus.PLANNED,
                    meetings__date__year=year,
                ),
            ),
        )
        .order_by("name")
    )
    result = []
    for body in bodies:
        minimum = body.min_meetings_per_year
        expected = minimum * elapsed // days
        status = CadenceStatus(body, minimum, body.held, body.planned, expected, year)
        if body.held < expected:
            status.reasons.append(
                _("%(held)s of the %(expected)s meetings expected by now have been held.")
                % {"held": body.held, "expected": expected}
            )
        if body.held + body.planned < minimum:
            status.reasons.append(
                _(
                    "Held and planned together make %(count)s meetings in %(year)s; "
                    "the agreed minimum is %(minimum)s."
                )
                % {"count": body.held + body.planned, "year": year, "minimum": minimum}
            )
        result.append(status)
    return result


def bodies_behind_cadence(
    *, programme: Programme, today: datetime.date | None = None
) -> list[CadenceStatus]:
    """The dashboard warning: bodies that fall behind their agreed meeting cadence."""
    return [status for status in cadence_status(programme=programme, today=today) if status.behind]


# --- Meetings --------------------------------------------------------------------------------


def meeting_detail(*, pk: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("body__project", "body__programme")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.prefetch_related(
                    "projects", "cards__project", "cards__period", "proposals__project"
                ).order_by("order"),
            ),
            Prefetch("attendance", queryset=_attendance_qs()),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "followed_up_at"),
            ),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("proposal__project").order_by("id"),
            ),
            "documents",
        )
        .filter(pk=pk)
        .first()
    )


def _attendance_qs():
    return Attendance.objects.select_related("person").order_by("person__name")


def visible_decisions(*, meeting: Meeting, user: User | AnonymousUser | None) -> list[Decision]:
    decisions = list(meeting.decisions.all())
    if permissions.can_read_documents(user, meeting.body):
        return decisions
    return [d for d in decisions if d.published]


def visible_agenda(
    *, meeting: Meeting, user: User | AnonymousUser | None
) -> list[AgendaItem] | None:
    """The agenda items this user may read, in order: all of them for the office and the
    body's members; the public ones for everyone once the agenda is published; None when
    there is no agenda to show them."""
    items = sorted(meeting.agenda_items.all(), key=lambda item: item.order)
    if permissions.can_read_documents(user, meeting.body):
        return items
    if meeting.agenda_published:
        return [item for item in items if item.is_public]
    return None


def meeting_for_reader(*, meeting: Meeting, user: User | AnonymousUser | None) -> Meeting:
    """The meeting (from meeting_detail) with what this user may read of it set as
    visible_*; a part they may not read is None."""
    can_read = permissions.can_read_documents(user, meeting.body)
    meeting.visible_minutes = (
        meeting.minutes if permissions.can_read_minutes(user, meeting) else None
    )
    meeting.visible_decisions = visible_decisions(meeting=meeting, user=user)
    meeting.visible_agenda = visible_agenda(meeting=meeting, user=user)
    meeting.visible_attendance = list(meeting.attendance.all()) if can_read else None
    meeting.visible_action_items = list(meeting.action_items.all()) if can_read else None
    meeting.visible_documents = list(meeting.documents.all()) if can_read else None
    return meeting


def meeting_list(
    *,
    programme: Programme,
    body: Body | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings in date order; from and to are local dates, both included."""
    qs = Meeting.objects.filter(body__programme=programme)
    if body is not None:
        qs = qs.filter(body=body)
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    return qs.select_related("body").order_by(*FIRST_FIRST)


def open_action_items(*, body: Body, before: Meeting) -> QuerySet[ActionItem]:
    """Action items of the body's meetings before `before` that are not done: to follow
    up. Earlier means an earlier day, or the same day at an earlier known time."""
    earlier = Q(meeting__date__lt=before.date)
    if before.time is not None:
        earlier |= Q(meeting__date=before.date, meeting__time__lt=before.time)
    return (
        ActionItem.objects.filter(earlier, meeting__body=body, done_on__isnull=True)
        .select_related("owner", "meeting", "followed_up_at")
        .order_by("due_on", "id")
    )


def upcoming_meetings(
    *, programme: Programme, body_ids: Iterable[int] | None = None, limit: int = 10
) -> QuerySet[Meeting]:
    """Planned meetings from now on, first first; only those of `body_ids` when given."""
    now = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    ahead = Q(date__gt=now.date()) | Q(date=now.date(), time__isnull=True)
    ahead |= Q(date=now.date(), time__gte=now.time().replace(second=0, microsecond=0))
    meetings = Meeting.objects.filter(
        ahead, body__programme=programme, status=MeetingStatus.PLANNED
    )
    if body_ids is not None:
        meetings = meetings.filter(body_id__in=body_ids)
    return meetings.select_related("body").order_by(*FIRST_FIRST)[:limit]


def calendar_meetings(*, body: Body) -> QuerySet[Meeting]:
    return body.meetings.select_related("body").order_by(*FIRST_FIRST)


# --- Proposals and decisions -----------------------------------------------------------------


def proposal_detail(*, pk: int) -> Proposal | None:
    return (
        Proposal.objects.select_related("project", "body", "funder")
        .prefetch_related(
            "municipalities",
            "attachments",
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("meeting__body").order_by("date", "id"),
            ),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting__body").order_by(
                    "meeting__date", F("meeting__time").asc(nulls_first=True), "order"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def proposal_list(
    *,
    programme: Programme,
    user: User | AnonymousUser | None,
    project: Project | None = None,
    body: Body | None = None,
    status: str = "",
) -> QuerySet[Proposal]:
    """The proposals the user may read: all for the office; else of their bodies and
    projects; published decisions make a proposal visible to everyone. Newest first."""
    from economie071.portfolio import permissions as portfolio_permissions

    qs = Proposal.objects.filter(project__programme=programme)
    if not permissions.can_manage(user):
        qs = qs.filter(
            Q(body_id__in=permissions.member_body_ids(user))
            | Q(project_id__in=portfolio_permissions.led_project_ids(user))
            | Q(decisions__published=True)
        ).distinct()
    if project is not None:
        qs = qs.filter(project=project)
    if body is not None:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("project", "body").order_by("-created_at", "-id")


def proposal_for_reader(
    *, proposal: Proposal, user: User | AnonymousUser | None
) -> Proposal | None:
    """The proposal (from proposal_detail) with what this user may read of it set as
    visible_*, as on its page; None when the user may not see it at all.

    Everyone sees a proposal with a published decision: its title, project, body, status
    and published decisions. The office, the body's members and the project's leader
    also read its text, requested decision, budget implications, attachments, the agenda
    items it was on and its unpublished decisions; for others those parts are None.
    visible_budget is the proposal itself (with .allocation set) when it states an amount.
    """
    published = has_published_decision(proposal=proposal)
    if not permissions.can_view_proposal(user, proposal, has_published_decision=published):
        return None
    can_read = permissions.can_view_proposal(user, proposal)
    proposal.visible_decisions = [d for d in proposal.decisions.all() if can_read or d.published]
    proposal.visible_text = proposal.text if can_read else None
    proposal.visible_requested_decision = proposal.requested_decision if can_read else None
    proposal.allocation = proposal_allocation(proposal=proposal) if can_read else None
    proposal.visible_budget = proposal if proposal.allocation is not None else None
    proposal.visible_attachments = list(proposal.attachments.all()) if can_read else None
    proposal.visible_agenda = list(proposal.agenda_items.all()) if can_read else None
    return proposal


def decision_list(
    *,
    programme: Programme,
    user: User | AnonymousUser | None,
    project: Project | None = None,
    body: Body | None = None,
) -> QuerySet[Decision]:
    """The decisions the user may see, newest first: published ones for everyone; also
    unpublished ones for the office, the body's members and the project's leader (as on
    the meeting and proposal pages)."""
    from economie071.portfolio import permissions as portfolio_permissions

    qs = Decision.objects.filter(meeting__body__programme=programme)
    if not permissions.can_manage(user):
        qs = qs.filter(
            Q(published=True)
            | Q(meeting__body_id__in=permissions.member_body_ids(user))
            | Q(proposal__project_id__in=portfolio_permissions.led_project_ids(user))
        )
    if project is not None:
        qs = qs.filter(proposal__project=project)
    if body is not None:
        qs = qs.filter(meeting__body=body)
    return qs.select_related("proposal__project", "meeting__body").order_by("-date", "-id")


def has_published_decision(*, proposal: Proposal) -> bool:
    return any(d.published for d in proposal.decisions.all())


def project_decisions(*, project: Project, published_only: bool = True) -> QuerySet[Decision]:
    """A project's decisions in date order, for its history next to its phase changes."""
    qs = Decision.objects.filter(proposal__project=project)
    if published_only:
        qs = qs.filter(published=True)
    return qs.select_related("proposal", "meeting__body").order_by("date", "id")


def project_proposals(*, project: Project) -> QuerySet[Proposal]:
    return (
        project.proposals.select_related("body")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("date", "id")))
        .order_by("-created_at", "-id")
    )


def published_decisions(*, programme: Programme) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(published=True, meeting__body__programme=programme)
        .select_related("proposal__project", "meeting__body")
        .order_by("-date", "-id")
    )


@dataclass
class ProposalAllocationRow:
    party: str
    basis: str
    amount: Decimal


@dataclass
class ProposalAllocation:
    rows: list[ProposalAllocationRow]
    error: str = ""


def proposal_allocation(*, proposal: Proposal) -> ProposalAllocation | None:
    """The budget implications per municipality, by the portfolio's allocation rule."""
    if proposal.budget_amount is None:
        return None
    amount = proposal.budget_amount
    if proposal.allocation_key == AllocationKey.SINGLE_FUNDER:
        funder = str(proposal.funder) if proposal.funder else ""
        return ProposalAllocation([ProposalAllocationRow(funder, "100%", amount)])
    municipalities = list(proposal.municipalities.all())
    year = proposal.population_year or timezone.localtime(proposal.created_at).year
    figures = {
        f.municipality_id: f.inhabitants
        for f in PopulationFigure.objects.filter(municipality__in=municipalities, year=year)
    }
    missing = sorted(m.name for m in municipalities if m.pk not in figures)
    if missing:
        return ProposalAllocation(
            [],
            _("No inhabitants figure for 1 January %(year)s: %(names)s.")
            % {"year": year, "names": ", ".join(missing)},
        )
    if not municipalities:
        return ProposalAllocation([], _("No municipalities to allocate to."))
    shares = allocate(amount, {m: figures[m.pk] for m in municipalities})
    return ProposalAllocation(
        [
            ProposalAllocationRow(m.name, str(figures[m.pk]), shares[m])
            for m in sorted(municipalities, key=lambda m: m.name)
        ]
    )


def proposal_attachment(*, proposal_pk: int, pk: int) -> ProposalAttachment | None:
    return (
        ProposalAttachment.objects.select_related("proposal__body", "proposal__project")
        .filter(proposal_id=proposal_pk, pk=pk)
        .first()
    )


def meeting_document(*, meeting_pk: int, pk: int) -> MeetingDocument | None:
    return (
        MeetingDocument.objects.select_related("meeting__body")
        .filter(meeting_id=meeting_pk, pk=pk)
        .first()
    )


# --- Decision trails -------------------------------------------------------------------------


def trail_list(*, programme: Programme) -> QuerySet[DecisionTrail]:
    return (
        DecisionTrail.objects.filter(programme=programme)
        .select_related("project")
        .annotate(step_count=Count("steps", distinct=True))
        .order_by("title")
    )


def trail_list_full(*, programme: Programme) -> QuerySet[DecisionTrail]:
    """Trails with their municipalities and steps, for the API."""
    return (
        DecisionTrail.objects.filter(programme=programme)
        .select_related("project")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch("steps", queryset=TrailStep.objects.order_by("order")),
        )
        .order_by("title")
    )


def _last_day(date: datetime.date, precision: str) -> datetime.date:
    """The last day a partial date can mean: 'January 2020' lasts until 31 January."""
    if precision == DatePrecision.YEAR:
        return datetime.date(date.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return datetime.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return date


@dataclass
class TrailCell:
    municipality: object
    state: str
    date: datetime.date | None = None
    date_precision: str = DatePrecision.DAY
    note: str = ""
    overdue: bool = False


def trail_matrix(*, trail: DecisionTrail, today: datetime.date | None = None) -> dict:
    """Steps (rows) × municipalities (columns): the state and date of every cell.

    A cell is overdue when the step was planned for a date that has passed and it is not
    done. Missing cells are 'not started'. Three queries, whatever the trail's size.
    """
    today = today or timezone.localdate()
    municipalities = list(trail.municipalities.order_by("name"))
    steps = list(trail.steps.order_by("order"))
    states = {
        (s.step_id, s.municipality_id): s for s in TrailStepState.objects.filter(step__trail=trail)
    }
    rows = []
    overdue_count = 0
    for step in steps:
        cells = []
        done = 0
        for municipality in municipalities:
            row = states.get((step.pk, municipality.pk))
            if row is None:
                cell = TrailCell(municipality, StepState.NOT_STARTED)
            else:
                cell = TrailCell(municipality, row.state, row.date, row.date_precision, row.note)
                cell.overdue = (
                    row.state == StepState.PLANNED
                    and row.date is not None
                    and _last_day(row.date, row.date_precision) < today
                )
            overdue_count += cell.overdue
            done += cell.state == StepState.DONE
            cells.append(cell)
        rows.append({"step": step, "cells": cells, "done": done})
    return {
        "trail": trail,
        "municipalities": municipalities,
        "rows": rows,
        "overdue_count": overdue_count,
        "today": today,
    }


# --- The meeting pack ------------------------------------------------------------------------


def meeting_pack(*, meeting: Meeting) -> dict:
    """Everything the pack shows: the agenda, the proposals on it with their budget
    implications, and the current published card of every project on the agenda."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(
            "projects",
            "cards__project",
            Prefetch(
                "proposals",
                queryset=Proposal.objects.select_related("project", "funder").prefetch_related(
                    "municipalities", "attachments"
                ),
            ),
        )
        .order_by("order")
    )
    if not items:
        raise NoAgendaError(
            _("Agenda: the meeting of %(date)s has no agenda items yet, so there is no pack.")
            % {"date": meeting.date.isoformat()},
            code="agenda",
        )
    projects: dict[int, Project] = {}
    proposals = []
    seen_proposals = set()
    for item in items:
        for project in item.projects.all():
            projects.setdefault(project.pk, project)
        for card in item.cards.all():
            projects.setdefault(card.project_id, card.project)
        for proposal in item.proposals.all():
            projects.setdefault(proposal.project_id, proposal.project)
            if proposal.pk not in seen_proposals:
                seen_proposals.add(proposal.pk)
                proposals.append(
                    {"proposal": proposal, "allocation": proposal_allocation(proposal=proposal)}
                )
    cards = []
    missing_cards = []
    for project in sorted(projects.values(), key=lambda p: p.name):
        revision = latest_published_revision(project=project)
        if revision is None:
            missing_cards.append(project)
            continue
        cards.append(
            {"project": project, "revision": revision, **card_display(snapshot=revision.snapshot)}
        )
    return {
        "meeting": meeting,
        "body": meeting.body,
        "documents": list(meeting.documents.all()),
        "items": items,
        "proposals": proposals,
        "cards": cards,
        "missing_cards": missing_cards,
    }
