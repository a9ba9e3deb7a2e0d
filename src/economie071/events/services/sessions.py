"""The programme of an event: its sessions and their speakers."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.events.exceptions import EventInvalid
from economie071.events.models import Event, Session
from economie071.events.services._common import _aware, _first_project, _require_manager


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
    actor: User | None,
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


def session_update(
    *, session: Session, actor: User | None, speakers: Iterable | None = None, **changes: Any
) -> Session:
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


def session_remove(*, session: Session, actor: User | None) -> None:
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
