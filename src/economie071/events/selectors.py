"""Reads for the events pages, the API, the calendar feed and other apps.

Other apps use `attendance_for_project(project)` (also behind the template include
events/includes/project_events.html) to show a project's events and their attendance.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from economie071.events import permissions
from economie071.events.constants import SEATED_STATUSES, EventStatus, RegistrationStatus
from economie071.events.models import Event, Registration, Session
from economie071.portfolio.models import Project
from economie071.programme.models import Person, Programme


@dataclass(frozen=True)
class Attendance:
    """Registered = holding a place (confirmed or checked in). Pending = awaiting the
    confirmation of their address (not lapsed); `held` of them keep a place meanwhile."""

    registered: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    checked_in: int = 0
    pending: int = 0
    held: int = 0

    def __add__(self, other: "Attendance") -> "Attendance":
        return Attendance(
            self.registered + other.registered,
            self.waitlisted + other.waitlisted,
            self.cancelled + other.cancelled,
            self.checked_in + other.checked_in,
            self.pending + other.pending,
            self.held + other.held,
        )


@dataclass
class ProjectAttendance:
    events: list[Event] = field(default_factory=list)
    totals: Attendance = field(default_factory=Attendance)
    includes_examples: bool = False


def with_figures(*, events: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate the attendance counts (one query for any number of events)."""
    pending = Q(
        registrations__status=RegistrationStatus.PENDING,
        registrations__expires_at__gt=timezone.now(),
    )
    return events.annotate(
        n_pending=Count("registrations", filter=pending, distinct=True),
        n_held=Count(
            "registrations", filter=pending & Q(registrations__holds_place=True), distinct=True
        ),
        n_registered=Count(
            "registrations",
            filter=Q(registrations__status__in=SEATED_STATUSES),
            distinct=True,
        ),
        n_waitlisted=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
        n_cancelled=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CANCELLED),
            distinct=True,
        ),
        n_checked_in=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.CHECKED_IN),
            distinct=True,
        ),
    )


def attendance(*, event: Event) -> Attendance:
    """The figures of one event: from its annotations when present, else counted."""
    if hasattr(event, "n_registered"):
        return Attendance(
            event.n_registered,
            event.n_waitlisted,
            event.n_cancelled,
            event.n_checked_in,
            event.n_pending,
            event.n_held,
        )
    counts = dict(
        event.registrations.exclude(status=RegistrationStatus.PENDING)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    pending = dict(
        event.registrations.filter(status=RegistrationStatus.PENDING, expires_at__gt=timezone.now())
        .values_list("holds_place")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Attendance(
        registered=sum(counts.get(s, 0) for s in SEATED_STATUSES),
        waitlisted=counts.get(RegistrationStatus.WAITLISTED, 0),
        cancelled=counts.get(RegistrationStatus.CANCELLED, 0),
        checked_in=counts.get(RegistrationStatus.CHECKED_IN, 0),
        pending=sum(pending.values()),
        held=pending.get(True, 0),
    )


def places_left(*, event: Event, figures: Attendance | None = None) -> int | None:
    """None: no limit. A place held for a registration awaiting confirmation is taken."""
    if event.capacity is None:
        return None
    figures = figures or attendance(event=event)
    return max(0, event.capacity - figures.registered - figures.held)


def _public() -> Q:
    return Q(status=EventStatus.PUBLISHED) | Q(
        status=EventStatus.CANCELLED, published_at__isnull=False
    )


def _visible(user) -> Q:
    if permissions.is_office(user):
        return Q()
    managed = permissions.managed_event_ids(user)
    return _public() | Q(pk__in=managed) if managed else _public()


def upcoming_q(*, now: datetime.datetime | None = None) -> Q:
    """Not over yet: ends in the future, or (no end given) starts today or later."""
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=today)


def is_over(*, event: Event, now: datetime.datetime | None = None) -> bool:
    """The Python twin of `upcoming_q`: is the event over?"""
    now = now or timezone.now()
    if event.ends_at is not None:
        return event.ends_at < now
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return event.starts_at < today


def event_list(
    *,
    programme: Programme,
    user: User | AnonymousUser | None = None,
    kind: str = "",
    pillar: str = "",
    upcoming: bool | None = None,
    public_only: bool = False,
) -> QuerySet[Event]:
    """The events the user may see (the public: published ones), with attendance figures
    and pillars; upcoming ones first-to-come first, past ones most recent first."""
    events = Event.objects.filter(programme=programme)
    events = events.filter(_public() if public_only else _visible(user))
    if kind:
        events = events.filter(kind=kind)
    if pillar:
        events = events.filter(pillars__slug=pillar)
    if upcoming is True:
        events = events.filter(upcoming_q()).order_by("starts_at", "id")
    elif upcoming is False:
        events = events.exclude(upcoming_q()).order_by("-starts_at", "-id")
    else:
        events = events.order_by("-starts_at", "-id")
    return with_figures(events=events).select_related("organisation").prefetch_related("pillars")


def event_by_slug(*, programme: Programme, slug: str) -> Event | None:
    """One event with everything its page shows (regardless of who may see it)."""
    sessions = Session.objects.order_by("starts_at", "order", "id").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("organisation"))
    )
    return (
        with_figures(events=Event.objects.filter(programme=programme, slug=slug))
        .select_related("organisation")
        .prefetch_related(
            Prefetch("sessions", queryset=sessions), "pillars", "projects", "managers"
        )
        .first()
    )


