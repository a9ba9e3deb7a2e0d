"""Jobs through a real Celery worker and Redis: every e-mail, the edition PDF, the monitor
report, the periodic commands. And without a broker: the same jobs in the process."""

import logging

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import get_commands
from django.db import transaction
from django.urls import reverse

from economie071.config.celery import app
from economie071.core import jobs, tasks
from economie071.core.mail import mail_send
from economie071.core.models import OutgoingMail
from economie071.monitor import services as monitor_services
from economie071.monitor.models import Indicator, Observation
from economie071.publications import services as publications
from tests.publications.conftest import ISSUED_ON

FAILING = "tests.core.test_mail.FailingBackend"


def _send(subject: str = "Bevestig uw aanmelding") -> OutgoingMail:
    with transaction.atomic():
        [row] = mail_send(
            messages=[EmailMessage(subject=subject, body="Tekst", to=["anna@example.org"])],
            topic="test.job.mail",
            reference=1,
        )
    return row


def _status(row: OutgoingMail) -> str:
    return OutgoingMail.objects.values_list("status", flat=True).get(pk=row.pk)


def test_without_a_broker_jobs_run_in_the_process(db, django_capture_on_commit_callbacks):
    assert not jobs.in_background()
    with django_capture_on_commit_callbacks(execute=True):
        row = _send()
    assert _status(row) == OutgoingMail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Bevestig uw aanmelding"]


def test_a_mail_is_sent_by_the_worker_not_the_request(start_worker):
    row = _send()
    # Nothing consumes the queue yet: the mail waits, in the outbox and in Redis.
    assert _status(row) == OutgoingMail.Status.PENDING
    assert mail.outbox == []
    with start_worker():
        start_worker.jobs.wait("send_mail")
    assert _status(row) == OutgoingMail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Bevestig uw aanmelding"]


def test_a_failing_mail_is_retried_logged_and_kept(start_worker, settings, monkeypatch, caplog):
    settings.EMAIL_BACKEND = FAILING
    monkeypatch.setattr(tasks, "MAIL_RETRY_FIRST_SECONDS", 0)  # the pauses, not the tries
    with caplog.at_level(logging.ERROR), start_worker():
        row = _send()
        start_worker.jobs.wait("send_mail", count=tasks.MAIL_RETRIES + 1)
    row.refresh_from_db()
    assert row.attempts == tasks.MAIL_RETRIES + 1
    assert "left to send_mail_outbox" in caplog.text
    assert row.status == OutgoingMail.Status.FAILED
    assert "mail server down" in row.last_error
    assert row.body == "Tekst"  # kept whole for send_mail_outbox
    assert f"mail #{row.pk} (test.job.mail 1, 1 recipient(s)) not sent" in caplog.text
    assert "anna@example.org" not in caplog.text


@pytest.fixture
def issued_edition(programme, period, published_card, foreword):
    return publications.edition_issue(
        programme=programme, period=period, actor=None, title="Overzicht", issued_on=ISSUED_ON
    )


@pytest.fixture
def office_client(client, office_user):
    client.force_login(office_user)
    return client


def test_an_issued_edition_gets_its_pdf_from_the_worker(
    start_worker, programme, period, published_card, foreword, client
):
    with start_worker():
        edition = publications.edition_issue(
            programme=programme, period=period, actor=None, title="Overzicht", issued_on=ISSUED_ON
        )
        start_worker.jobs.wait("edition_render_pdf")
    edition.refresh_from_db()
    assert edition.pdf
    url = reverse("publications:edition_pdf", args=[period.label, edition.version])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_missing_pdf_waits_for_the_worker(start_worker, issued_edition, client):
    # Issued while no worker ran: the job waits in the queue; the page says so and reloads.
    type(issued_edition).objects.filter(pk=issued_edition.pk).update(pdf="")
    url = reverse(
        "publications:edition_pdf", args=[issued_edition.period.label, issued_edition.version]
    )
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert waiting["Refresh"] == "3"
    assert "wordt gemaakt" in waiting.content.decode()
    with start_worker():
        start_worker.jobs.wait("edition_render_pdf")
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_monitor_report_is_rendered_once_per_data_version(
    start_worker, monitor_demo, client, django_assert_max_num_queries
):
    url = reverse("monitor:report_pdf")
    assert client.get(url).status_code == 202
    with start_worker():
        start_worker.jobs.wait("monitor_report_render")
    response = client.get(url)
    assert response.status_code == 200
    first = response.content
    assert first.startswith(b"%PDF")
    # Again: straight from the cache, without computing the report (no monitor queries).
    with django_assert_max_num_queries(2):
        again = client.get(url)
    assert (again.status_code, again.content) == (200, first)
    # A change to the monitor's data: the cached report is stale, a new one is made.
    indicator = Indicator.objects.first()
    with transaction.atomic():
        monitor_services.indicator_upsert(
            actor=None,
            slug=indicator.slug,
            name=indicator.name + " (herzien)",
            theme=indicator.theme,
            unit=indicator.unit,
            source_name=indicator.source_name,
        )
    assert client.get(url).status_code == 202


