"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "publications.foreword.saved": pgettext_lazy(
            "audit action", "Foreword of the project overview saved"
        ),
        "publications.edition.issued": pgettext_lazy(
            "audit action", "Edition of the project overview issued"
        ),
    }
)
