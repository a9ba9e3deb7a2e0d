"""Every write to events: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``events.<entity>.<verb>``).

`actor` is the user doing it; None means the platform itself (the demo loader) or, for
registering and cancelling, a visitor without a login. Every check runs before anything
is written, so a refused request leaves the database as it was. A refusal is an
EventsError whose ``code`` names the field.

Capacity: registering, confirming, cancelling and raising the capacity lock the event's
row (SELECT … FOR UPDATE) before counting places, so two people taking the last place at
the same time are served one after the other and the second one lands on the waiting list.
A registration awaiting the confirmation of its address holds a place for a short while
(see "Registrations" below).

E-mails (the link to confirm a registration, the confirmation with the cancel link and the
.ics attached, a place freed from the
waiting list, a new date, time or place, an event cancelled) are composed inside the
transaction and sent once it is committed (`transaction.on_commit`): a rolled-back change
mails nobody. Their links are built from SITE_URL (economie071.core.links), never from the
request that caused them.
"""

import datetime
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import throttle
from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url, site_host, site_url
from economie071.events import ical, permissions
from economie071.events.constants import (
    ACTIVE_STATUSES,
    ONE_PER_ADDRESS_STATUSES,
    RESERVED_SLUGS,
    SEATED_STATUSES,
    EventKind,
    EventStatus,
    RegistrationStatus,
)
from economie071.events.exceptions import (
    AlreadyRegistered,
    CancellationTooLate,
    CheckInError,
    EventCancelled,
    EventInvalid,
    EventNotPublished,
    NotAllowed,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationError,
    RegistrationInvalid,
    RegistrationNotFound,
    RegistrationNotOpenYet,
    RegistrationThrottled,
)
from economie071.events.models import Event, Registration, Session
from economie071.programme.models import Organisation, Programme

logger = logging.getLogger(__name__)

EVENT_FIELDS = frozenset(
    {
        "title",
        "slug",
        "kind",
        "description",
        "starts_at",
        "ends_at",
        "date_precision",
        "time_known",
        "date_note",
        "venue",
        "address",
        "capacity",
        "registration_opens_at",
        "registration_closes_at",
        "organisation",
        "managers",
        "projects",
        "pillars",
        "is_example",
    }
)
_RELATIONS = ("managers", "projects", "pillars")
# A change to any of these is mailed to everyone registered for a published event.
WHEN_AND_WHERE = frozenset(
    {"starts_at", "ends_at", "date_precision", "time_known", "date_note", "venue", "address"}
)


# --- Helpers ---------------------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _require_manager(actor, event: Event) -> None:
    if actor is not None and not permissions.can_manage(actor, event):
        raise NotAllowed(_("You are not allowed to manage this event."), code="not_allowed")


def _first_project(event: Event):
    """The project an audit entry is filed under (the event's first linked project)."""
    return event.projects.order_by("pk").first()


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _when_text(event: Event) -> str:
    """The date as it is known, in the active language: 5 februari 2019 14:00."""
    local = timezone.localtime(event.starts_at)
    if event.date_precision == DatePrecision.YEAR:
        return str(local.year)
    if event.date_precision == DatePrecision.MONTH:
        return date_format(local, "F Y")
    if not event.time_known:
        return date_format(local, "j F Y")
    return date_format(local, "j F Y H:i")


def _send_after_commit(messages: list[EmailMessage]) -> None:
    """Send once the transaction is committed; a mail server that fails is logged, and
    never undoes (or breaks the page of) a registration that was made."""
    if not messages:
        return

    def send():
        try:
            get_connection().send_messages(messages)
        except Exception:  # the change is committed; report, do not fail the request
            logger.exception("events: could not send %d e-mail(s)", len(messages))

    transaction.on_commit(send)


def _ics_attachment(event: Event) -> str:
    return ical.events_calendar(
        name=event.title, events=[event], host=site_host(), base_url=site_url()
    )