def test_the_periodic_jobs_are_commands_that_exist():
    commands = get_commands()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] == "economie071.core.tasks.run_command"
        name = entry["args"][0]
        assert name in tasks.COMMANDS
        assert name in commands, name
    scheduled = {entry["args"][0] for entry in app.conf.beat_schedule.values()}
    assert {
        "send_mail_outbox",
        "events_expire_registrations",
        "skills_purge_withdrawn",
        "skills_prune_journal",
    } <= scheduled


def test_a_periodic_job_runs_in_the_worker(start_worker, settings):
    settings.EMAIL_BACKEND = FAILING
    row = _send()  # queued, but the worker is not there: sent by the outbox run below
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _status(row) == OutgoingMail.Status.PENDING
    with start_worker():
        jobs.enqueue(tasks.run_command, "send_mail_outbox", "--verbosity=0")
        start_worker.jobs.wait("run_command")
    assert _status(row) == OutgoingMail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Bevestig uw aanmelding"]


def test_only_known_commands_run_as_jobs(db):
    with pytest.raises(ValueError, match="not a command that runs as a job"):
        tasks.run_command("flush")


# --- CBS figures fetched from the web -------------------------------------------------------------


@pytest.fixture
def cbs_mirror(settings, cbs_server):
    settings.CBS_BASE_URL = cbs_server.url
    return cbs_server


def test_the_office_fetches_cbs_figures_from_the_import_page(
    client, office_user, cbs_mirror, mappings
):
    client.force_login(office_user)
    page = client.get(reverse("monitor:import")).content.decode()
    assert reverse("monitor:cbs_import_start") in page
    response = client.post(reverse("monitor:cbs_import_start"), follow=True)
    assert "De CBS-cijfers zijn ingelezen" in response.content.decode()
    observation = Observation.objects.get(
        indicator__slug="inwoners", municipality__slug="leiden", year=2019
    )
    assert observation.imported_by == office_user


def test_unreachable_cbs_says_so_and_imports_nothing(
    client, office_user, settings, unreachable_url, mappings
):
    settings.CBS_BASE_URL = unreachable_url
    client.force_login(office_user)
    response = client.post(reverse("monitor:cbs_import_start"), follow=True)
    page = response.content.decode()
    assert "De CBS-import is mislukt; er is niets ingelezen." in page
    assert "cannot be reached" in page  # the reason, naming the address
    assert not Observation.objects.exists()


def test_only_the_office_starts_a_cbs_import(client, plain_user, mappings):
    client.force_login(plain_user)
    assert client.post(reverse("monitor:cbs_import_start")).status_code == 403
    assert client.get(reverse("monitor:cbs_import_start")).status_code in (403, 405)


def test_a_cbs_import_from_the_web_runs_in_the_worker(
    start_worker, client, office_user, cbs_mirror, mappings
):
    client.force_login(office_user)
    response = client.post(reverse("monitor:cbs_import_start"), follow=True)
    assert "op de achtergrond gestart" in response.content.decode()
    assert not Observation.objects.exists()  # not in the request
    with start_worker():
        start_worker.jobs.wait("run_command")
    assert Observation.objects.filter(indicator__slug="inwoners").count() == 11


# --- The ESCO import started from the taxonomy page -----------------------------------------------


def test_the_office_imports_esco_from_the_taxonomy_page(client, office_user, settings, tmp_path):
    import shutil

    from economie071.skills.models import Skill
    from tests.skills.test_esco_import import FIXTURES

    settings.ESCO_IMPORT_DIR = str(shutil.copytree(FIXTURES, tmp_path / "esco"))
    client.force_login(office_user)
    page = client.get(reverse("skills:taxonomy")).content.decode()
    assert reverse("skills:esco_import_start") in page
    response = client.post(reverse("skills:esco_import_start"), follow=True)
    assert "De ESCO-classificatie is ingelezen." in response.content.decode()
    assert Skill.objects.count() == 6


def test_a_failed_esco_import_says_why(client, office_user, settings, tmp_path):
    settings.ESCO_IMPORT_DIR = str(tmp_path / "niet-hier")
    client.force_login(office_user)
    response = client.post(reverse("skills:esco_import_start"), follow=True)
    assert "De ESCO-import is mislukt; er is niets veranderd." in response.content.decode()


def test_only_the_office_imports_esco(client, plain_user, settings, tmp_path):
    settings.ESCO_IMPORT_DIR = str(tmp_path)
    client.force_login(plain_user)
    assert (
        reverse("skills:esco_import_start")
        not in client.get(reverse("skills:taxonomy")).content.decode()
    )
    assert client.post(reverse("skills:esco_import_start")).status_code == 403
