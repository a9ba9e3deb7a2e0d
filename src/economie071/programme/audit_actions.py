"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "programme.region.created": pgettext_lazy("audit action", "Region created"),
        "programme.region.updated": pgettext_lazy("audit action", "Region changed"),
        "programme.municipality.created": pgettext_lazy("audit action", "Municipality added"),
        "programme.municipality.updated": pgettext_lazy("audit action", "Municipality changed"),
        "programme.populationfigure.created": pgettext_lazy(
            "audit action", "Number of inhabitants recorded"
        ),
        "programme.populationfigure.updated": pgettext_lazy(
            "audit action", "Number of inhabitants corrected"
        ),
        "programme.programme.created": pgettext_lazy("audit action", "Programme created"),
        "programme.programme.updated": pgettext_lazy("audit action", "Programme changed"),
        "programme.pillar.created": pgettext_lazy("audit action", "Pillar added"),
        "programme.pillar.updated": pgettext_lazy("audit action", "Pillar changed"),
        "programme.theme.created": pgettext_lazy("audit action", "Theme added"),
        "programme.theme.updated": pgettext_lazy("audit action", "Theme changed"),
        "programme.organisation.created": pgettext_lazy("audit action", "Organisation added"),
        "programme.organisation.updated": pgettext_lazy("audit action", "Organisation changed"),
        "programme.person.created": pgettext_lazy("audit action", "Person added"),
        "programme.person.updated": pgettext_lazy("audit action", "Person changed"),
        "programme.account.created": pgettext_lazy("audit action", "Account created"),
        "programme.account.email_confirmed": pgettext_lazy(
            "audit action", "E-mail address confirmed"
        ),
        "programme.account.signup_refused": pgettext_lazy("audit action", "Sign-up refused"),
        "programme.signup.requested": pgettext_lazy("audit action", "Sign-up requested"),
        "programme.invitation.created": pgettext_lazy("audit action", "Invitation created"),
        "programme.invitation.sent": pgettext_lazy("audit action", "Invitation sent"),
        "programme.invitation.resent": pgettext_lazy("audit action", "Invitation sent again"),
        "programme.invitation.accepted": pgettext_lazy("audit action", "Invitation accepted"),
        "programme.invitation.withdrawn": pgettext_lazy("audit action", "Invitation withdrawn"),
    }
)
