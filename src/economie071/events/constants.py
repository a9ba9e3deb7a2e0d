from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Users in this group may create events; they manage the events they create or are
# named on. The programme office manages every event.
EVENT_ORGANISER_GROUP = "event organisers"

# Paths under /evenementen/ that an event's slug may not take.
RESERVED_SLUGS = frozenset({"nieuw", "afmelden", "bevestigen", "aanmeldingen", "agenda"})


class EventKind(models.TextChoices):
    ONDERNEMERSDAG = "ondernemersdag", _("Ondernemersdag071")
    STARTERSDAG = "startersdag", _("Startersdag")
    KENNISKRING = "kenniskring", _("Kenniskring")
    MASTERCLASS = "masterclass", _("Masterclass")
    ZZP_EVENT = "zzp_event", _("zzp-event")
    MEETUP = "meetup", _("Meet-up")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (not public yet)")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class RegistrationStatus(models.TextChoices):
    # Registered, but the e-mail address has not been confirmed yet (services.py): it may
    # hold a place for a short while and lapses when the link is not followed in time.
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")


# A registration in one of these states counts (it is mailed when the event changes).
ACTIVE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CHECKED_IN,
)
# One registration in these states per e-mail address per event.
ONE_PER_ADDRESS_STATUSES = (RegistrationStatus.PENDING, *ACTIVE_STATUSES)
# These hold a seat.
SEATED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN)
# These can be cancelled with the cancel link (a pending one is withdrawn; a place or a
# place on the waiting list is given up, until the event begins).
CANCELLABLE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
)

# The statuses the public (and the API) can see an event in.
PUBLIC_STATUS_CHOICES = [
    (EventStatus.PUBLISHED.value, EventStatus.PUBLISHED.label),
    (EventStatus.CANCELLED.value, EventStatus.CANCELLED.label),
]
