"""Places and the waiting list, counted with the event's row locked: the places taken,
the waiting list's order, places that come free going to the first waiting, and pending
registrations that lapse.

The places taken are the seated registrations plus the places held by pending ones that
have not lapsed; every count is made with the event's row locked.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.mail import mail_send
from economie071.events.constants import SEATED_STATUSES, EventStatus, RegistrationStatus
from economie071.events.models import Event, Registration
from economie071.events.services._common import _first_project, _registration_mail


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
    for registration in promoted:
        mail_send(
            messages=[
                _registration_mail(
                    registration,
                    "registration_promoted",
                    _("A place has come free: %(title)s") % {"title": event.title},
                )
            ],
            topic="events.registration.promoted",
            reference=registration.pk,
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
