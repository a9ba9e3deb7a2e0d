"""How much of a date is known: a milestone, an event or a challenge may be known to the
day, only to the month, or only to the year.

A date with a precision is stored as the first day of what is known (2019-06-01 for
"June 2019") plus one of these values. The values are stored in several apps' tables;
the choices live in the model fields' definitions, so moving this class changes no
migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
