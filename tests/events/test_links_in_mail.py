"""Every link in a mail from the programme is built from SITE_URL: a request with a forged
Host header (accepted by a lenient ALLOWED_HOSTS or a proxy that passes any host on) cannot
send people a cancel link or calendar link to another site."""

import re

import pytest
from django.core import mail
from django.test import Client

from economie071.events.models import Registration
from tests.events.conftest import at, register

SITE = "https://economie071.example.org"
FORGED = "evil.example"


@pytest.fixture(autouse=True)
def lenient_hosts(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["economie071.example.org", FORGED]


def forged_client(user=None) -> Client:
    client = Client(HTTP_HOST=FORGED)
    if user is not None:
        client.force_login(user)
    return client


def assert_links_are_ours(messages) -> None:
    assert messages, "no mail was sent"
    for message in messages:
        parts = [message.body, *(str(content) for _n, content, _t in message.attachments)]
        for part in parts:
            assert FORGED not in part
            for url in re.findall(r"https?://[^\s\"<>]+", part):
                assert url.startswith(SITE + "/"), url


def test_registering_through_a_forged_host(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = forged_client().post(
            f"/evenementen/{event.slug}/aanmelden/",
            {"name": "Anna de Vries", "email": "anna@example.org"},
        )
    assert response.status_code == 302
    assert_links_are_ours(mail.outbox)


def test_cancelling_through_a_forged_host_mails_the_next_one_our_links(
    event, django_capture_on_commit_callbacks
):
    first, _second, _waiting = register(event, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forged_client().post(f"/evenementen/afmelden/{first.cancel_token}/")
    assert Registration.objects.get(pk=first.pk).status == "cancelled"
    assert_links_are_ours(mail.outbox)  # the promoted one's mail


def test_an_organiser_changing_the_date_through_a_forged_host(
    event, organiser_user, django_capture_on_commit_callbacks
):
    register(event, 2)
    mail.outbox.clear()
    client = forged_client(organiser_user)
    form = client.get(f"/evenementen/{event.slug}/bewerken/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        starts_at=at(12, 13).strftime("%Y-%m-%dT%H:%M"),
        ends_at=at(12, 17).strftime("%Y-%m-%dT%H:%M"),
        managers=[u.pk for u in form.initial.get("managers") or []],
        projects=[p.pk for p in form.initial.get("projects") or []],
        pillars=[p.pk for p in form.initial.get("pillars") or []],
        organisation=getattr(form.initial.get("organisation"), "pk", ""),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/evenementen/{event.slug}/bewerken/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert_links_are_ours(mail.outbox)


def test_an_organiser_cancelling_the_event_through_a_forged_host(
    event, organiser_user, django_capture_on_commit_callbacks
):
    register(event, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forged_client(organiser_user).post(
            f"/evenementen/{event.slug}/annuleren/", {"reason": "Zaal niet beschikbaar"}
        )
    assert_links_are_ours(mail.outbox)


def test_the_calendar_files_name_our_site_too(event):
    for path in (f"/evenementen/{event.slug}/agenda.ics", "/evenementen/agenda.ics"):
        body = forged_client().get(path).content.decode()
        assert FORGED not in body
        assert f"{SITE}/evenementen/{event.slug}/" in body
