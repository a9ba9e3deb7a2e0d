"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "web.account.password_changed": pgettext_lazy("audit action", "Password changed"),
        "web.account.deleted": pgettext_lazy("audit action", "Account deleted"),
    }
)