def _registration_mail(registration: Registration, template: str, subject: str) -> EmailMessage:
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "when": _when_text(event),
        "event_url": absolute_url(reverse("events:detail", args=[event.slug])),
        "cancel_url": absolute_url(
            reverse("events:cancel_registration", args=[registration.cancel_token])
        ),
    }
    if registration.status == RegistrationStatus.PENDING:
        context["confirm_url"] = absolute_url(
            reverse("events:confirm_registration", args=[registration.confirm_token])
        )
        context["expires"] = date_format(timezone.localtime(registration.expires_at), "H:i")
    message = EmailMessage(
        subject=subject,
        body=render_to_string(f"events/email/{template}.txt", context),
        to=[registration.email],
    )
    if event.date_exact and registration.status in SEATED_STATUSES:
        message.attach(
            f"{event.slug}.ics", _ics_attachment(event), "text/calendar; charset=utf-8"
        )
    return message


# --- Events ----------------------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:90] or "evenement"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_event(values: dict, *, programme: Programme, event: Event | None) -> dict:
    """Clean and check the fields of an event (all of them, as they would be saved);
    returns the cleaned values. Raises EventInvalid naming the first field at fault."""

    def error(message, field):
        return EventInvalid(message, code=field)

    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        raise error(_("Title: required."), "title")
    if len(values["title"]) > 200:
        raise error(_("Title: at most 200 characters."), "title")
    if values.get("kind") not in EventKind.values:
        raise error(
            _("Kind: unknown kind “%(kind)s”.") % {"kind": values.get("kind")}, "kind"
        )
    slug = (values.get("slug") or "").strip()
    if not slug:
        values["slug"] = event.slug if event else _unique_slug(values["title"])
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            raise error(
                _("Short name: use only letters, digits, hyphens and underscores."), "slug"
            ) from None
        if slug in RESERVED_SLUGS:
            raise error(_("Short name: “%(slug)s” is reserved.") % {"slug": slug}, "slug")
        taken = Event.objects.filter(slug=slug)
        if event is not None:
            taken = taken.exclude(pk=event.pk)
        if taken.exists():
            raise error(
                _("Short name: there is already an event with the short name “%(slug)s”.")
                % {"slug": slug},
                "slug",
            )
        values["slug"] = slug
    values["starts_at"] = _aware(values.get("starts_at"))
    values["ends_at"] = _aware(values.get("ends_at"))
    if values["starts_at"] is None:
        raise error(_("Starts at: required."), "starts_at")
    if values["ends_at"] is not None and values["ends_at"] < values["starts_at"]:
        raise error(_("Ends at: an event cannot end before it starts."), "ends_at")
    if values.get("date_precision", DatePrecision.DAY) not in DatePrecision.values:
        raise error(_("Date known to the: day, month or year."), "date_precision")
    capacity = values.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        raise error(_("Capacity: leave it empty for no limit, or give 1 or more."), "capacity")
    if event is not None and capacity is not None:
        taken_places = event.registrations.filter(status__in=SEATED_STATUSES).count()
        if capacity < taken_places:
            raise error(
                _(
                    "Capacity: %(count)s people already have a place; the capacity cannot "
                    "be lower than that."
                )
                % {"count": taken_places},
                "capacity",
            )
    opens = values["registration_opens_at"] = _aware(values.get("registration_opens_at"))
    closes = values["registration_closes_at"] = _aware(values.get("registration_closes_at"))
    if opens and closes and closes <= opens:
        raise error(
            _("Registration closes: must be after registration opens."), "registration_closes_at"
        )
    last = values["ends_at"] or values["starts_at"]
    if closes and closes > last:
        raise error(
            _("Registration closes: cannot be after the event is over."),
            "registration_closes_at",
        )
    if opens and opens >= last:
        raise error(
            _("Registration opens: must be before the event."), "registration_opens_at"
        )
    organisation = values.get("organisation")
    if organisation is not None and not isinstance(organisation, Organisation):
        raise error(_("Organised by: unknown organisation."), "organisation")
    for project in values.get("projects") or []:
        if project.programme_id != programme.pk:
            raise error(
                _("Projects: %(project)s belongs to another programme.") % {"project": project},
                "projects",
            )
    for pillar in values.get("pillars") or []:
        if pillar.programme_id != programme.pk:
            raise error(
                _("Pillars: %(pillar)s belongs to another programme.") % {"pillar": pillar},
                "pillars",
            )
    for key in ("description", "date_note", "venue", "address"):
        values[key] = (values.get(key) or "").strip()
    return values


