"""The one way the platform sends e-mail: through an outbox in the database.

A service composes its messages (Django ``EmailMessage`` objects: recipients, subject,
plain-text body, attachments such as an .ics file, headers) and hands them to `mail_send`
inside its transaction. They are written to the outbox (`OutgoingMail`) in that same
transaction, so:

- a change that is rolled back mails nobody;
- a change that is committed never loses its mail, whatever the mail server does.

Once the transaction has committed they are sent (`mail_deliver`). The failure policy is
the same for every app: a mail that cannot be sent is logged (its id, topic, reference,
attempt and the error; no addresses in the log), marked failed with the error, and kept to
be sent again by ``economie071 send_mail_outbox`` (run it from cron). A failure is never
raised into the request or command whose change has already been committed, and never
passed over in silence.

Sending is a job (core/tasks.py `send_mail`), started by the commit hook `_dispatch`: in a
worker when a broker is configured (where it retries with a growing pause), in the process
otherwise (core/jobs.py). Every sending claims its row first (an update that only one
process wins), so the job and the command never send a mail twice at the same time. A
process that dies between handing a mail to the server and marking it sent leaves it
"being sent"; the command sends it again after a while, so a mail may, rarely, arrive
twice, but is never lost.

Apps that want to know when their mail has gone (the network marks a contact request
forwarded) connect to the `mail_sent` signal and look at ``mail.topic``/``mail.reference``.
"""

import base64
import datetime
import logging
from collections.abc import Iterable
from email.mime.base import MIMEBase

import django.dispatch
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from economie071.core.models import OutgoingMail

logger = logging.getLogger(__name__)

Status = OutgoingMail.Status

# Sent with ``mail=<OutgoingMail>`` once a mail has been handed to the mail server.
mail_sent = django.dispatch.Signal()

# How long a mail may stay "being sent" before the outbox command takes it as abandoned
# (the process sending it stopped).
STALE_AFTER = datetime.timedelta(minutes=15)
_ERROR_MAX = 2000


def mail_send(
    *, messages: Iterable[EmailMessage], topic: str, reference: object = ""
) -> list[OutgoingMail]:
    """Keep `messages` in the outbox as part of the current transaction (call it inside the
    service's ``transaction.atomic``) and send them once that has committed.

    `topic` says what the mail is about, as a dotted name (``forum.answer.posted``);
    `reference` the id of the object it is about. Both go into the log when sending fails.
    A message without recipients is a programming error (ValueError).
    """
    rows = [_stored(message, topic=topic, reference=reference) for message in messages]
    for row in rows:
        row.save()
    if rows:
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: _dispatch(ids), robust=True)
    return rows


def _dispatch(mail_ids: list[int]) -> None:
    """What happens once the transaction has committed: the sending job, in a worker or in
    this process. Should the broker be unreachable, the mails wait in the outbox for
    ``send_mail_outbox``, and that is logged."""
    from economie071.core import jobs, tasks

    try:
        jobs.enqueue(tasks.send_mail, mail_ids)
    except Exception:
        logger.exception(
            "mail(s) %s could not be handed to the job queue; kept in the outbox", mail_ids
        )


def mail_deliver(*, mail_ids: Iterable[int], stale_before: datetime.datetime | None = None) -> int:
    """Send the mails with these ids that are waiting (or failed before), over one
    connection; returns how many were sent. A mail that is sent or being sent already is
    left alone; with `stale_before`, one "being sent" since before then is taken over.

    Never raises because a mail could not be sent: that is logged and kept on the row
    (status failed, the error, the attempt count) for `send_mail_outbox`.
    """
    connection = None
    sent = 0
    try:
        for mail_id in mail_ids:
            mail = _claim(mail_id, stale_before)
            if mail is None:
                continue
            try:
                if connection is None:
                    connection = get_connection()
                message = _message(mail)
                message.connection = connection
                message.send()
            except Exception as exc:
                _failed(mail, exc)
                continue
            _delivered(mail)
            sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing after the mails went out: nothing to keep
                logger.warning(
                    "mail: closing the connection to the mail server failed", exc_info=True
                )
    return sent


