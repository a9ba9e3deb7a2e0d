"""Errors raised by the events services; their messages are shown to users as they are.

The error's ``code`` is the name of the field the message is about, so a form can put the
message next to that field. Every refusal leaves the database as it was.
"""

from django.core.exceptions import ValidationError


class EventsError(ValidationError):
    """A request that breaks a rule of events; nothing has been written."""


class NotAllowed(EventsError):
    """The user may not do this."""


class EventInvalid(EventsError):
    """An event or session with missing or contradictory data."""


class RegistrationError(EventsError):
    """A registration (or its cancellation or check-in) that cannot be done."""


class RegistrationInvalid(RegistrationError):
    """Name or e-mail address missing or malformed."""


class AlreadyRegistered(RegistrationError):
    """This e-mail address already has an active registration for the event."""


class EventNotPublished(RegistrationError):
    """The event has not been published yet."""


class EventCancelled(RegistrationError):
    """The event has been cancelled."""


class RegistrationNotOpenYet(RegistrationError):
    """Registration opens later."""


class RegistrationClosed(RegistrationError):
    """Registration has closed (or the event has begun)."""


class RegistrationNotFound(RegistrationError):
    """No registration has this cancel token."""


class RegistrationAlreadyCancelled(RegistrationError):
    """The registration was cancelled before."""


class CancellationTooLate(RegistrationError):
    """The event has begun or the person has been checked in."""


class CheckInError(RegistrationError):
    """Check-in is possible only on the day, for a confirmed registration, once."""


class RegistrationThrottled(RegistrationError):
    """Too many registrations from one client address or for one e-mail address."""