def event_create(*, programme: Programme, actor, **fields) -> Event:
    """Create an event (status planned: not public until published). The programme office
    and event organisers may; an organiser who creates an event manages it."""
    if actor is not None and not permissions.can_create(actor):
        raise NotAllowed(_("You are not allowed to create events."), code="not_allowed")
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"event_create: unknown fields {sorted(unknown)}")
    if fields.get("managers") and actor is not None and not permissions.is_office(actor):
        raise NotAllowed(_("Only the programme office names organisers."), code="managers")
    values = _check_event(dict(fields), programme=programme, event=None)
    relations = {name: list(values.pop(name, None) or []) for name in _RELATIONS}
    if _user(actor) is not None and not permissions.is_office(actor):
        relations["managers"].append(actor)
    with transaction.atomic():
        event = Event.objects.create(programme=programme, **values)
        for name, objects in relations.items():
            getattr(event, name).set(objects)
        audit_record(
            action="events.event.created",
            actor=actor,
            target=event,
            project=_first_project(event),
            summary=event.title,
            data={"kind": event.kind, "starts_at": event.starts_at.isoformat()},
        )
    if _user(actor) is not None:
        actor.__dict__.pop("_e071_managed_events", None)
    return event


def event_update(*, event: Event, actor, **changes) -> Event:
    """Change an event's details. A cancelled event is kept as it was. Raising the capacity
    (or removing it) gives the freed places to the waiting list, in order. When the date,
    time or place of a published event changes, everyone registered gets an e-mail with
    the new details (and the calendar file), after the commit."""
    _require_manager(actor, event)
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise TypeError(f"event_update: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        # Read the row as it is now (not as the caller last saw it), locked, so two edits
        # do not undo each other and the capacity check counts the places truly taken.
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status == EventStatus.CANCELLED:
            raise EventInvalid(_("Status: a cancelled event cannot be changed."), code="status")
        if "managers" in changes and actor is not None and not permissions.is_office(actor):
            current = set(locked.managers.values_list("pk", flat=True))
            if {u.pk for u in changes["managers"]} != current:
                raise NotAllowed(
                    _("Only the programme office names organisers."), code="managers"
                )
        values = {name: getattr(locked, name) for name in EVENT_FIELDS - set(_RELATIONS)}
        values.update({k: v for k, v in changes.items() if k not in _RELATIONS})
        values = _check_event(
            {**values, **{k: changes[k] for k in _RELATIONS if k in changes}},
            programme=locked.programme,
            event=locked,
        )
        relations = {name: values.pop(name) for name in _RELATIONS if name in values}
        changed = sorted(k for k, v in values.items() if getattr(locked, k) != v)
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        for name, objects in relations.items():
            getattr(locked, name).set(list(objects))
        promoted = _fill_places(locked)
        audit_record(
            action="events.event.updated",
            actor=actor,
            target=locked,
            project=_first_project(locked),
            summary=locked.title,
            data={"changed": changed + sorted(set(changes) & set(_RELATIONS))},
        )
        _after_promotion(locked, promoted, actor)
        if locked.status == EventStatus.PUBLISHED and WHEN_AND_WHERE & set(changed):
            promoted_ids = {r.pk for r in promoted}  # their own mail has the new details
            subject = _("Changed: %(title)s") % {"title": locked.title}
            _send_after_commit([
                _registration_mail(r, "event_changed", subject)
                for r in locked.registrations.filter(status__in=ACTIVE_STATUSES)
                if r.pk not in promoted_ids
            ])
    return locked


def event_publish(*, event: Event, actor) -> Event:
    _require_manager(actor, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status != EventStatus.PLANNED:
            raise EventInvalid(
                _("Status: only a planned event can be published; this one is %(status)s.")
                % {"status": event.get_status_display().lower()},
                code="status",
            )
        event.status = EventStatus.PUBLISHED
        event.published_at = timezone.now()
        event.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            action="events.event.published",
            actor=actor,
            target=event,
            project=_first_project(event),
            summary=event.title,
        )
    return event


def event_cancel(*, event: Event, actor, reason: str = "") -> Event:
    """Cancel the event; everyone with an active registration gets an e-mail (after the
    commit). The registrations are kept as they were, for the record."""
    _require_manager(actor, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == EventStatus.CANCELLED:
            raise EventInvalid(_("Status: the event has been cancelled already."), code="status")
        event.status = EventStatus.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancel_reason = reason.strip()
        event.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        registrations = list(event.registrations.filter(status__in=ACTIVE_STATUSES))
        audit_record(
            action="events.event.cancelled",
            actor=actor,
            target=event,
            project=_first_project(event),
            summary=event.title,
            data={"reason": event.cancel_reason, "notified": len(registrations)},
        )
        context = {
            "event": event,
            "when": _when_text(event),
            "event_url": absolute_url(reverse("events:detail", args=[event.slug])),
        }
        body = render_to_string("events/email/event_cancelled.txt", context)
        subject = _("Cancelled: %(title)s") % {"title": event.title}
        _send_after_commit(
            [EmailMessage(subject=subject, body=body, to=[r.email]) for r in registrations]
        )
    return event


# --- Sessions (the programme) ----------------------------------------------------------------


def _check_session(event: Event, values: dict) -> dict:
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        raise EventInvalid(_("Title: required."), code="title")
    values["starts_at"] = _aware(values.get("starts_at"))
    values["ends_at"] = _aware(values.get("ends_at"))
    if values["starts_at"] and values["ends_at"] and values["ends_at"] < values["starts_at"]:
        raise EventInvalid(_("Ends at: a session cannot end before it starts."), code="ends_at")
    values["description"] = (values.get("description") or "").strip()
    values["speaker_names"] = (values.get("speaker_names") or "").strip()
    return values


def session_add(
    *,
    event: Event,
    actor,
    title: str,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    description: str = "",
    speakers: Iterable = (),
    speaker_names: str = "",
) -> Session:
    _require_manager(actor, event)
    values = _check_session(
        event,
        {
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "description": description,
            "speaker_names": speaker_names,
        },
    )
    with transaction.atomic():
        order = event.sessions.count() + 1
        session = Session.objects.create(event=event, order=order, **values)
        session.speakers.set(list(speakers))
        audit_record(
            action="events.session.added",
            actor=actor,
            target=session,
            project=_first_project(event),
            summary=f"{event.title}: {session.title}",
        )
    return session


def session_update(*, session: Session, actor, speakers: Iterable | None = None, **changes):
    event = session.event
    _require_manager(actor, event)
    allowed = {"title", "starts_at", "ends_at", "description", "speaker_names"}
    if set(changes) - allowed:
        raise TypeError(f"session_update: unknown fields {sorted(set(changes) - allowed)}")
    values = {key: getattr(session, key) for key in allowed}
    values.update(changes)
    values = _check_session(event, values)
    with transaction.atomic():
        for key, value in values.items():
            setattr(session, key, value)
        session.save()
        if speakers is not None:
            session.speakers.set(list(speakers))
        audit_record(
            action="events.session.updated",
            actor=actor,
            target=session,
            project=_first_project(event),
            summary=f"{event.title}: {session.title}",
        )
    return session


def session_remove(*, session: Session, actor) -> None:
    event = session.event
    _require_manager(actor, event)
    with transaction.atomic():
        audit_record(
            action="events.session.removed",
            actor=actor,
            target=session,
            project=_first_project(event),
            summary=f"{event.title}: {session.title}",
        )
        session.delete()


# --- Registrations ---------------------------------------------------------------------------
#
# Registering needs no account, so anyone can type anyone's address. A registration is
# therefore pending until the link mailed to the address is followed (double opt-in): it
# holds a place for EVENTS_REGISTRATION_HOLD_MINUTES (if one was free), and the link makes
# it a place or a place on the waiting list. Unconfirmed, it lapses: it is deleted (the
# person never agreed to be registered) and its place goes to the waiting list. Lapsed ones
# are cleared whenever the event's row is locked (every registration, confirmation and
# cancellation) and by `registrations_expire` (the command events_expire_registrations).
#
# Whoever is signed in with an address they have confirmed (following the link of their
# sign-up or of a new password) and registers with that address is registered at once:
# they have shown the address is theirs, and the login shows it is them asking.
#
# The places taken are the seated registrations plus the places held by pending ones that
# have not lapsed; every count is made with the event's row locked.


def _hold() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.EVENTS_REGISTRATION_HOLD_MINUTES)


def _places_taken(event: Event, now: datetime.datetime, *, exclude: int | None = None) -> int:
    seated = event.registrations.filter(status__in=SEATED_STATUSES).count()
    held = event.registrations.filter(
        status=RegistrationStatus.PENDING, holds_place=True, expires_at__gt=now
    )
    if exclude is not None:
        held = held.exclude(pk=exclude)
    return seated + held.count()


def _renumber_waitlist(event: Event) -> None:
    """Positions 1, 2, 3… in the order people joined the waiting list."""
    waiting = list(
        event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "waitlist_position", "created_at", "pk"
        )
    )
    changed = []
    for number, registration in enumerate(waiting, start=1):
        if registration.waitlist_position != number:
            registration.waitlist_position = number
            changed.append(registration)
    if changed:
        Registration.objects.bulk_update(changed, ["waitlist_position"])


