"""Roles in the House of Skills: the Django groups (employer, provider, adviser) and the
organisations a person acts for.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.programme.models import Organisation
from economie071.skills import permissions
from economie071.skills.constants import (
    EMPLOYER_GROUP,
    PROVIDER_GROUP,
    SKILLS_GROUPS,
    OrganisationRoleKind,
)
from economie071.skills.models import OrganisationRole
from economie071.skills.services._common import _deny, _error, _trusted


def role_groups_ensure() -> None:
    """Create the Django groups of the skills roles (employer, provider, adviser)."""
    for name in SKILLS_GROUPS:
        Group.objects.get_or_create(name=name)


def organisation_role_grant(
    *, user: User, organisation: Organisation, role: str, actor: User | None
) -> OrganisationRole:
    """Let `user` act for `organisation` as employer (vacancies) or provider (modules); puts
    them in the matching Django group."""
    _deny(_trusted(actor) or permissions.is_office(actor))
    if role not in OrganisationRoleKind.values:
        raise _error(_("Role: unknown role “%(role)s”.") % {"role": role}, "role")
    with transaction.atomic():
        link, _created = OrganisationRole.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        group_name = EMPLOYER_GROUP if role == OrganisationRoleKind.EMPLOYER else PROVIDER_GROUP
        group, _new = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
        for cache in ("_e071_groups", "_e071_skills_orgs"):
            if hasattr(user, cache):
                delattr(user, cache)
        audit_record(
            action="skills.organisation_role.granted",
            actor=actor,
            target=link,
            summary=f"{user.get_username()}: {OrganisationRoleKind(role).label} {organisation}",
        )
    return link
