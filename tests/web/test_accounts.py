"""One's own account through the real pages: changing the password (the current one asked
for, with a limit on wrong tries) and deleting the account, with what happens to the
skills passport, event registrations, forum posts, card revisions and the audit log."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.events import services as events
from economie071.events.constants import RegistrationStatus
from economie071.events.models import Registration
from economie071.forum import services as forum
from economie071.forum.models import Question
from economie071.skills.models import Passport
from economie071.skills.services import passport_create
from tests.events.conftest import make_event
from tests.factories import TEST_PASSWORD, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Een-nieuwe-zin-van-71-woorden"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_changing_the_password_asks_for_the_current_one(plain_user):
    client = signed_in(plain_user)
    page = client.get("/account/wachtwoord/")
    assert page.status_code == 200 and "Huidig wachtwoord" in page.text
    wrong = client.post(
        "/account/wachtwoord/",
        {"old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and "Dit is niet uw huidige wachtwoord." in wrong.text
    weak = client.post(
        "/account/wachtwoord/",
        {"old_password": TEST_PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 400
    plain_user.refresh_from_db()
    assert plain_user.check_password(TEST_PASSWORD)
    done = client.post(
        "/account/wachtwoord/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.check_password(NEW_PASSWORD)
    assert client.get("/account/wachtwoord/").status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="web.account.password_changed").count() == 1


def test_wrong_passwords_are_limited_per_account(plain_user, settings):
    settings.THROTTLE_LIMITS = {
        **settings.THROTTLE_LIMITS,
        "accounts.password_check.user": (2, 3600),
    }
    client = signed_in(plain_user)
    for _attempt in range(2):
        client.post("/account/verwijderen/", {"password": "fout"})
    refused = client.post("/account/verwijderen/", {"password": TEST_PASSWORD})
    assert refused.status_code == 400 and "Te vaak een verkeerd wachtwoord" in refused.text
    assert get_user_model().objects.filter(pk=plain_user.pk).exists()


def test_the_page_says_what_deleting_does_before_asking(plain_user):
    page = signed_in(plain_user).get("/account/verwijderen/")
    assert page.status_code == 200
    for text in ("skillspaspoort", "wachtlijst", "forum", "Projectkaarten", "logboek"):
        assert text in page.text
    assert Client().get("/account/verwijderen/").status_code == 302  # sign in first


def test_deleting_the_account(programme, office_user, card):
    person = UserFactory(username="fatima", email="fatima@example.org")
    passport = passport_create(user=person, actor=person, consent=True)
    coming = make_event(programme, slug="komend", capacity=1)
    past = make_event(
        programme,
        slug="geweest",
        starts_at=timezone.now() + datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    mine = events.registration_create(
        event=coming, name="Fatima", email="fatima@example.org", user=person
    )
    waiting = events.registration_create(event=coming, name="Piet", email="piet@example.org")
    assert waiting.status == RegistrationStatus.WAITLISTED
    attended = events.registration_create(
        event=past, name="Fatima", email="fatima@example.org", user=person
    )
    Registration.objects.filter(pk=attended.pk).update(status=RegistrationStatus.CHECKED_IN)
    Registration.objects.filter(event=past).update()
    past.starts_at = timezone.now() - datetime.timedelta(days=3)
    past.ends_at = timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=2)
    past.save(update_fields=["starts_at", "ends_at"])
    topic = forum.topic_create(
        programme=programme,
        actor=None,
        name="Circulair",
        slug="circulair",
        theme=ThemeFactory(programme=programme),
    )
    question = forum.question_ask(topic=topic, actor=person, title="Wie weet?", body="Een vraag.")

    client = signed_in(person)
    wrong = client.post("/account/verwijderen/", {"password": "fout"})
    assert wrong.status_code == 400 and "Dit is niet uw huidige wachtwoord." in wrong.text
    assert get_user_model().objects.filter(pk=person.pk).exists()

    gone = client.post("/account/verwijderen/", {"password": TEST_PASSWORD})
    assert gone.status_code == 200 and "Uw account is verwijderd" in gone.text
    assert not get_user_model().objects.filter(username="fatima").exists()
    assert client.get("/account/wachtwoord/").status_code == 302  # signed out
    # The passport is erased as its own erasure does.
    assert not Passport.objects.filter(pk=passport.pk).exists()
    assert AuditEntry.objects.filter(action="skills.passport.erased").exists()
    # The coming event: cancelled, the place went to the waiting list; both anonymised.
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    attended.refresh_from_db()
    assert attended.status == RegistrationStatus.CHECKED_IN  # the figures stay right
    for registration in (mine, attended):
        assert registration.user_id is None
        assert "fatima" not in registration.email.lower()
        assert registration.name != "Fatima"
    # The forum question stays, without its author.
    question.refresh_from_db()
    assert Question.objects.filter(pk=question.pk).exists() and question.author_id is None
    # The audit log keeps what was done, without the account.
    assert AuditEntry.objects.filter(action="web.account.deleted").exists()
    assert not AuditEntry.objects.filter(actor_id=person.pk).exists()


def test_the_last_programme_office_account_cannot_be_deleted(office_user):
    client = signed_in(office_user)
    refused = client.post("/account/verwijderen/", {"password": TEST_PASSWORD})
    assert refused.status_code == 400 and "enige account van het programmabureau" in refused.text
    assert get_user_model().objects.filter(pk=office_user.pk).exists()
    UserFactory(programme_office=True)
    assert client.post("/account/verwijderen/", {"password": TEST_PASSWORD}).status_code == 200
    assert not get_user_model().objects.filter(pk=office_user.pk).exists()
