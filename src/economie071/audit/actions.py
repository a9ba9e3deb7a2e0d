"""What each audit action reads as on screens.

Services write an action code (``portfolio.card.published``); people read a sentence
("Projectkaart gepubliceerd"). Each app that writes to the audit log declares the sentence for
every code it writes in its own ``audit_actions.py``, which calls `register_actions`; the
audit app loads those modules when Django starts (AuditConfig.ready), so the audit log, the
lowest layer, names no app.
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext

_LABELS: dict[str, str | Promise] = {}


def register_actions(labels: Mapping[str, str | Promise]) -> None:
    """Declare the sentences of an app's action codes (lazy translations, read per request)."""
    for code, label in labels.items():
        if code in _LABELS and _LABELS[code] != label:
            raise ValueError(f"Audit action {code!r} is declared twice with different labels.")
        _LABELS[code] = label


def registered_actions() -> dict[str, str | Promise]:
    """Every declared action code with its sentence."""
    return dict(_LABELS)


def action_label(code: str) -> str:
    """The sentence for an action code in the active language.

    An entry written before its code was declared (or by code since removed) still reads as
    a sentence, with the code beside it so the office can look it up.
    """
    label = _LABELS.get(code)
    if label is not None:
        return str(label)
    return gettext("Other change (%(code)s)") % {"code": code}
