"""The programme's writes: reference data (regions, municipalities, programmes, pillars,
themes, organisations, people), a region set up from a file, accounts people make for
themselves, and invitations from the programme office."""

from economie071.programme.services.accounts import (
    SIGNUP_LINK_VALID,
    account_email_confirmed,
    account_signup_confirm,
    account_signup_request,
)
from economie071.programme.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_withdraw,
)
from economie071.programme.services.reference import (
    municipality_upsert,
    organisation_upsert,
    person_link_user,
    person_upsert,
    pillar_upsert,
    population_figure_upsert,
    programme_upsert,
    region_upsert,
    role_groups_ensure,
    theme_upsert,
)
from economie071.programme.services.regions import region_setup

__all__ = [
    "SIGNUP_LINK_VALID",
    "account_email_confirmed",
    "account_signup_confirm",
    "account_signup_request",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_withdraw",
    "municipality_upsert",
    "organisation_upsert",
    "person_link_user",
    "person_upsert",
    "pillar_upsert",
    "population_figure_upsert",
    "programme_upsert",
    "region_setup",
    "region_upsert",
    "role_groups_ensure",
    "theme_upsert",
]
