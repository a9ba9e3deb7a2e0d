"""Every write to events: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``events.<entity>.<verb>``); one module per topic
(events, sessions, places, registrations).

`actor` is the user doing it; None means the platform itself (the demo loader) or, for
registering and cancelling, a visitor without a login. Every check runs before anything
is written, so a refused request leaves the database as it was. A refusal is an
EventsError whose ``code`` names the field.

Capacity: registering, confirming, cancelling and raising the capacity lock the event's
row (SELECT … FOR UPDATE) before counting places, so two people taking the last place at
the same time are served one after the other and the second one lands on the waiting list.
A registration awaiting the confirmation of its address holds a place for a short while
(see `registrations`).

E-mails (the link to confirm a registration, the confirmation with the cancel link and the
.ics attached, a place freed from the waiting list, a new date, time or place, an event
cancelled) are composed inside the transaction and handed to the outbox
(economie071.core.mail), which sends them once it is committed: a rolled-back change mails
nobody, and a mail server that fails loses no mail and breaks no registration. Their links
are built from SITE_URL (economie071.core.links), never from the request that caused them.

Callers use the package: ``from economie071.events import services;
services.registration_request(...)``.
"""

from economie071.events.services.events import (
    EVENT_FIELDS,
    WHEN_AND_WHERE,
    event_cancel,
    event_create,
    event_publish,
    event_update,
)
from economie071.events.services.places import registrations_expire
from economie071.events.services.registrations import (
    RegistrationOutcome,
    registration_cancel,
    registration_check_in,
    registration_confirm,
    registration_create,
    registration_request,
    registrations_forget_account,
)
from economie071.events.services.sessions import session_add, session_remove, session_update

__all__ = [
    "EVENT_FIELDS",
    "WHEN_AND_WHERE",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_update",
    "session_add",
    "session_remove",
    "session_update",
    "RegistrationOutcome",
    "registration_cancel",
    "registration_check_in",
    "registrations_forget_account",
    "registration_confirm",
    "registration_create",
    "registration_request",
    "registrations_expire",
]
