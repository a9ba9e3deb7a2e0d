"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "events.event.created": pgettext_lazy("audit action", "Event created"),
        "events.event.updated": pgettext_lazy("audit action", "Event changed"),
        "events.event.published": pgettext_lazy("audit action", "Event published"),
        "events.event.cancelled": pgettext_lazy("audit action", "Event cancelled"),
        "events.session.added": pgettext_lazy("audit action", "Session added to the programme"),
        "events.session.updated": pgettext_lazy("audit action", "Session changed"),
        "events.session.removed": pgettext_lazy("audit action", "Session removed"),
        "events.registration.requested": pgettext_lazy(
            "audit action", "Registration received, awaiting confirmation"
        ),
        "events.registration.pending": pgettext_lazy(
            "audit action", "Registration awaiting confirmation"
        ),
        "events.registration.confirmed": pgettext_lazy("audit action", "Registration confirmed"),
        "events.registration.waitlisted": pgettext_lazy(
            "audit action", "Registration placed on the waiting list"
        ),
        "events.registration.promoted": pgettext_lazy(
            "audit action", "Place given from the waiting list"
        ),
        "events.registration.reminded": pgettext_lazy("audit action", "Reminder sent"),
        "events.registration.expired": pgettext_lazy(
            "audit action", "Unconfirmed registration lapsed"
        ),
        "events.registration.cancelled": pgettext_lazy("audit action", "Registration cancelled"),
        "events.registration.checked_in": pgettext_lazy("audit action", "Participant checked in"),
        "events.registration.anonymised": pgettext_lazy(
            "audit action", "Registration made anonymous"
        ),
    }
)
