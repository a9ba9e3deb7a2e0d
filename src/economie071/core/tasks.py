"""Jobs that belong to no app: sending the outbox's mails and running a command.

Every e-mail is written to the outbox in the transaction of the change that causes it
(core/mail.py); after the commit `send_mail` sends it from a worker. A mail that cannot be
sent is logged and kept by `mail_deliver`; the job then tries again with a growing pause
(1, 2, 4, 8, 16 minutes). After that the periodic ``send_mail_outbox`` run takes over, which
tries every few minutes until ``--max-attempts``: a mail is never dropped in silence.
"""

import logging

from celery import shared_task
from django.core.management import call_command

from economie071.core.mail import mail_deliver
from economie071.core.models import OutgoingMail

logger = logging.getLogger(__name__)

MAIL_RETRIES = 5
MAIL_RETRY_FIRST_SECONDS = 60

# The commands the periodic schedule and the site may start as a job, and nothing else.
COMMANDS = {
    "send_mail_outbox",
    "events_expire_registrations",
    "skills_purge_withdrawn",
    "skills_prune_journal",
    "skills_match_batch",
    "import_cbs",
    "import_esco",
}


@shared_task(bind=True, max_retries=MAIL_RETRIES)
def send_mail(self, mail_ids: list[int]) -> int:
    """Send these outbox mails; try again later while some of them failed."""
    sent = mail_deliver(mail_ids=mail_ids)
    if self.request.is_eager:
        return sent  # in-process: a failure waits for send_mail_outbox, as it always did
    failed = list(
        OutgoingMail.objects.filter(pk__in=mail_ids, status=OutgoingMail.Status.FAILED).values_list(
            "pk", flat=True
        )
    )
    if failed:
        if self.request.retries < self.max_retries:
            raise self.retry(
                args=[failed], countdown=MAIL_RETRY_FIRST_SECONDS * 2**self.request.retries
            )
        logger.error(
            "mail(s) %s not sent after %d tries; left to send_mail_outbox",
            failed,
            self.request.retries + 1,
        )
    return sent


@shared_task
def run_command(name: str, *args: str) -> None:
    """Run one of the platform's management commands (see COMMANDS) as a job."""
    if name not in COMMANDS:
        raise ValueError(f"run_command: {name!r} is not a command that runs as a job")
    call_command(name, *args)
