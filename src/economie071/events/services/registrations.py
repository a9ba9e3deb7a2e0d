"""Registering for an event, confirming the address, cancelling and checking in.

Registering needs no account, so anyone can type anyone's address. A registration is
therefore pending until the link mailed to the address is followed (double opt-in): it
holds a place for EVENTS_REGISTRATION_HOLD_MINUTES (if one was free), and the link makes
it a place or a place on the waiting list. Unconfirmed, it lapses: it is deleted (the
person never agreed to be registered) and its place goes to the waiting list. Lapsed ones
are cleared whenever the event's row is locked (every registration, confirmation and
cancellation) and by `registrations_expire` (the command events_expire_registrations).

Whoever is signed in with an address they have confirmed (following the link of their
sign-up or of a new password) and registers with that address is registered at once:
they have shown the address is theirs, and the login shows it is them asking.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import throttle
from economie071.core.mail import mail_send
from economie071.events.constants import (
    ONE_PER_ADDRESS_STATUSES,
    SEATED_STATUSES,
    EventStatus,
    RegistrationStatus,
)
from economie071.events.exceptions import (
    AlreadyRegistered,
    CancellationTooLate,
    CheckInError,
    EventCancelled,
    EventNotPublished,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationError,
    RegistrationInvalid,
    RegistrationNotFound,
    RegistrationNotOpenYet,
    RegistrationThrottled,
)
from economie071.events.models import Event, Registration
from economie071.events.services._common import (
    _first_project,
    _registration_mail,
    _require_manager,
    _user,
)
from economie071.events.services.places import (
    _after_promotion,
    _drop_pending,
    _expire_pending,
    _fill_places,
    _next_waitlist_position,
    _places_taken,
    _renumber_waitlist,
)


def _hold() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.EVENTS_REGISTRATION_HOLD_MINUTES)


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
    closes = event.registration_closes
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
    user: User | AnonymousUser | None = None,
    actor: User | None = None,
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
            _mail_status(registration)
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


def _mail_status(registration: Registration) -> None:
    mail_send(
        messages=[_status_mail(registration)],
        topic=f"events.registration.{registration.status}",
        reference=registration.pk,
    )


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
    user: User | AnonymousUser | None = None,
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
    if email_is_verified(user=user, email=email):
        registration = registration_create(
            event=event,
            name=name,
            email=email,
            organisation_name=organisation_name,
            user=user,
            now=now,
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
            mail_send(
                messages=[reminder], topic="events.registration.reminded", reference=existing.pk
            )
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
            data={
                "holds_place": holds_place,
                "expires_at": registration.expires_at.isoformat()
                if registration.expires_at
                else None,
            },
        )
        mail_send(
            messages=[_pending_mail(registration)],
            topic="events.registration.requested",
            reference=registration.pk,
        )
    return RegistrationOutcome(needs_confirmation=True, registration=registration)


def registration_confirm(
    *, token: str, actor: User | AnonymousUser | None = None, now: datetime.datetime | None = None
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
        if token
        else None
    )
    if found is None:
        raise _confirm_link_gone()
    error: RegistrationError | None = None
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
    if error is not None or registration is None:
        raise error or _confirm_link_gone()
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
            "status",
            "waitlist_position",
            "holds_place",
            "expires_at",
            "confirmed_at",
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
    _mail_status(registration)


def registration_cancel(
    *,
    token: str,
    actor: User | AnonymousUser | None = None,
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
            held_place = bool(
                registration.holds_place
                and registration.expires_at
                and registration.expires_at > now
            )
            _drop_pending(event, [registration], "events.registration.cancelled")
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            if held_place and event.status == EventStatus.PUBLISHED:
                _after_promotion(event, _fill_places(event, now), None)
            return registration
        if not registration.can_be_cancelled:
            if registration.status == RegistrationStatus.CHECKED_IN:
                raise CancellationTooLate(
                    _("You have been checked in at the event; cancelling is no longer possible."),
                    code="token",
                )
            raise RegistrationAlreadyCancelled(
                _("This registration was cancelled already."), code="token"
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
    *, registration: Registration, actor: User | None, now: datetime.datetime | None = None
) -> Registration:
    """Check someone in at the door: organisers and the office, on the day of the event,
    for a confirmed registration, once."""
    event = registration.event
    _require_manager(actor, event)
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first, _last = event.check_in_days
    if event.status != EventStatus.PUBLISHED:
        raise CheckInError(_("Check-in: the event is not taking place."), code="status")
    if not event.takes_check_in(today):
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
        if not registration.can_be_checked_in:
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


def registrations_forget_account(
    *, user: User, actor: User | None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Someone deletes their account: their registrations for events still to come are
    cancelled (a place goes to the waiting list, as with the cancel link), and every
    registration made with the account keeps its status (the event's figures stay right)
    but loses the name and e-mail address."""
    now = now or timezone.now()
    rows = Registration.objects.filter(user=user).select_related("event")
    cancelled = 0
    for registration in rows:
        if registration.can_be_cancelled and (
            registration.event.status == EventStatus.CANCELLED or now < registration.event.starts_at
        ):
            registration_cancel(token=registration.cancel_token, actor=actor, now=now)
            cancelled += 1
    with transaction.atomic():
        anonymised = 0
        for registration in Registration.objects.filter(user=user):
            registration.name = _("(deleted account)")
            registration.email = f"verwijderd-{registration.pk}@invalid.invalid"
            registration.organisation_name = ""
            registration.user = None
            registration.save(
                update_fields=["name", "email", "organisation_name", "user", "updated_at"]
            )
            anonymised += 1
        if anonymised:
            audit_record(
                action="events.registration.anonymised",
                actor=actor,
                target=user,
                summary=f"{anonymised}",
                data={"cancelled": cancelled, "anonymised": anonymised},
            )
    return {"cancelled": cancelled, "anonymised": anonymised}