def event_registrations(*, event: Event) -> list[Registration]:
    """Places first (in order of registering), then the waiting list, then cancellations.
    Registrations whose address is not confirmed yet are left out (they are counted in the
    figures): they may be typed by someone who is not the person."""
    rows = list(event.registrations.exclude(status=RegistrationStatus.PENDING))
    rank = {
        RegistrationStatus.CHECKED_IN: 0,
        RegistrationStatus.CONFIRMED: 0,
        RegistrationStatus.WAITLISTED: 1,
        RegistrationStatus.CANCELLED: 2,
    }
    rows.sort(key=lambda r: (rank[r.status], r.waitlist_position or 0, r.created_at, r.pk))
    return rows


def registration_by_token(*, token: str) -> Registration | None:
    if not token:
        return None
    return Registration.objects.select_related("event").filter(cancel_token=token).first()


def registration_by_confirm_token(
    *, token: str, now: datetime.datetime | None = None
) -> Registration | None:
    """The registration a confirmation link is for (None when unknown or lapsed)."""
    if not token:
        return None
    registration = Registration.objects.select_related("event").filter(confirm_token=token).first()
    if registration is None:
        return None
    lapsed = registration.status == RegistrationStatus.PENDING and (
        registration.expires_at <= (now or timezone.now())
    )
    return None if lapsed else registration


def calendar_events(*, programme: Programme) -> QuerySet[Event]:
    """The feed: upcoming published (and cancelled-after-publishing) events."""
    return (
        Event.objects.filter(programme=programme)
        .filter(_public())
        .filter(upcoming_q())
        .order_by("starts_at", "id")
    )


def attendance_for_project(*, project: Project) -> ProjectAttendance:
    """The public events linked to the project, each with its figures, and their sum."""
    events = list(
        with_figures(events=project.events.filter(_public())).order_by("-starts_at", "-id")
    )
    result = ProjectAttendance(events=events)
    for event in events:
        event.figures = attendance(event=event)
        result.totals = result.totals + event.figures
        result.includes_examples = result.includes_examples or event.is_example
    return result


def managed_events(*, user: User | AnonymousUser | None) -> QuerySet[Event]:
    """The events a signed-in user manages (the office: all), newest first."""
    if permissions.is_office(user):
        events = Event.objects.all()
    else:
        events = Event.objects.filter(pk__in=permissions.managed_event_ids(user))
    return with_figures(events=events).order_by("-starts_at", "-id")
