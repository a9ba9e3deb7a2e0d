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
