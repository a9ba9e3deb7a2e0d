"""Who may do what with events. Views, API and services ask here.

The programme office manages every event. An organiser (a user named as one of the event's
managers) manages that event: its details, programme, registrations and check-in. Members
of the event organisers group may create events (and then manage them). Everyone else sees
published events only (and a published event that was later cancelled, with that notice),
and may register without logging in.
"""

from economie071.core.groups import in_group, is_programme_office
from economie071.events.constants import EVENT_ORGANISER_GROUP, EventStatus


def is_office(user) -> bool:
    return is_programme_office(user)


def managed_event_ids(user) -> set[int]:
    """The events the user is named on as organiser (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_e071_managed_events", None)
    if cache is None:
        cache = set(user.managed_events.values_list("pk", flat=True))
        user._e071_managed_events = cache
    return cache


def is_organiser(user) -> bool:
    """In the event organisers group, or named on at least one event."""
    if not getattr(user, "is_authenticated", False):
        return False
    return in_group(user, EVENT_ORGANISER_GROUP) or bool(managed_event_ids(user))


def can_create(user) -> bool:
    return is_office(user) or in_group(user, EVENT_ORGANISER_GROUP)


def can_manage(user, event) -> bool:
    """Edit, publish, cancel; the programme, the registrations, check-in, the CSV export."""
    return is_office(user) or event.pk in managed_event_ids(user)


def is_public(event) -> bool:
    """Published, or published and later cancelled (registrants must be able to read so)."""
    return event.status == EventStatus.PUBLISHED or (
        event.status == EventStatus.CANCELLED and event.published_at is not None
    )


def can_view(user, event) -> bool:
    return is_public(event) or can_manage(user, event)
