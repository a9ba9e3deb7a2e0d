"""The user groups every app asks about, and asking whether a user is in one.

The programme office (everything, for every app) and the steering group (reads
everything) are the programme's own roles; each app checks them, so their names and the
check live here. A group only one app uses (event organisers, forum moderators, the House
of Skills roles) is named in that app's constants.
"""

from django.contrib.auth.models import AnonymousUser, User

PROGRAMME_OFFICE_GROUP = "programme office"
STEERING_GROUP_GROUP = "steering group"


def signed_in_user(user: User | AnonymousUser | None) -> User | None:
    """The user when signed in, else None (anonymous visitors and the platform itself)."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    return user


def in_group(user, name: str) -> bool:
    """Whether the user is in the named group (the groups are read once per request)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_e071_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._e071_groups = cache
    return name in cache


def is_programme_office(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or in_group(user, PROGRAMME_OFFICE_GROUP)


def is_steering_group(user) -> bool:
    return in_group(user, STEERING_GROUP_GROUP)
