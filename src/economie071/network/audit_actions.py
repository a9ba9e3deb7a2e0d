"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "network.profile.created": pgettext_lazy("audit action", "Organisation profile created"),
        "network.profile.updated": pgettext_lazy("audit action", "Organisation profile changed"),
        "network.profile.exchanges_set": pgettext_lazy("audit action", "Offers and needs saved"),
        "network.profile_editor.added": pgettext_lazy("audit action", "Profile editor added"),
        "network.profile_editor.removed": pgettext_lazy("audit action", "Profile editor removed"),
        "network.contact_request.sent": pgettext_lazy("audit action", "Contact request sent"),
        "network.expert.added": pgettext_lazy("audit action", "Expert added"),
        "network.expert.updated": pgettext_lazy("audit action", "Expert changed"),
        "network.referral.recorded": pgettext_lazy(
            "audit action", "Referral to an expert recorded"
        ),
        "network.trajectory.created": pgettext_lazy(
            "audit action", "Innovation trajectory started"
        ),
        "network.trajectory.updated": pgettext_lazy(
            "audit action", "Innovation trajectory changed"
        ),
        "network.trajectory.phase_changed": pgettext_lazy(
            "audit action", "Innovation trajectory moved to another phase"
        ),
        "network.trajectory.completed": pgettext_lazy(
            "audit action", "Innovation trajectory completed"
        ),
        "network.trajectory.stopped": pgettext_lazy(
            "audit action", "Innovation trajectory stopped"
        ),
        "network.trajectory.follow_up_set": pgettext_lazy(
            "audit action", "Follow-up of the trajectory recorded"
        ),
        "network.challenge.posted": pgettext_lazy("audit action", "Challenge posted"),
        "network.challenge.updated": pgettext_lazy("audit action", "Challenge changed"),
        "network.challenge.published": pgettext_lazy("audit action", "Challenge published"),
        "network.challenge.withdrawn": pgettext_lazy(
            "audit action", "Challenge withdrawn from publication"
        ),
        "network.challenge.matched": pgettext_lazy(
            "audit action", "Challenge matched to a student team"
        ),
        "network.challenge.proposed": pgettext_lazy(
            "audit action", "Challenge set back to proposed"
        ),
        "network.challenge.running": pgettext_lazy("audit action", "Challenge started"),
        "network.challenge.completed": pgettext_lazy("audit action", "Challenge completed"),
        "network.challenge.cancelled": pgettext_lazy("audit action", "Challenge cancelled"),
        "network.challenge.result_added": pgettext_lazy(
            "audit action", "Result of the challenge added"
        ),
        "network.contact_request.handled": pgettext_lazy(
            "audit action", "Contact request marked as handled"
        ),
        "network.contact_request.reopened": pgettext_lazy(
            "audit action", "Contact request reopened"
        ),
    }
)
