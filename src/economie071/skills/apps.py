from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "economie071.skills"
    label = "skills"
    verbose_name = _("House of Skills")
