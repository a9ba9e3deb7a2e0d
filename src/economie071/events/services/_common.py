"""What the writes of events share: the permission check, the project an audit entry is
filed under, dates as they are known, and the registration mails (with the calendar file).
"""

import datetime

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url, site_host, site_url
from economie071.events import ical, permissions
from economie071.events.constants import SEATED_STATUSES, RegistrationStatus
from economie071.events.exceptions import NotAllowed
from economie071.events.models import Event, Registration


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
        message.attach(f"{event.slug}.ics", _ics_attachment(event), "text/calendar; charset=utf-8")
    return message
