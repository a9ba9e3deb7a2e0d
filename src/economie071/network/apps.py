from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "economie071.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self):
        from economie071.core.mail import mail_sent
        from economie071.network.services import contact_request_forwarded

        mail_sent.connect(contact_request_forwarded, dispatch_uid="network.contact_request")
