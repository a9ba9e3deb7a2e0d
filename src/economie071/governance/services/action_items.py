"""Action items from a meeting or a decision, and their follow-up."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.governance.models import ActionItem, Meeting
from economie071.governance.services._common import _error, _require
from economie071.programme.models import Person


def action_item_add(
    *,
    meeting: Meeting,
    actor: User | None,
    owner: Person,
    text: str,
    due_on: datetime.date | None = None,
) -> ActionItem:
    _require(actor)
    if not text.strip():
        raise _error(_("Action: required."), "text")
    if due_on and due_on < meeting.date:
        raise _error(_("Due date: before the meeting that set the action."), "due_on")
    with transaction.atomic():
        action = ActionItem.objects.create(
            meeting=meeting, owner=owner, text=text.strip(), due_on=due_on
        )
        audit_record(
            action="governance.action_item.added",
            actor=actor,
            target=action,
            project=meeting.body.project,
            summary=action.text[:200],
            data={"owner": owner.slug, "due_on": str(due_on or "")},
        )
    return action


def action_item_follow_up(
    *,
    action: ActionItem,
    actor: User | None,
    meeting: Meeting,
    done: bool,
    note: str = "",
    done_on: datetime.date | None = None,
) -> ActionItem:
    """Discuss an action item at a later meeting of the same body; mark it done or not."""
    _require(actor)
    if meeting.body_id != action.meeting.body_id:
        raise _error(_("Meeting: a meeting of another body."), "meeting")
    if (meeting.date, meeting.time or datetime.time.min) <= (
        action.meeting.date,
        action.meeting.time or datetime.time.min,
    ):
        raise _error(
            _("Meeting: follow-up happens at a later meeting than the one that set the action."),
            "meeting",
        )
    with transaction.atomic():
        action.followed_up_at = meeting
        action.follow_up_note = note.strip()
        action.done_on = (done_on or meeting.date) if done else None
        action.save(update_fields=["followed_up_at", "follow_up_note", "done_on"])
        audit_record(
            action="governance.action_item.followed_up",
            actor=actor,
            target=action,
            project=meeting.body.project,
            summary=action.text[:200],
            data={"meeting": meeting.pk, "done": done},
        )
    return action
