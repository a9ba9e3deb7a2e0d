"""economie071 send_mail_outbox: send the e-mails the outbox still holds.

Mails are sent right after the change that causes them is committed; this sends the ones
that could not be sent then (the mail server was down, the process stopped): those waiting,
those that failed fewer than --max-attempts times, and those abandoned while being sent.
Run it from cron every few minutes. Each mail is claimed before it is sent, so two runs (or
a run and a request) never send the same mail at once, and stopping it (Ctrl-C) loses
nothing. It also deletes the record of mails sent more than --keep-sent-days ago.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from economie071.core.mail import (
    STALE_AFTER,
    mail_deliver,
    mails_due,
    mails_given_up,
    mails_purge_sent,
)


class Command(BaseCommand):
    help = "Send the e-mails in the outbox that are waiting or failed before."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=10,
            help="Leave a mail alone once it has failed this many times (default 10).",
        )
        parser.add_argument(
            "--keep-sent-days",
            type=int,
            default=30,
            help="Delete the record of mails sent longer ago than this (default 30; 0 keeps all).",
        )

    def handle(self, *args, **options):
        max_attempts = options["max_attempts"]
        keep_days = options["keep_sent_days"]
        if max_attempts < 1 or keep_days < 0:
            raise CommandError("--max-attempts must be 1 or more, --keep-sent-days 0 or more.")
        now = timezone.now()
        due = list(mails_due(max_attempts=max_attempts, now=now).values_list("pk", flat=True))
        sent = 0
        for pk in tqdm(due, desc="mails", unit="mail", disable=options["verbosity"] < 1):
            sent += mail_deliver(mail_ids=[pk], stale_before=now - STALE_AFTER)
        purged = (
            mails_purge_sent(before=now - datetime.timedelta(days=keep_days)) if keep_days else 0
        )
        given_up = mails_given_up(max_attempts=max_attempts).count()
        self.stdout.write(
            f"{sent} of {len(due)} mail(s) sent; {len(due) - sent} not sent (see the log); "
            f"{given_up} failed {max_attempts} times or more and are left alone; "
            f"{purged} sent mail(s) older than {keep_days} days deleted"
        )
