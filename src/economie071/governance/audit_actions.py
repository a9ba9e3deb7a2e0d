"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "governance.body.created": pgettext_lazy("audit action", "Body created"),
        "governance.membership.added": pgettext_lazy("audit action", "Member added"),
        "governance.membership.ended": pgettext_lazy("audit action", "Membership ended"),
        "governance.meeting.created": pgettext_lazy("audit action", "Meeting scheduled"),
        "governance.meeting.status_changed": pgettext_lazy(
            "audit action", "Status of the meeting changed"
        ),
        "governance.meeting.document_added": pgettext_lazy(
            "audit action", "Meeting document added"
        ),
        "governance.meeting.document_deleted": pgettext_lazy(
            "audit action", "Meeting document removed"
        ),
        "governance.meeting.minutes_saved": pgettext_lazy("audit action", "Minutes saved"),
        "governance.meeting.minutes_published": pgettext_lazy("audit action", "Minutes published"),
        "governance.agenda_item.added": pgettext_lazy("audit action", "Item added to the agenda"),
        "governance.attendance.recorded": pgettext_lazy("audit action", "Attendance recorded"),
        "governance.proposal.created": pgettext_lazy("audit action", "Proposal written"),
        "governance.proposal.submitted": pgettext_lazy("audit action", "Proposal submitted"),
        "governance.proposal.withdrawn": pgettext_lazy("audit action", "Proposal withdrawn"),
        "governance.proposal.placed_on_agenda": pgettext_lazy(
            "audit action", "Proposal placed on the agenda"
        ),
        "governance.proposal.decided": pgettext_lazy(
            "audit action", "Decision taken on the proposal"
        ),
        "governance.proposal.deferred": pgettext_lazy("audit action", "Proposal deferred"),
        "governance.proposal.attachment_added": pgettext_lazy(
            "audit action", "Attachment added to the proposal"
        ),
        "governance.proposal.attachment_deleted": pgettext_lazy(
            "audit action", "Attachment of the proposal removed"
        ),
        "governance.decision.recorded": pgettext_lazy("audit action", "Decision recorded"),
        "governance.decision.published": pgettext_lazy("audit action", "Decision published"),
        "governance.action_item.added": pgettext_lazy("audit action", "Action item added"),
        "governance.action_item.followed_up": pgettext_lazy(
            "audit action", "Action item followed up"
        ),
        "governance.trail.created": pgettext_lazy("audit action", "Decision trail started"),
        "governance.trail_step.updated": pgettext_lazy(
            "audit action", "Step of the decision trail updated"
        ),
        "governance.agenda.published": pgettext_lazy("audit action", "Agenda published"),
        "governance.agenda.withdrawn": pgettext_lazy("audit action", "Agenda withdrawn"),
    }
)