def _next_waitlist_position(event: Event) -> int:
    last = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("-waitlist_position")
        .values_list("waitlist_position", flat=True)
        .first()
    )
    return (last or 0) + 1


def _fill_places(event: Event, now: datetime.datetime | None = None) -> list[Registration]:
    """Give free places to the waiting list, first come first served. The event row must
    be locked by the caller."""
    now = now or timezone.now()
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "waitlist_position", "created_at", "pk"
    )
    if event.capacity is not None:
        waiting = waiting[: max(0, event.capacity - _places_taken(event, now))]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.promoted_at = now
        registration.save(
            update_fields=["status", "waitlist_position", "promoted_at", "updated_at"]
        )
    if promoted:
        _renumber_waitlist(event)
    return promoted


def _after_promotion(event: Event, promoted: list[Registration], actor) -> None:
    for registration in promoted:
        registration.event = event
        audit_record(
            action="events.registration.promoted",
            actor=actor,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
        )
    _send_after_commit(
        [
            _registration_mail(
                registration,
                "registration_promoted",
                _("A place has come free: %(title)s") % {"title": event.title},
            )
            for registration in promoted
        ]
    )


def _drop_pending(event: Event, rows: list[Registration], action: str) -> bool:
    """Delete pending registrations (lapsed, or released by the link in their mail), each
    with an audit entry; True when one of them held a place. The event row is locked."""
    for registration in rows:
        audit_record(
            action=action,
            actor=None,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
            data={"held_place": registration.holds_place},
        )
    Registration.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return any(r.holds_place for r in rows)


