from django.db import models
from django.utils.translation import gettext_lazy as _


class HelixSide(models.TextChoices):
    """The triple helix: government, education, business; anything else is 'other'."""

    GOVERNMENT = "government", _("government")
    EDUCATION = "education", _("education")
    BUSINESS = "business", _("business")
    OTHER = "other", _("other")
