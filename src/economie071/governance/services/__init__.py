"""Every write to governance: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``governance.<entity>.<verb>``); one module per
topic (bodies, meetings, proposals, action items, trails, documents).

`actor` is the user doing it; None means the platform itself (the demo loader), which is
trusted. Every check runs before anything is written, so a refused request leaves the
database as it was. A refusal is a GovernanceError whose ``code`` names the field.

Callers use the package: ``from economie071.governance import services;
services.proposal_create(...)``.
"""

from economie071.governance.services.action_items import action_item_add, action_item_follow_up
from economie071.governance.services.bodies import body_create, membership_add, membership_end
from economie071.governance.services.documents import (
    meeting_document_add,
    meeting_document_delete,
    proposal_attachment_add,
    proposal_attachment_delete,
)
from economie071.governance.services.meetings import (
    agenda_item_add,
    attendance_record,
    meeting_create,
    meeting_publish_agenda,
    meeting_publish_minutes,
    meeting_save_minutes,
    meeting_set_status,
)
from economie071.governance.services.proposals import (
    decision_publish,
    decision_record,
    proposal_create,
    proposal_submit,
    proposal_withdraw,
)
from economie071.governance.services.trails import trail_create, trail_step_set

__all__ = [
    "body_create",
    "membership_add",
    "membership_end",
    "agenda_item_add",
    "attendance_record",
    "meeting_create",
    "meeting_publish_agenda",
    "meeting_publish_minutes",
    "meeting_save_minutes",
    "meeting_set_status",
    "decision_publish",
    "decision_record",
    "proposal_create",
    "proposal_submit",
    "proposal_withdraw",
    "action_item_add",
    "action_item_follow_up",
    "trail_create",
    "trail_step_set",
    "meeting_document_add",
    "meeting_document_delete",
    "proposal_attachment_add",
    "proposal_attachment_delete",
]