def mails_due(*, max_attempts: int, now: datetime.datetime | None = None) -> QuerySet[OutgoingMail]:
    """The mails `send_mail_outbox` sends: waiting, failed fewer than `max_attempts`
    times, or abandoned while being sent; oldest first."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, attempts__lt=max_attempts)
        | Q(status=Status.SENDING, attempted_at__lt=now - STALE_AFTER)
    ).order_by("created_at", "pk")


def mails_given_up(*, max_attempts: int) -> QuerySet[OutgoingMail]:
    """Failed mails the command no longer tries (`max_attempts` reached); the office sees
    them in the admin and can send them again there or with a higher limit."""
    return OutgoingMail.objects.filter(status=Status.FAILED, attempts__gte=max_attempts)


def mails_purge_sent(*, before: datetime.datetime) -> int:
    """Delete the record of mails sent before `before`; returns how many."""
    deleted, _ = OutgoingMail.objects.filter(status=Status.SENT, sent_at__lt=before).delete()
    return deleted


# --- Storing and rebuilding a message ---------------------------------------------------------


def _stored(message: EmailMessage, *, topic: str, reference: object) -> OutgoingMail:
    if not message.recipients():
        raise ValueError(f"mail_send: a message about {topic} without recipients")
    alternatives = getattr(message, "alternatives", None) or []
    return OutgoingMail(
        topic=topic,
        reference=str(reference)[:64] if reference is not None else "",
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject),
        body=str(message.body),
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
        attachments=[_stored_attachment(a) for a in message.attachments],
        alternatives=[
            {"content": str(content), "mimetype": mimetype} for content, mimetype in alternatives
        ],
    )


def _stored_attachment(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        raise TypeError("mail_send: attach a file as (name, content, type), not a MIME part")
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "mimetype": mimetype,
            "base64": True,
            "content": base64.b64encode(content).decode("ascii"),
        }
    return {"filename": filename, "mimetype": mimetype, "base64": False, "content": content}


def _message(mail: OutgoingMail) -> EmailMessage:
    cls = EmailMultiAlternatives if mail.alternatives else EmailMessage
    message = cls(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
    )
    for a in mail.attachments:
        content = base64.b64decode(a["content"]) if a["base64"] else a["content"]
        message.attach(a["filename"], content, a["mimetype"])
    for alternative in mail.alternatives:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    return message


# --- The life of a row ------------------------------------------------------------------------


def _claim(mail_id: int, stale_before: datetime.datetime | None) -> OutgoingMail | None:
    """Mark the mail "being sent" if nobody else is sending it; None if it is not ours."""
    free = Q(status__in=[Status.PENDING, Status.FAILED])
    if stale_before is not None:
        free |= Q(status=Status.SENDING, attempted_at__lt=stale_before)
    claimed = OutgoingMail.objects.filter(free, pk=mail_id).update(
        status=Status.SENDING, attempted_at=timezone.now(), attempts=F("attempts") + 1
    )
    return OutgoingMail.objects.get(pk=mail_id) if claimed else None


def _failed(mail: OutgoingMail, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:_ERROR_MAX]
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.FAILED, last_error=error)
    logger.error(
        "mail #%s (%s %s, %d recipient(s)) not sent at attempt %d; kept in the outbox "
        "for send_mail_outbox: %s",
        mail.pk,
        mail.topic,
        mail.reference or "-",
        len(mail.to) + len(mail.cc) + len(mail.bcc),
        mail.attempts,
        error,
        exc_info=exc,
    )


def _delivered(mail: OutgoingMail) -> None:
    mail.status = Status.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    mail.body, mail.headers, mail.attachments, mail.alternatives = "", {}, [], []
    mail.save(
        update_fields=[
            "status",
            "sent_at",
            "last_error",
            "body",
            "headers",
            "attachments",
            "alternatives",
        ]
    )
    for receiver, result in mail_sent.send_robust(sender=OutgoingMail, mail=mail):
        if isinstance(result, Exception):
            logger.error(
                "mail #%s (%s %s) sent, but %r failed on hearing it",
                mail.pk,
                mail.topic,
                mail.reference or "-",
                receiver,
                exc_info=result,
            )