def _expire_pending(event: Event, now: datetime.datetime) -> None:
    """Clear the lapsed pending registrations of a locked event; their places go to the
    waiting list."""
    lapsed = list(
        event.registrations.filter(status=RegistrationStatus.PENDING, expires_at__lte=now)
    )
    freed = bool(lapsed) and _drop_pending(event, lapsed, "events.registration.expired")
    if freed and event.status == EventStatus.PUBLISHED:
        _after_promotion(event, _fill_places(event, now), None)


def registrations_expire(*, now: datetime.datetime | None = None) -> int:
    """Clear every lapsed pending registration (run every few minutes); returns how many
    events had some. Each event is handled in its own transaction, with its row locked."""
    now = now or timezone.now()
    event_ids = sorted(
        set(
            Registration.objects.filter(
                status=RegistrationStatus.PENDING, expires_at__lte=now
            ).values_list("event_id", flat=True)
        )
    )
    for event_id in event_ids:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            _expire_pending(event, now)
    return len(event_ids)


def _clean_person(name: str, email: str, organisation_name: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    email = (email or "").strip().lower()
    organisation_name = (organisation_name or "").strip()
    if not name:
        raise RegistrationInvalid(_("Name: required."), code="name")
    if len(name) > 200:
        raise RegistrationInvalid(_("Name: at most 200 characters."), code="name")
    if not email:
        raise RegistrationInvalid(_("E-mail address: required."), code="email")
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationInvalid(
            _("E-mail address: “%(email)s” is not a valid e-mail address.") % {"email": email},
            code="email",
        ) from None
    if len(organisation_name) > 200:
        raise RegistrationInvalid(_("Organisation: at most 200 characters."), code="organisation")
    return name, email, organisation_name


def _check_open(event: Event, now: datetime.datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise EventCancelled(
            _("This event has been cancelled; you can no longer register."), code="event"
        )
    if event.status != EventStatus.PUBLISHED:
        raise EventNotPublished(
            _("This event has not been published yet; registration is not possible."),
            code="event",
        )
    if event.registration_opens_at and now < event.registration_opens_at:
        raise RegistrationNotOpenYet(
            _("Registration opens on %(date)s.")
            % {"date": date_format(timezone.localtime(event.registration_opens_at), "j F Y H:i")},
            code="event",
        )
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        with_time = event.registration_closes_at is not None or event.time_known
        raise RegistrationClosed(
            _("Registration closed on %(date)s.")
            % {
                "date": date_format(
                    timezone.localtime(closes), "j F Y H:i" if with_time else "j F Y"
                )
            },
            code="event",
        )


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    user=None,
    actor=None,
    send_email: bool = True,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register someone for an event at once, without confirming the address: for the
    platform's own loads (the demo) and, through `registration_request`, for a signed-in
    person with their own confirmed address. When the event is full the registration goes
    on the waiting list (its status says so); it is not an error.

    Refused with a RegistrationError subclass: invalid name or e-mail address, event
    cancelled or not published, registration not open yet or closed, the e-mail address
    already registered."""
    name, email, organisation_name = _clean_person(name, email, organisation_name)
    now = now or timezone.now()
    with transaction.atomic():
        # The lock that keeps two people from taking the last place at once: everyone who
        # registers for this event waits here until the one before has committed.
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(event, now)
        _expire_pending(event, now)
        existing = event.registrations.filter(
            email=email, status__in=ONE_PER_ADDRESS_STATUSES
        ).first()
        if existing is not None:
            raise AlreadyRegistered(
                _(
                    "%(email)s is already registered for this event (%(status)s). Use the "
                    "link in the confirmation e-mail to cancel."
                )
                % {"email": email, "status": existing.get_status_display().lower()},
                code="email",
            )
        full = event.capacity is not None and _places_taken(event, now) >= event.capacity
        if full:
            status, position = RegistrationStatus.WAITLISTED, _next_waitlist_position(event)
        else:
            status, position = RegistrationStatus.CONFIRMED, None
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    name=name,
                    email=email,
                    organisation_name=organisation_name,
                    user=_user(user),
                    status=status,
                    waitlist_position=position,
                    cancel_token=secrets.token_urlsafe(32),
                )
        except IntegrityError:  # the same address at the same moment (without a row lock)
            raise AlreadyRegistered(
                _("%(email)s is already registered for this event.") % {"email": email},
                code="email",
            ) from None
        audit_record(
            action=f"events.registration.{status}",
            actor=actor if actor is not None else user,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
            data={"status": status, "waitlist_position": position},
        )
        if send_email:
            _send_after_commit([_status_mail(registration)])
    return registration


def _status_mail(registration: Registration) -> EmailMessage:
    """The mail that says where a registration stands: a place (with the calendar file)
    or a place on the waiting list; both with the cancel link."""
    title = registration.event.title
    if registration.status == RegistrationStatus.WAITLISTED:
        subject = _("On the waiting list: %(title)s") % {"title": title}
        return _registration_mail(registration, "registration_waitlisted", subject)
    subject = _("Registration confirmed: %(title)s") % {"title": title}
    return _registration_mail(registration, "registration_confirmed", subject)


def _pending_mail(registration: Registration) -> EmailMessage:
    event = registration.event
    message = _registration_mail(
        registration,
        "registration_pending",
        _("Confirm your registration: %(title)s") % {"title": event.title},
    )
    return message


@dataclass(frozen=True)
class RegistrationOutcome:
    """What the person who registered is told. `needs_confirmation`: the address has been
    mailed a link; nothing else is said (not whether the address was registered before,
    nor whether a place was free). Otherwise `registration` is their registration."""

    needs_confirmation: bool
    registration: Registration | None = None


def registration_request(
    *,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    user=None,
    client_address: str = "",
    now: datetime.datetime | None = None,
) -> RegistrationOutcome:
    """Someone registers on the event's page (no login needed).

    A signed-in person registering with their own confirmed address is registered at once
    (`registration_create`). Anyone else gets a pending registration that holds a place,
    if one is free, until the link mailed to the address is followed
    (`registration_confirm`); a full event means the waiting list after confirming. An
    address that is registered already is mailed where it stands (or its confirmation
    link again) instead, with the same answer to the one asking.

    Refused (RegistrationThrottled) over the rate limits per client address and per e-mail
    address (THROTTLE_LIMITS "events.registration.*"); and as `registration_create` for an
    invalid name or address, or an event not open for registration."""
    from economie071.programme.selectors import email_is_verified

    name, email, organisation_name = _clean_person(name, email, organisation_name)
    over_client = throttle.hit("events.registration.client", client_address)
    over_email = throttle.hit("events.registration.email", email)
    if over_client or over_email:
        raise RegistrationThrottled(
            _(
                "Too many registrations in a short time from your connection or for this "
                "e-mail address. Try again in an hour."
            ),
            code="email",
        )
    if email_is_verified(user, email):
        registration = registration_create(
            event=event, name=name, email=email, organisation_name=organisation_name,
            user=user, now=now,
        )
        return RegistrationOutcome(needs_confirmation=False, registration=registration)
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(event, now)
        _expire_pending(event, now)
        existing = event.registrations.filter(
            email=email, status__in=ONE_PER_ADDRESS_STATUSES
        ).first()
        if existing is not None:
            existing.event = event
            if existing.status == RegistrationStatus.PENDING:
                reminder = _pending_mail(existing)
            else:
                reminder = _registration_mail(
                    existing,
                    "registration_reminder",
                    _("You are registered already: %(title)s") % {"title": event.title},
                )
            _send_after_commit([reminder])
            return RegistrationOutcome(needs_confirmation=True)
        holds_place = event.capacity is None or _places_taken(event, now) < event.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    name=name,
                    email=email,
                    organisation_name=organisation_name,
                    user=_user(user),
                    status=RegistrationStatus.PENDING,
                    holds_place=holds_place,
                    expires_at=now + _hold(),
                    confirm_token=secrets.token_urlsafe(32),
                    cancel_token=secrets.token_urlsafe(32),
                )
        except IntegrityError:  # the same address at the same moment: that one is mailed
            return RegistrationOutcome(needs_confirmation=True)
        audit_record(
            action="events.registration.requested",
            actor=user,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
            data={"holds_place": holds_place, "expires_at": registration.expires_at.isoformat()},
        )
        _send_after_commit([_pending_mail(registration)])
    return RegistrationOutcome(needs_confirmation=True, registration=registration)


def registration_confirm(
    *, token: str, actor=None, now: datetime.datetime | None = None
) -> Registration:
    """Follow the link mailed to a pending registration: it becomes a place when it held
    one or one is free (and nobody is waiting), else a place on the waiting list. The
    person gets the usual mail with the cancel link (and the calendar file). Following
    the link again changes nothing.

    Refused (RegistrationNotFound) when the link is not valid or the registration has
    lapsed; (RegistrationError) when the event no longer takes registrations."""
    now = now or timezone.now()
    found = (
        Registration.objects.filter(confirm_token=token).only("pk", "event_id").first()
        if token else None
    )
    if found is None:
        raise _confirm_link_gone()
    error = None
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=found.event_id)
        _expire_pending(event, now)
        registration = Registration.objects.filter(pk=found.pk).first()
        if registration is None:
            error = _confirm_link_gone()
        elif registration.status == RegistrationStatus.PENDING:
            registration.event = event
            try:
                _check_open(event, now)
            except RegistrationError as exc:
                error = exc
            else:
                _confirm_pending(event, registration, actor, now)
    if error is not None:
        raise error
    return registration


def _confirm_link_gone() -> RegistrationNotFound:
    return RegistrationNotFound(
        _(
            "This confirmation link is not valid, or the registration lapsed because it was "
            "not confirmed in time. Register again on the event's page."
        ),
        code="token",
    )


def _confirm_pending(event: Event, registration: Registration, actor, now) -> None:
    free = event.capacity is None or (
        _places_taken(event, now, exclude=registration.pk) < event.capacity
    )
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).exists()
    if free and (registration.holds_place or not waiting):
        registration.status, registration.waitlist_position = RegistrationStatus.CONFIRMED, None
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = _next_waitlist_position(event)
    registration.holds_place = False
    registration.expires_at = None
    registration.confirmed_at = now
    registration.save(
        update_fields=[
            "status", "waitlist_position", "holds_place", "expires_at", "confirmed_at",
            "updated_at",
        ]
    )
    audit_record(
        action=f"events.registration.{registration.status}",
        actor=actor,
        target=registration,
        project=_first_project(event),
        summary=f"{event.title} (#{registration.pk})",
        data={
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "address_confirmed": True,
        },
    )
    _send_after_commit([_status_mail(registration)])


def registration_cancel(
    *,
    token: str,
    actor=None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Cancel by the token of the cancel link. A freed place goes to the first on the
    waiting list, who gets an e-mail. A registration still awaiting confirmation (the
    link in that mail: "this was not me") is deleted, as if it had lapsed."""
    now = now or timezone.now()
    found = Registration.objects.filter(cancel_token=token).only("pk", "event_id").first()
    if not token or found is None:
        raise RegistrationNotFound(
            _("This cancel link is not valid. Check that you used the whole link."),
            code="token",
        )
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=found.event_id)
        registration = Registration.objects.filter(pk=found.pk).first()
        if registration is None:  # lapsed in the meantime
            raise RegistrationAlreadyCancelled(
                _("This registration was cancelled already."), code="token"
            )
        registration.event = event
        if registration.status == RegistrationStatus.PENDING:
            held_place = registration.holds_place and registration.expires_at > now
            _drop_pending(event, [registration], "events.registration.cancelled")
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            if held_place and event.status == EventStatus.PUBLISHED:
                _after_promotion(event, _fill_places(event, now), None)
            return registration
        if registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationAlreadyCancelled(
                _("This registration was cancelled already."), code="token"
            )
        if registration.status == RegistrationStatus.CHECKED_IN:
            raise CancellationTooLate(
                _("You have been checked in at the event; cancelling is no longer possible."),
                code="token",
            )
        if event.status != EventStatus.CANCELLED and now >= event.starts_at:
            raise CancellationTooLate(
                _("The event has begun; cancelling is no longer possible."), code="token"
            )
        held_place = registration.status in SEATED_STATUSES
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = now
        registration.save(
            update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"]
        )
        audit_record(
            action="events.registration.cancelled",
            actor=actor,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
            data={"held_place": held_place},
        )
        if event.status == EventStatus.PUBLISHED:
            promoted = _fill_places(event, now) if held_place else []
            if not held_place:
                _renumber_waitlist(event)
            _after_promotion(event, promoted, None)
    return registration


def registration_check_in(
    *, registration: Registration, actor, now: datetime.datetime | None = None
) -> Registration:
    """Check someone in at the door: organisers and the office, on the day of the event,
    for a confirmed registration, once."""
    event = registration.event
    _require_manager(actor, event)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first = timezone.localtime(event.starts_at).date()
    last = timezone.localtime(event.ends_at).date() if event.ends_at else first
    if event.status != EventStatus.PUBLISHED:
        raise CheckInError(_("Check-in: the event is not taking place."), code="status")
    if not (first <= today <= last):
        raise CheckInError(
            _("Check-in: possible only on the day of the event (%(date)s).")
            % {"date": date_format(first, "j F Y")},
            code="status",
        )
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CHECKED_IN:
            raise CheckInError(
                _("Check-in: %(name)s has been checked in already.") % {"name": registration.name},
                code="status",
            )
        if registration.status != RegistrationStatus.CONFIRMED:
            raise CheckInError(
                _("Check-in: %(name)s has no place (%(status)s).")
                % {"name": registration.name, "status": registration.get_status_display().lower()},
                code="status",
            )
        registration.status = RegistrationStatus.CHECKED_IN
        registration.checked_in_at = now
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
        audit_record(
            action="events.registration.checked_in",
            actor=actor,
            target=registration,
            project=_first_project(event),
            summary=f"{event.title} (#{registration.pk})",
        )
    registration.event = event
    return registration

