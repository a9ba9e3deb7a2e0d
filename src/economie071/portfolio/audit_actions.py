"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "portfolio.project.created": pgettext_lazy("audit action", "Project created"),
        "portfolio.project.phase_changed": pgettext_lazy(
            "audit action", "Project moved to another phase"
        ),
        "portfolio.role.assigned": pgettext_lazy(
            "audit action", "Role in the project structure assigned"
        ),
        "portfolio.role.ended": pgettext_lazy(
            "audit action", "Role in the project structure ended"
        ),
        "portfolio.line_of_action.saved": pgettext_lazy("audit action", "Line of action saved"),
        "portfolio.period.opened": pgettext_lazy("audit action", "Reporting round opened"),
        "portfolio.card.created": pgettext_lazy("audit action", "Project card created"),
        "portfolio.card.updated": pgettext_lazy("audit action", "Project card changed"),
        "portfolio.card.submitted": pgettext_lazy("audit action", "Project card submitted"),
        "portfolio.card.returned": pgettext_lazy(
            "audit action", "Project card returned for changes"
        ),
        "portfolio.card.approved": pgettext_lazy("audit action", "Project card approved"),
        "portfolio.card.published": pgettext_lazy("audit action", "Project card published"),
        "portfolio.card.correction_started": pgettext_lazy(
            "audit action", "Correction of the published card started"
        ),
        "portfolio.budget_line.created": pgettext_lazy("audit action", "Budget line added"),
        "portfolio.budget_line.confirmed": pgettext_lazy("audit action", "Budget line confirmed"),
        "portfolio.budget_line.carried_over": pgettext_lazy(
            "audit action", "Budget line carried over to the next half year"
        ),
        "portfolio.budget_line.removed": pgettext_lazy("audit action", "Budget line removed"),
    }
)
