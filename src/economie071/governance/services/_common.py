"""Checks the governance writes share: permission, refusals naming the field, and the
signed-in user behind an actor.
"""

from django.utils.translation import gettext as _

from economie071.governance import permissions
from economie071.governance.exceptions import GovernanceError, NotAllowed


def _require(actor) -> None:
    if actor is not None and not permissions.can_manage(actor):
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _error(message: str, field: str) -> GovernanceError:
    return GovernanceError(message, code=field)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
