from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "economie071.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self):
        from economie071.core.request_input import install_form_check

        # Every form of every app refuses control characters in what is typed in it.
        install_form_check()
        _register_roles()


def _register_roles() -> None:
    """The roles of the domain apps the programme office can invite people with (the
    programme's own roles are registered in programme.roles)."""
    from economie071.events.constants import EVENT_ORGANISER_GROUP
    from economie071.forum.constants import FORUM_MODERATORS_GROUP
    from economie071.programme.roles import Role, role_register
    from economie071.skills.constants import ADVISER_GROUP

    role_register(
        Role(
            "event_organiser",
            _("Event organiser"),
            (EVENT_ORGANISER_GROUP,),
            help_text=_("Makes events and manages their registrations and check-in."),
        )
    )
    role_register(
        Role(
            "forum_moderator",
            _("Forum moderator"),
            (FORUM_MODERATORS_GROUP,),
            help_text=_("Hides posts, locks topics and handles reports of abuse."),
        )
    )
    role_register(
        Role(
            "career_adviser",
            _("Career adviser"),
            (ADVISER_GROUP,),
            help_text=_(
                "Helps people who consented with their skills passport; the matching plan."
            ),
        )
    )
