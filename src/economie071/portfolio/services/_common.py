"""The permission check every write to the portfolio makes."""

from django.utils.translation import gettext as _

from economie071.portfolio.exceptions import NotAllowed


def _require(allowed: bool, actor) -> None:
    if actor is not None and not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")
