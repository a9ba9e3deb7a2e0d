"""Meetings: planned, held or cancelled; their agenda, attendance and minutes."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.governance.constants import AttendanceStatus, MeetingStatus, ProposalStatus
from economie071.governance.models import AgendaItem, Attendance, Body, Meeting, Proposal
from economie071.governance.services._common import _error, _require
from economie071.portfolio.models import Project, ProjectCard
from economie071.programme.models import Person


def meeting_create(
    *,
    body: Body,
    actor: User | None,
    date: datetime.date,
    time: datetime.time | None = None,
    place: str = "",
    status: str = MeetingStatus.PLANNED,
) -> Meeting:
    """Schedule (or, for the record, register) a meeting on a date and, when known, a time
    on the region's clock. A planned meeting lies ahead; a held one lies behind."""
    _require(actor)
    if status not in MeetingStatus.values:
        raise _error(_("Status: unknown status “%(status)s”.") % {"status": status}, "status")
    if date is None:
        raise _error(_("Date: required."), "date")
    if time is not None and time.tzinfo is not None:
        raise _error(_("Time: give the time on the clock, without a time zone."), "time")
    meeting = Meeting(body=body, date=date, time=time, place=place.strip(), status=status)
    if status == MeetingStatus.PLANNED and not meeting.lies_ahead():
        raise _error(
            _(
                "Date: a meeting in the past cannot be created as planned; "
                "register it as held or cancelled."
            ),
            "date",
        )
    if status == MeetingStatus.HELD and not meeting.has_begun():
        raise _error(_("Date: a meeting in the future cannot have been held."), "date")
    with transaction.atomic():
        meeting.save()
        audit_record(
            action="governance.meeting.created",
            actor=actor,
            target=meeting,
            project=body.project,
            summary=str(meeting),
            data={
                "date": date.isoformat(),
                "time": time.strftime("%H:%M") if time else None,
                "status": status,
            },
        )
    return meeting


def meeting_set_status(*, meeting: Meeting, actor: User | None, status: str) -> Meeting:
    _require(actor)
    if status not in MeetingStatus.values:
        raise _error(_("Status: unknown status “%(status)s”.") % {"status": status}, "status")
    if status == MeetingStatus.HELD and not meeting.has_begun():
        raise _error(_("Status: the meeting has not taken place yet."), "status")
    if status == MeetingStatus.PLANNED and not meeting.lies_ahead():
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
            summary=f"{MeetingStatus(old).label} → {MeetingStatus(status).label}",
            data={"from": old, "to": status},
        )
    return meeting


def meeting_publish_agenda(
    *, meeting: Meeting, actor: User | None, published: bool = True
) -> Meeting:
    """Publish the meeting's agenda (its public items, in order) for everyone, or take it
    back. A cancelled meeting has no agenda to publish."""
    _require(actor)
    if published and meeting.status == MeetingStatus.CANCELLED:
        raise _error(_("Agenda: the meeting was cancelled."), "agenda")
    if published and not meeting.agenda_items.filter(is_public=True).exists():
        raise _error(_("Agenda: there are no public agenda items to publish."), "agenda")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.agenda_published == published:
            return meeting
        meeting.agenda_published_at = timezone.now() if published else None
        meeting.save(update_fields=["agenda_published_at"])
        audit_record(
            action="governance.agenda.published" if published else "governance.agenda.withdrawn",
            actor=actor,
            target=meeting,
            project=meeting.body.project,
            summary=str(meeting),
        )
    return meeting


def meeting_save_minutes(*, meeting: Meeting, actor: User | None, minutes: str) -> Meeting:
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


def meeting_publish_minutes(*, meeting: Meeting, actor: User | None) -> Meeting:
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
    actor: User | None,
    title: str,
    text: str = "",
    projects: Iterable[Project] = (),
    cards: Iterable[ProjectCard] = (),
    proposals: Iterable[Proposal] = (),
    is_public: bool = True,
) -> AgendaItem:
    """Add an item at the end of the agenda; proposals on it move to 'on the agenda'. A
    confidential item (`is_public=False`) stays off the published agenda."""
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
            meeting=meeting,
            order=order,
            title=title.strip(),
            text=text.strip(),
            is_public=is_public,
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
            data={"proposals": [p.pk for p in proposals], "public": is_public},
        )
    return item


def attendance_record(
    *, meeting: Meeting, actor: User | None, person: Person, status: str, note: str = ""
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
            summary=f"{meeting}: {person} {AttendanceStatus(status).label.lower()}",
        )
    return attendance
