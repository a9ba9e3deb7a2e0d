from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    """One e-mail the platform sends (the outbox; see economie071.core.mail).

    Written in the transaction of the change that causes it, so a change that is rolled
    back mails nobody and a change that is committed never loses its mail; sent once that
    transaction has committed, and kept (with the error) until it has been sent. Once sent,
    the content is dropped: the body may hold links with secrets (a confirmation link, a
    cancel link) that the database should not keep; who it went to and when stays.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, to be sent again")

    # What the mail is about, as a dotted name like an audit action
    # ("events.registration.confirmed"), and the id of the object it is about: for the log
    # and for the app that wants to hear when its mail has gone (`mail_sent`).
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True)

    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [{"filename", "mimetype", "content", "base64": bool}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # [{"content", "mimetype"}], such as an HTML version of the body.
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempted_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="core_mail_status_idx")]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk} ({self.status})"
