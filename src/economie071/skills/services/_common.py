"""Checks the House of Skills' writes share: refusals naming the field, permission,
levels and hours.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from economie071.skills.constants import LEVEL_MAX, LEVEL_MIN
from economie071.skills.exceptions import NotAllowed, SkillsError


def _error(message: str, field_name: str) -> SkillsError:
    return SkillsError(message, code=field_name)


def _deny(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _trusted(actor) -> bool:
    return actor is None


def _check_level(level, field_name: str = "level") -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = None
    if value is None or value != level or not LEVEL_MIN <= value <= LEVEL_MAX:
        raise _error(
            _("Level: give a whole number from %(min)s to %(max)s (got “%(value)s”).")
            % {"min": LEVEL_MIN, "max": LEVEL_MAX, "value": level},
            field_name,
        )
    return value


def _check_hours(min_hours, max_hours) -> None:
    for name, value in (("min_hours", min_hours), ("max_hours", max_hours)):
        if value is not None and not (isinstance(value, int) and 0 < value <= 80):
            raise _error(_("Hours: give a number of hours a week from 1 to 80."), name)
    if min_hours is not None and max_hours is not None and min_hours > max_hours:
        raise _error(_("Maximum hours: cannot be below the minimum hours."), "max_hours")
