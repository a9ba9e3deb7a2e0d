from django.db import models
from django.utils.translation import gettext_lazy as _

# The Django group whose members moderate the forum. The programme office may do
# everything a moderator may (economie071.core.groups.PROGRAMME_OFFICE_GROUP).
FORUM_MODERATORS_GROUP = "Forum moderators"

TITLE_MAX_LENGTH = 200
TITLE_MIN_LENGTH = 5
BODY_MAX_LENGTH = 20_000
REASON_MAX_LENGTH = 500
REPORT_REASON_MAX_LENGTH = 1_000
SEARCH_MAX_LENGTH = 200

# Rate limits of new posts (questions and answers together) per author, in
# settings.THROTTLE_LIMITS (economie071.core.throttle): a short window against bursts and
# a day against a slow flood.
POST_THROTTLE_SCOPES = ("forum.post.user", "forum.post.user.day")

# Salt of the signed unsubscribe links in notification e-mails.
UNSUBSCRIBE_SALT = "economie071.forum.unsubscribe"


class ReportState(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLED = "handled", _("Handled")
