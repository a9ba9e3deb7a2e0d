"""House of Skills pages: parse the request, call one service or selector, render.

Public: the landing page, the data-protection page, the taxonomy and the training offer.
Job seekers (any signed-in user): consent, their passport, matches, paths, training,
download and erasure. Employers: their vacancies and candidates. Providers: their
modules. Career advisers and the programme office: people who consented, overrides, the
matching plan. The permissions are in skills.permissions; services check them again.
"""

from economie071.skills.views.adviser import (
    adviser_index,
    adviser_passport,
    override_record,
    override_revoke,
)
from economie071.skills.views.contacts import answer as contact_answer
from economie071.skills.views.contacts import contacts, interest, invite, propose
from economie071.skills.views.contacts import outcome as contact_outcome
from economie071.skills.views.employer import (
    candidates,
    demand_add,
    demand_confirm,
    demand_reject,
    vacancy_close,
    vacancy_confirm_occupation,
    vacancy_create,
    vacancy_detail,
    vacancy_edit,
    vacancy_list,
    vacancy_open,
)
from economie071.skills.views.plan import plan, plan_xlsx
from economie071.skills.views.provider import module_active, module_create, module_edit
from economie071.skills.views.public import (
    esco_import_start,
    index,
    module_detail,
    module_list,
    occupation_detail,
    privacy,
    taxonomy,
)
from economie071.skills.views.seeker import (
    consent,
    consent_withdraw,
    download,
    erase,
    experience_remove,
    experience_set,
    gap_plan,
    matches,
    mobility,
    passport,
    preferences,
    skill_remove,
    skill_set,
    training,
)

__all__ = [
    "contact_answer",
    "contact_outcome",
    "contacts",
    "interest",
    "invite",
    "propose",
    "adviser_index",
    "adviser_passport",
    "candidates",
    "consent",
    "consent_withdraw",
    "demand_add",
    "demand_confirm",
    "demand_reject",
    "download",
    "erase",
    "experience_remove",
    "experience_set",
    "gap_plan",
    "index",
    "matches",
    "mobility",
    "module_active",
    "module_create",
    "module_detail",
    "module_edit",
    "module_list",
    "occupation_detail",
    "override_record",
    "override_revoke",
    "passport",
    "plan",
    "plan_xlsx",
    "preferences",
    "privacy",
    "skill_remove",
    "skill_set",
    "taxonomy",
    "esco_import_start",
    "training",
    "vacancy_close",
    "vacancy_confirm_occupation",
    "vacancy_create",
    "vacancy_detail",
    "vacancy_edit",
    "vacancy_list",
    "vacancy_open",
]
