"""Who may do what in the network. Views, API and services all ask here.

Everyone reads what is published, and of a profile only what the organisation chose to
show. The programme office manages everything. A profile editor (a user linked to the
organisation through ProfileEditor) keeps that organisation's profile and posts its
challenges. The people of an organisation (and its profile's editors) read the contact
requests it received and mark them handled. The current project leader of the Open
Innovatie Lab project manages challenges; the current project leader of Smart071 manages
trajectories, experts and referrals.
"""

from economie071.core.groups import is_programme_office
from economie071.network.constants import (
    OPEN_INNOVATION_LAB_PROJECT,
    SMART071_PROJECT,
    ChallengeStatus,
)
from economie071.portfolio import permissions as portfolio_permissions


def is_office(user) -> bool:
    return is_programme_office(user)


def edited_profile_ids(user) -> set[int]:
    """The profiles the user keeps (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_e071_network_profiles", None)
    if cache is None:
        from economie071.network.models import ProfileEditor

        cache = set(ProfileEditor.objects.filter(user=user).values_list("profile_id", flat=True))
        user._e071_network_profiles = cache
    return cache


def edited_organisation_ids(user) -> set[int]:
    if not edited_profile_ids(user):
        return set()
    from economie071.network.models import NetworkProfile

    return set(
        NetworkProfile.objects.filter(pk__in=edited_profile_ids(user)).values_list(
            "organisation_id", flat=True
        )
    )


def member_organisation_ids(user) -> set[int]:
    """The organisations the user belongs to: their own (person.organisation) and those
    whose profile they keep (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return set()
    cache = getattr(user, "_e071_network_members", None)
    if cache is None:
        from economie071.programme.models import Person

        cache = set(
            Person.objects.filter(user=user, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        ) | edited_organisation_ids(user)
        user._e071_network_members = cache
    return cache


def can_read_contact_requests(user, profile) -> bool:
    """The messages sent to an organisation are read by its own people (and its profile's
    editors) only: not by other organisations, and not by the programme office."""
    return profile.organisation_id in member_organisation_ids(user)


def _leads(user, programme, slug: str) -> bool:
    if not getattr(user, "is_authenticated", False) or programme is None:
        return False
    led = portfolio_permissions.led_project_ids(user)
    return bool(led) and programme.projects.filter(slug=slug, pk__in=led).exists()


def can_edit_profile(user, profile) -> bool:
    return is_office(user) or profile.pk in edited_profile_ids(user)


def can_manage_profiles(user) -> bool:
    """Create profiles, set the covenant partnership, add and remove editors."""
    return is_office(user)


def can_see_unpublished_profile(user, profile) -> bool:
    return can_edit_profile(user, profile)


def can_manage_challenges(user, programme) -> bool:
    """Match teams, change status, publish, add results: the office and the lab's leader."""
    return is_office(user) or _leads(user, programme, OPEN_INNOVATION_LAB_PROJECT)


def can_post_challenge(user, programme, organisation) -> bool:
    return can_manage_challenges(user, programme) or organisation.pk in edited_organisation_ids(
        user
    )


def can_edit_challenge(user, challenge) -> bool:
    """The posting organisation's editors may change their challenge until it is matched."""
    if can_manage_challenges(user, challenge.programme):
        return True
    return (
        challenge.status == ChallengeStatus.PROPOSED
        and challenge.organisation_id in edited_organisation_ids(user)
    )


def can_see_challenge(user, challenge) -> bool:
    return challenge.is_published or can_edit_challenge(user, challenge)


def can_manage_trajectories(user, programme) -> bool:
    """Trajectories, phase changes, the experts directory and referrals."""
    return is_office(user) or _leads(user, programme, SMART071_PROJECT)
