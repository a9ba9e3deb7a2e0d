"""The outbox: mail is written with the change, sent after the commit, kept when it fails."""

import datetime
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from economie071.core.mail import mail_deliver, mail_send, mail_sent
from economie071.core.models import OutgoingMail

pytestmark = pytest.mark.django_db

FAILING = "tests.core.test_mail.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def _message(**kwargs) -> EmailMessage:
    values = {"subject": "Onderwerp", "body": "Tekst", "to": ["anna@example.org"], **kwargs}
    return EmailMessage(**values)


def test_a_mail_is_kept_with_the_change_and_sent_after_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        [row] = mail_send(messages=[_message()], topic="test.thing.done", reference=7)
        assert mail.outbox == []  # not before the commit
        assert row.status == OutgoingMail.Status.PENDING
    assert [m.subject for m in mail.outbox] == ["Onderwerp"]
    assert mail.outbox[0].from_email == "programmabureau@economie071.local"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.reference) == ("sent", 1, "7")
    assert row.sent_at is not None
    # The content (links with secrets) is not kept once sent; who and what it was is.
    assert (row.body, row.to, row.subject) == ("", ["anna@example.org"], "Onderwerp")


def test_a_rolled_back_change_mails_nobody_and_keeps_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        mail_send(messages=[_message()], topic="test.thing.done")
        raise RuntimeError("the change fails")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


def test_attachments_reply_to_and_headers_survive_the_outbox(django_capture_on_commit_callbacks):
    message = _message(
        cc=["cc@example.org"],
        bcc=["bcc@example.org"],
        reply_to=["bea@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/uit>"},
    )
    calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    message.attach("dag.ics", calendar, "text/calendar; charset=utf-8")
    message.attach("bestand.bin", b"\x00\xff binary", "application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(messages=[message], topic="test.thing.done")
    [sent] = mail.outbox
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["anna@example.org"],
        ["cc@example.org"],
        ["bcc@example.org"],
        ["bea@example.org"],
    )
    assert sent.extra_headers == {"List-Unsubscribe": "<https://example.org/uit>"}
    assert [tuple(a) for a in sent.attachments] == [
        ("dag.ics", calendar, "text/calendar; charset=utf-8"),
        ("bestand.bin", b"\x00\xff binary", "application/octet-stream"),
    ]
    assert "List-Unsubscribe" in sent.message().as_string()


def test_a_failed_send_is_logged_kept_and_never_raised(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with (
        caplog.at_level(logging.ERROR, logger="economie071.core.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        [row] = mail_send(messages=[_message()], topic="test.thing.done", reference=7)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error == "ConnectionRefusedError: mail server down"
    assert row.body == "Tekst"  # kept to be sent again
    [record] = caplog.records
    assert f"mail #{row.pk} (test.thing.done 7, 1 recipient(s)) not sent" in record.getMessage()
    assert "anna@example.org" not in record.getMessage()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("send_mail_outbox", stdout=out, verbosity=0)
    assert [m.body for m in mail.outbox] == ["Tekst"]
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 2, "")
    assert out.getvalue().startswith("1 of 1 mail(s) sent")


def test_a_mail_is_sent_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [row] = mail_send(messages=[_message()], topic="test.thing.done")
    assert mail_deliver(mail_ids=[row.pk]) == 0
    call_command("send_mail_outbox", stdout=StringIO(), verbosity=0)
    assert len(mail.outbox) == 1


def test_the_command_takes_over_a_mail_abandoned_while_being_sent_not_one_in_progress():
    abandoned, busy = (
        OutgoingMail.objects.create(
            topic="test.thing.done",
            from_email="a@example.org",
            to=["b@example.org"],
            subject=subject,
            body="x",
            status="sending",
            attempts=1,
            attempted_at=timezone.now() - age,
        )
        for subject, age in (
            ("abandoned", datetime.timedelta(hours=1)),
            ("busy", datetime.timedelta(seconds=5)),
        )
    )
    call_command("send_mail_outbox", stdout=StringIO(), verbosity=0)
    assert [m.subject for m in mail.outbox] == ["abandoned"]
    busy.refresh_from_db()
    assert busy.status == "sending"


def test_the_command_gives_up_after_max_attempts_and_purges_old_sent_mail(settings):
    settings.EMAIL_BACKEND = FAILING
    row = OutgoingMail.objects.create(
        topic="test.thing.done",
        from_email="a@example.org",
        to=["b@example.org"],
        subject="s",
        body="x",
    )
    old = OutgoingMail.objects.create(
        topic="test.thing.done",
        from_email="a@example.org",
        to=["b@example.org"],
        subject="s",
        status="sent",
        sent_at=timezone.now() - datetime.timedelta(days=40),
    )
    for _ in range(3):
        call_command("send_mail_outbox", "--max-attempts=2", stdout=StringIO(), verbosity=0)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    assert not OutgoingMail.objects.filter(pk=old.pk).exists()
    out = StringIO()
    call_command("send_mail_outbox", "--max-attempts=2", stdout=out, verbosity=0)
    assert "1 failed 2 times or more and are left alone" in out.getvalue()


def test_a_message_without_recipients_is_refused():
    with pytest.raises(ValueError, match="without recipients"):
        mail_send(messages=[_message(to=[])], topic="test.thing.done")


def test_apps_hear_when_their_mail_has_gone(django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, mail, **kwargs):
        heard.append((mail.topic, mail.reference, mail.status))
        raise RuntimeError("a receiver that fails changes nothing")

    mail_sent.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            [row] = mail_send(messages=[_message()], topic="test.thing.done", reference=3)
    finally:
        mail_sent.disconnect(receiver)
    assert heard == [("test.thing.done", "3", "sent")]
    row.refresh_from_db()
    assert row.status == "sent"
