"""Every write to the House of Skills: one keyword-only function per use case, each in its
own transaction, each writing an audit entry (``skills.<entity>.<verb>``); one module per
topic (taxonomy, roles, passports, vacancies, training, matching).

`actor` is the user doing it; None means the platform itself (the demo loader, batch
commands), which is trusted. Every check runs before anything is written, so a refused
request leaves the database as it was. A refusal is a SkillsError whose ``code`` names the
field.

Services that change what matching sees (passports, their skills and preferences, consent,
erasure, vacancies and their confirmed skills, the taxonomy) write a `ChangeJournal` row
in the same transaction (`matching.journal`), so every process's index applies the change
before its next query.

Audit entries about a passport name only the passport's number and what kind of change it
was, never skills or preferences: the audit log outlives an erased passport.

Callers use the package: ``from economie071.skills import services;
services.passport_create(...)``.
"""

from economie071.skills.services.contacts import (
    contact_answer,
    contact_outcome_record,
    interest_express,
    invitation_send,
    proposal_make,
)
from economie071.skills.services.matching import (
    adviser_override_record,
    adviser_override_revoke,
    match_log_record,
)
from economie071.skills.services.passports import (
    passport_consent_give,
    passport_consent_withdraw,
    passport_create,
    passport_erase,
    passport_experience_remove,
    passport_experience_set,
    passport_export,
    passport_preferences_set,
    passport_set_discoverable,
    passport_skill_remove,
    passport_skill_set,
    passports_purge_withdrawn,
)
from economie071.skills.services.roles import organisation_role_grant, role_groups_ensure
from economie071.skills.services.taxonomy import (
    century_skill_upsert,
    occupation_create,
    sector_upsert,
    sectors_load,
    skill_create,
)
from economie071.skills.services.training import (
    module_create,
    module_set_active,
    module_update,
    provider_create,
)
from economie071.skills.services.vacancies import (
    SkillProposal,
    decode_upload,
    vacancy_add_skill,
    vacancy_close,
    vacancy_confirm_occupation,
    vacancy_confirm_skill,
    vacancy_create,
    vacancy_open,
    vacancy_propose_skills,
    vacancy_reject_skill,
    vacancy_update,
)

__all__ = [
    "organisation_role_grant",
    "role_groups_ensure",
    "century_skill_upsert",
    "occupation_create",
    "sector_upsert",
    "sectors_load",
    "skill_create",
    "passport_consent_give",
    "passport_consent_withdraw",
    "passport_create",
    "passport_erase",
    "passport_experience_remove",
    "passport_experience_set",
    "passport_export",
    "passport_preferences_set",
    "passport_set_discoverable",
    "passport_skill_remove",
    "passport_skill_set",
    "passports_purge_withdrawn",
    "SkillProposal",
    "decode_upload",
    "vacancy_add_skill",
    "vacancy_close",
    "vacancy_confirm_occupation",
    "vacancy_confirm_skill",
    "vacancy_create",
    "vacancy_open",
    "vacancy_propose_skills",
    "vacancy_reject_skill",
    "vacancy_update",
    "module_create",
    "module_set_active",
    "module_update",
    "provider_create",
    "adviser_override_record",
    "adviser_override_revoke",
    "match_log_record",
    "contact_answer",
    "contact_outcome_record",
    "interest_express",
    "invitation_send",
    "proposal_make",
]
