from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from economie071.audit.actions import action_label


class AuditEntry(models.Model):
    """Who did what, when, to which object. Written by services, never edited."""

    action = models.CharField(_("action"), max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    # What the entry is filed under, so the log of one thing can be read: the office reads
    # it per project. A model label and key, like object_type and object_id, rather than
    # a foreign key: the audit log is the platform's lowest layer and refers to no app's
    # tables, and an entry keeps its subject when that is deleted.
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True, default="")
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True, default="")
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        """The action as a sentence in the active language (audit/actions.py)."""
        return action_label(self.action)


def subject_key(obj: models.Model) -> tuple[str, str]:
    """How an entry refers to the object it is filed under: its model label and key."""
    return obj._meta.label_lower, str(obj.pk)
