"""Events: created, changed (the registered hear of a new date, time or place), published
and cancelled (the registered hear of it).
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_slug
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.events import permissions
from economie071.events.constants import (
    ACTIVE_STATUSES,
    RESERVED_SLUGS,
    SEATED_STATUSES,
    EventKind,
    EventStatus,
)
from economie071.events.exceptions import EventInvalid, NotAllowed
from economie071.events.models import Event
from economie071.events.services._common import (
    _aware,
    _first_project,
    _registration_mail,
    _require_manager,
    _user,
    _when_text,
)
from economie071.events.services.places import _after_promotion, _fill_places
from economie071.programme.models import Organisation, Programme

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
        raise error(_("Kind: unknown kind “%(kind)s”.") % {"kind": values.get("kind")}, "kind")
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
        raise error(_("Registration opens: must be before the event."), "registration_opens_at")
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


def event_create(*, programme: Programme, actor: User | None, **fields: Any) -> Event:
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


def event_update(*, event: Event, actor: User | None, **changes: Any) -> Event:
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
        if not locked.can_be_changed:
            raise EventInvalid(_("Status: a cancelled event cannot be changed."), code="status")
        if "managers" in changes and actor is not None and not permissions.is_office(actor):
            current = set(locked.managers.values_list("pk", flat=True))
            if {u.pk for u in changes["managers"]} != current:
                raise NotAllowed(_("Only the programme office names organisers."), code="managers")
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
            mail_send(
                messages=[
                    _registration_mail(r, "event_changed", subject)
                    for r in locked.registrations.filter(status__in=ACTIVE_STATUSES)
                    if r.pk not in promoted_ids
                ],
                topic="events.event.updated",
                reference=locked.pk,
            )
    return locked


def event_publish(*, event: Event, actor: User | None) -> Event:
    _require_manager(actor, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.can_be_published:
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


def event_cancel(*, event: Event, actor: User | None, reason: str = "") -> Event:
    """Cancel the event; everyone with an active registration gets an e-mail (after the
    commit). The registrations are kept as they were, for the record."""
    _require_manager(actor, event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.can_be_changed:
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
        mail_send(
            messages=[
                EmailMessage(subject=subject, body=body, to=[r.email]) for r in registrations
            ],
            topic="events.event.cancelled",
            reference=event.pk,
        )
    return event
