"""Invitations through the office's page and the link in the mail: invite with a role, the
list of open invitations, sending again (a new link, the old one stops working),
withdrawing, an expired or used link, and the audit entries of every step."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.events.constants import EVENT_ORGANISER_GROUP
from economie071.programme.models import Invitation, Person

pytestmark = pytest.mark.django_db

SITE = "https://economie071.example.org"
PASSWORD = "Een-lange-zin-met-71-woorden"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def office(office_user):
    client = Client()
    client.force_login(office_user)
    return client


@pytest.fixture
def invite(office, django_capture_on_commit_callbacks):
    def post(email="piet@example.org", name="Piet Jansen", role="event_organiser"):
        with django_capture_on_commit_callbacks(execute=True):
            return office.post("/uitnodigingen/", {"name": name, "email": email, "role": role})

    return post


def link_in(message) -> str:
    return re.search(rf"{re.escape(SITE)}(/uitnodiging/\S+/)", message.body).group(1)


def accept(link: str, username="piet") -> Client:
    client = Client()
    response = client.post(
        link, {"username": username, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    client.response = response
    return client


def test_only_the_office_sees_the_page(plain_user, steering_user):
    assert Client().get("/uitnodigingen/").status_code == 302
    for user in (plain_user, steering_user):
        client = Client()
        client.force_login(user)
        assert client.get("/uitnodigingen/").status_code == 403
        assert (
            client.post("/uitnodigingen/", {"name": "X", "email": "x@example.org"}).status_code
            == 403
        )


def test_invite_accept_and_the_role_is_given(invite, office, programme):
    page = office.get("/uitnodigingen/")
    assert page.status_code == 200 and "Organisator van evenementen" in page.text
    assert invite().status_code == 302
    (message,) = mail.outbox
    assert message.to == ["piet@example.org"]
    assert "Organisator van evenementen" in message.body and "werkt één keer" in message.body
    listed = office.get("/uitnodigingen/")
    assert "piet@example.org" in listed.text and "Opnieuw versturen" in listed.text

    link = link_in(message)
    form = Client().get(link)
    assert form.status_code == 200 and "Piet Jansen" in form.text
    client = accept(link)
    assert client.response.status_code == 302
    user = get_user_model().objects.get(username="piet")
    assert list(user.groups.values_list("name", flat=True)) == [EVENT_ORGANISER_GROUP]
    assert not user.is_staff
    assert Person.objects.get(user=user).name == "Piet Jansen"
    assert client.get("/dashboard/").status_code == 200  # signed in
    used = Client().get(link)
    assert used.status_code == 410 and "al geaccepteerd" in used.text
    assert list(
        AuditEntry.objects.filter(action__startswith="programme.invitation")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["programme.invitation.created", "programme.invitation.accepted"]


def test_refusals_name_the_field_and_write_nothing(invite, plain_user):
    taken = invite(email=plain_user.email)
    assert taken.status_code == 400 and "Er is al een account met het adres" in taken.text
    assert invite().status_code == 302
    twice = invite()
    assert twice.status_code == 400 and "heeft al een openstaande uitnodiging" in twice.text
    assert invite(email="x@example.org", role="koning").status_code == 400
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_sending_again_makes_a_new_link_and_withdrawing_stops_it(
    invite, office, django_capture_on_commit_callbacks
):
    invite()
    invitation = Invitation.objects.get()
    old_link = link_in(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert office.post(f"/uitnodigingen/{invitation.pk}/opnieuw-versturen/").status_code == 302
    assert len(mail.outbox) == 2
    new_link = link_in(mail.outbox[1])
    assert new_link != old_link
    stale = Client().get(old_link)
    assert stale.status_code == 410 and "nieuwste e-mail" in stale.text
    assert Client().get(new_link).status_code == 200

    assert office.post(f"/uitnodigingen/{invitation.pk}/intrekken/").status_code == 302
    withdrawn = Client().get(new_link)
    assert withdrawn.status_code == 410 and "ingetrokken" in withdrawn.text
    assert accept(new_link).response.status_code == 410
    assert not get_user_model().objects.filter(username="piet").exists()
    # Withdrawn: it can no longer be sent again.
    office.post(f"/uitnodigingen/{invitation.pk}/opnieuw-versturen/")
    assert len(mail.outbox) == 2
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"programme.invitation.resent", "programme.invitation.withdrawn"} <= actions


def test_an_expired_link_says_so_and_can_be_sent_again(invite, office, settings):
    settings.INVITATION_LINK_DAYS = 3
    invite()
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=3)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    link = link_in(mail.outbox[0])
    expired = Client().get(link)
    assert expired.status_code == 410 and "is verlopen op" in expired.text
    assert accept(link).response.status_code == 410
    assert "verlopen" in office.get("/uitnodigingen/").text
