"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "skills.skill.created": pgettext_lazy("audit action", "Skill added to the taxonomy"),
        "skills.occupation.created": pgettext_lazy(
            "audit action", "Occupation added to the taxonomy"
        ),
        "skills.sector.created": pgettext_lazy("audit action", "Sector added"),
        "skills.sector.updated": pgettext_lazy("audit action", "Sector changed"),
        "skills.century_skill.created": pgettext_lazy("audit action", "21st-century skill added"),
        "skills.century_skill.updated": pgettext_lazy("audit action", "21st-century skill changed"),
        "skills.organisation_role.granted": pgettext_lazy(
            "audit action", "Role at an organisation granted"
        ),
        "skills.passport.created": pgettext_lazy("audit action", "Skills passport created"),
        "skills.passport.consent_given": pgettext_lazy("audit action", "Consent given"),
        "skills.passport.consent_withdrawn": pgettext_lazy("audit action", "Consent withdrawn"),
        "skills.passport.preferences_set": pgettext_lazy("audit action", "Preferences saved"),
        "skills.passport.discoverable_set": pgettext_lazy(
            "audit action", "Findability for employers changed"
        ),
        "skills.passport.skill_set": pgettext_lazy("audit action", "Skill in the passport saved"),
        "skills.passport.skill_removed": pgettext_lazy(
            "audit action", "Skill removed from the passport"
        ),
        "skills.passport.experience_set": pgettext_lazy("audit action", "Work experience saved"),
        "skills.passport.experience_removed": pgettext_lazy(
            "audit action", "Work experience removed"
        ),
        "skills.passport.exported": pgettext_lazy("audit action", "Skills passport downloaded"),
        "skills.passport.erased": pgettext_lazy("audit action", "Skills passport erased"),
        "skills.vacancy.created": pgettext_lazy("audit action", "Vacancy created"),
        "skills.vacancy.updated": pgettext_lazy("audit action", "Vacancy changed"),
        "skills.vacancy.occupation_confirmed": pgettext_lazy(
            "audit action", "Occupation of the vacancy confirmed"
        ),
        "skills.vacancy.skills_proposed": pgettext_lazy(
            "audit action", "Skills proposed for the vacancy"
        ),
        "skills.vacancy.skill_confirmed": pgettext_lazy(
            "audit action", "Skill of the vacancy confirmed"
        ),
        "skills.vacancy.skill_rejected": pgettext_lazy(
            "audit action", "Skill of the vacancy rejected"
        ),
        "skills.vacancy.skill_added": pgettext_lazy("audit action", "Skill added to the vacancy"),
        "skills.vacancy.opened": pgettext_lazy("audit action", "Vacancy opened"),
        "skills.vacancy.closed": pgettext_lazy("audit action", "Vacancy closed"),
        "skills.contact.interest": pgettext_lazy("audit action", "Interest shown in a vacancy"),
        "skills.contact.invited": pgettext_lazy("audit action", "Job seeker invited"),
        "skills.contact.proposed": pgettext_lazy(
            "audit action", "Proposal made by the career adviser"
        ),
        "skills.contact.answered": pgettext_lazy("audit action", "Contact answered"),
        "skills.contact.outcome": pgettext_lazy("audit action", "Outcome of the contact recorded"),
        "skills.override.recorded": pgettext_lazy(
            "audit action", "Suggestion adjusted by the career adviser"
        ),
        "skills.override.revoked": pgettext_lazy(
            "audit action", "Adjustment of a suggestion undone"
        ),
        "skills.provider.created": pgettext_lazy("audit action", "Training provider added"),
        "skills.module.created": pgettext_lazy("audit action", "Training module added"),
        "skills.module.updated": pgettext_lazy("audit action", "Training module changed"),
        "skills.module.activated": pgettext_lazy("audit action", "Training module offered"),
        "skills.module.deactivated": pgettext_lazy(
            "audit action", "Training module no longer offered"
        ),
    }
)
