from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "economie071.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from economie071.portfolio import panels

        # A project's events and their attendance on its page (see portfolio.panels).
        panels.register(
            panels.PROJECT_PAGE,
            template="events/includes/project_events.html",
            context=lambda *, project, user: {"project": project},
        )
