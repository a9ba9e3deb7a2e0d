"""Who may do what in the House of Skills. Views, API and services all ask here.

Roles (Django groups, names in constants.py; created by `role_groups_ensure`):

- job seeker: any signed-in user; with a passport they manage it, see their own matches,
  paths and training, download and erase it;
- employer: a user in the employer group with an `OrganisationRole` "employer" for the
  vacancy's organisation; manages that organisation's vacancies and sees the consenting,
  discoverable candidates for them;
- training provider: a user with an `OrganisationRole` "provider"; manages the modules of
  that organisation;
- career adviser: helps people: sees the passports with current consent, their matches and
  the candidates of every vacancy, records overrides, sees the regional matching plan;
- programme office: everything an adviser can do, and manages every vacancy and module.
"""

from economie071.core.groups import in_group, is_programme_office
from economie071.skills.constants import (
    ADVISER_GROUP,
    EMPLOYER_GROUP,
    PROVIDER_GROUP,
    OrganisationRoleKind,
)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_office(user) -> bool:
    return is_programme_office(user)


def is_adviser(user) -> bool:
    return in_group(user, ADVISER_GROUP)


def is_employer(user) -> bool:
    return in_group(user, EMPLOYER_GROUP) and bool(organisation_ids(user, "employer"))


def is_provider(user) -> bool:
    return in_group(user, PROVIDER_GROUP) and bool(organisation_ids(user, "provider"))


def organisation_ids(user, role: str) -> set[int]:
    """The organisations the user acts for in `role` ("employer" or "provider")."""
    if not _authenticated(user):
        return set()
    cache = getattr(user, "_e071_skills_orgs", None)
    if cache is None:
        from economie071.skills.models import OrganisationRole

        cache = {kind: set() for kind in OrganisationRoleKind.values}
        for organisation_id, kind in OrganisationRole.objects.filter(user=user).values_list(
            "organisation_id", "role"
        ):
            cache[kind].add(organisation_id)
        user._e071_skills_orgs = cache
    return cache.get(role, set())


def role_of(user) -> str:
    """The role a user acts in, for the match log: the widest one they hold."""
    if is_office(user):
        return "office"
    if is_adviser(user):
        return "adviser"
    if is_employer(user):
        return "employer"
    if is_provider(user):
        return "provider"
    return "person" if _authenticated(user) else ""


# --- Passports ----------------------------------------------------------------------------


def is_owner(user, passport) -> bool:
    return _authenticated(user) and passport.user_id == user.pk


def can_create_passport(user) -> bool:
    return _authenticated(user)


def can_view_passport(user, passport) -> bool:
    """The person; advisers and the office only while consent stands."""
    if is_owner(user, passport):
        return True
    return passport.has_consent and (is_adviser(user) or is_office(user))


def can_edit_passport(user, passport) -> bool:
    """Only the person edits, exports and erases their own passport."""
    return is_owner(user, passport)


def can_see_matches_of(user, passport) -> bool:
    """Vacancies, mobility paths, training and gap plans for this passport."""
    return can_view_passport(user, passport)


# Who reads what of an adviser's override (the table on the data-protection page):
#   STAFF (career advisers, the programme office): hidden suggestions (flagged), every
#     override with its reason, the adviser's name and the time;
#   PERSON (the passport's own person): their suggestions that are not hidden, with the
#     reason and the adviser of each boost or note; every override, hidden ones included,
#     in their data download;
#   OTHER (an employer looking at candidates): only that an adviser put a candidate
#     first, so the order can be explained: never a reason, an adviser's name, or that a
#     candidate was hidden.
AUDIENCE_STAFF = "staff"
AUDIENCE_PERSON = "person"
AUDIENCE_OTHER = "other"


def override_audience(user, passport) -> str:
    """How much of the advisers' overrides on this passport's suggestions `user` reads."""
    if is_adviser(user) or is_office(user):
        return AUDIENCE_STAFF
    if is_owner(user, passport):
        return AUDIENCE_PERSON
    return AUDIENCE_OTHER


def can_see_person_name(user, passport) -> bool:
    """The person's name (and username) with their passport: the person, advisers and the
    office. Employers see a candidate by passport number only: the privacy statement the
    person agreed to promises them a candidate with the reasons of the match, no name."""
    return is_owner(user, passport) or is_adviser(user) or is_office(user)


# --- Vacancies ----------------------------------------------------------------------------


def can_create_vacancy(user, organisation) -> bool:
    if is_office(user):
        return True
    return in_group(user, EMPLOYER_GROUP) and organisation.pk in organisation_ids(user, "employer")


def can_manage_vacancy(user, vacancy) -> bool:
    return can_create_vacancy(user, vacancy.organisation)


def can_view_candidates(user, vacancy) -> bool:
    return is_office(user) or is_adviser(user) or can_manage_vacancy(user, vacancy)


# --- Training ------------------------------------------------------------------------------


def can_manage_provider(user, provider) -> bool:
    if is_office(user):
        return True
    return in_group(user, PROVIDER_GROUP) and provider.organisation_id in organisation_ids(
        user, "provider"
    )


def can_manage_module(user, module) -> bool:
    return can_manage_provider(user, module.provider)


# --- Advisers and the programme ------------------------------------------------------------


def can_override(user) -> bool:
    return is_adviser(user) or is_office(user)


def can_view_matching_plan(user) -> bool:
    return is_adviser(user) or is_office(user)


def can_manage_taxonomy(user) -> bool:
    return is_office(user)


# --- From a match to a conversation ---------------------------------------------------------


def can_express_interest(user, passport) -> bool:
    """Only the person reacts to a vacancy, for themself."""
    return is_owner(user, passport)


def can_invite(user, vacancy) -> bool:
    """The vacancy's employer (and the office) invite candidates for it."""
    return can_manage_vacancy(user, vacancy)


def can_propose(user) -> bool:
    """Career advisers (and the office) propose a vacancy or a training to a person."""
    return is_adviser(user) or is_office(user)


def can_view_contact(user, contact) -> bool:
    """The person it is about, the vacancy's employer, advisers and the office."""
    if contact.passport is not None and is_owner(user, contact.passport):
        return True
    if is_adviser(user) or is_office(user):
        return True
    return contact.vacancy is not None and can_manage_vacancy(user, contact.vacancy)


def can_answer_contact(user, contact) -> bool:
    """The person answers an invitation or a proposal, and decides what to share."""
    return contact.passport is not None and is_owner(user, contact.passport)


def can_record_outcome(user, contact) -> bool:
    """The vacancy's employer, advisers and the office record what came of it."""
    if is_adviser(user) or is_office(user):
        return True
    return contact.vacancy is not None and can_manage_vacancy(user, contact.vacancy)


def can_see_contact_details(user, contact) -> bool:
    """The person's name and e-mail address: only after the person chose to share them
    (the person themself always). Advisers reach the people they support otherwise."""
    if contact.passport is not None and is_owner(user, contact.passport):
        return True
    return contact.share_contact and can_view_contact(user, contact)
