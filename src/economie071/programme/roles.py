"""The roles the programme office can invite someone with.

A role is a set of Django groups (what the permissions of every app ask about) and whether
the account may use the admin. The programme's own roles are registered here; the site
shell registers those of the domain apps (event organiser, forum moderator, career
adviser), whose group names live in those apps, in its `AppConfig.ready()`, so this app
never imports them.

A project leader needs no group: the office names the person project leader on a project
(the project's roles page) once they have an account.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP

PROGRAMME_OFFICE = "programme_office"


@dataclass(frozen=True)
class Role:
    key: str
    label: str | Promise
    groups: tuple[str, ...] = field(default_factory=tuple)
    is_staff: bool = False
    help_text: str | Promise = ""


_roles: dict[str, Role] = {}


def role_register(role: Role) -> None:
    """Offer `role` to invite people with (registering the same key again replaces it)."""
    _roles[role.key] = role


def invitable_roles() -> list[Role]:
    """The roles in the order registered."""
    return list(_roles.values())


def role_by_key(key: str) -> Role | None:
    return _roles.get(key)


role_register(
    Role(
        PROGRAMME_OFFICE,
        _("Programme office"),
        (PROGRAMME_OFFICE_GROUP,),
        is_staff=True,
        help_text=_(
            "Everything: reporting rounds, cards, publications, governance (the office is "
            "every body's secretary), invitations and the reference data."
        ),
    )
)
role_register(
    Role(
        "steering_group",
        _("Steering group member"),
        (STEERING_GROUP_GROUP,),
        help_text=_("Reads everything, including cards that have been submitted."),
    )
)
role_register(
    Role(
        "project_leader",
        _("Project leader"),
        help_text=_(
            "Edits the cards of their own projects once the office has named them project "
            "leader on the project's roles page."
        ),
    )
)
