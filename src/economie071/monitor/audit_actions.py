"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "monitor.edition.created": pgettext_lazy("audit action", "Monitor edition created"),
        "monitor.theme.created": pgettext_lazy("audit action", "Monitor theme added"),
        "monitor.theme.updated": pgettext_lazy("audit action", "Monitor theme changed"),
        "monitor.indicator.created": pgettext_lazy("audit action", "Indicator added"),
        "monitor.indicator.updated": pgettext_lazy("audit action", "Indicator changed"),
        "monitor.cbs_mapping.created": pgettext_lazy(
            "audit action", "CBS link of an indicator added"
        ),
        "monitor.cbs_mapping.updated": pgettext_lazy(
            "audit action", "CBS link of an indicator changed"
        ),
        "monitor.business_park.created": pgettext_lazy("audit action", "Business park added"),
        "monitor.business_park.updated": pgettext_lazy("audit action", "Business park changed"),
        "monitor.shopping_area.created": pgettext_lazy("audit action", "Shopping area added"),
        "monitor.shopping_area.updated": pgettext_lazy("audit action", "Shopping area changed"),
        "monitor.action_line.created": pgettext_lazy(
            "audit action", "Line of action of the retail vision added"
        ),
        "monitor.action_line.updated": pgettext_lazy(
            "audit action", "Line of action of the retail vision changed"
        ),
        "monitor.action_line.progress_recorded": pgettext_lazy(
            "audit action", "Progress of a line of action recorded"
        ),
        "monitor.ledger.transformation_recorded": pgettext_lazy(
            "audit action", "Transformation of business land recorded"
        ),
        "monitor.ledger.compensation_recorded": pgettext_lazy(
            "audit action", "Compensation with new business land recorded"
        ),
        "monitor.observations.imported": pgettext_lazy(
            "audit action", "Indicator figures imported"
        ),
        "monitor.retail.imported": pgettext_lazy("audit action", "Retail monitor figures imported"),
        "monitor.parks.imported": pgettext_lazy("audit action", "Business park figures imported"),
        "monitor.demand.imported": pgettext_lazy(
            "audit action", "Forecast of the demand for business land imported"
        ),
        "monitor.cbs.imported": pgettext_lazy("audit action", "Figures from CBS StatLine imported"),
    }
)
