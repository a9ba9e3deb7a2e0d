from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "economie071.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from economie071.governance.selectors import bodies_behind_cadence, project_decisions
        from economie071.portfolio import panels, permissions

        # The decisions about a project on its page; meetings behind their cadence on the
        # office's dashboard (see portfolio.panels).
        panels.register(
            panels.PROJECT_PAGE,
            template="governance/includes/project_decisions.html",
            context=lambda *, project, user: {
                "decisions": project_decisions(
                    project=project, published_only=not permissions.can_read_unpublished(user)
                )
            },
        )
        panels.register(
            panels.DASHBOARD,
            template="governance/includes/cadence_warning.html",
            context=lambda *, programme, user: (
                {"behind": bodies_behind_cadence(programme=programme)}
                if permissions.can_read_unpublished(user)
                else None
            ),
        )
