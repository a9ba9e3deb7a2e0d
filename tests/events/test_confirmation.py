"""Registering without an account is confirmed by e-mail before it counts (double opt-in):
a pending registration holds a place for a short while, the mailed link makes it a place or
a place on the waiting list, an unconfirmed one lapses and frees its place; registrations
are limited per e-mail address and per client address. Through the real services, pages,
database and mail outbox."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from economie071.audit.models import AuditEntry
from economie071.events import selectors, services
from economie071.events.exceptions import (
    EventCancelled,
    RegistrationNotFound,
    RegistrationThrottled,
)
from economie071.events.models import Registration
from economie071.programme.services import account_email_confirmed
from tests.events.conftest import make_event, register
from tests.factories import UserFactory

HOLD = datetime.timedelta(minutes=30)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a service call; its mails go out as after a real commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def ask(send, event, n=1, *, start=1, **kwargs):
    """n pending registrations for persoonN@example.org, as a visitor without login."""
    return [
        send(
            services.registration_request,
            event=event,
            name=f"Persoon {i}",
            email=f"persoon{i}@example.org",
            **kwargs,
        ).registration
        for i in range(start, start + n)
    ]


def confirm(send, registration, **kwargs):
    return send(services.registration_confirm, token=registration.confirm_token, **kwargs)


def test_a_registration_holds_a_place_until_it_is_confirmed(event, send):
    (pending,) = ask(send, event)

    assert (pending.status, pending.holds_place) == ("pending", True)
    assert selectors.places_left(event=event) == 1  # two places, one held
    assert selectors.attendance(event=event).registered == 0
    (message,) = mail.outbox
    assert message.to == ["persoon1@example.org"]
    assert message.subject == "Bevestig uw aanmelding: Startersdag Leidse regio"
    assert f"/evenementen/bevestigen/{pending.confirm_token}/" in message.body
    assert f"/evenementen/afmelden/{pending.cancel_token}/" in message.body  # "not me"
    assert "houden we een plaats voor u vast" in message.body
    assert message.attachments == []
    assert selectors.event_registrations(event=event) == []  # organisers see confirmed ones only

    confirmed = confirm(send, pending)

    assert (confirmed.status, confirmed.holds_place, confirmed.expires_at) == (
        "confirmed",
        False,
        None,
    )
    assert confirmed.confirmed_at is not None
    assert selectors.places_left(event=event) == 1
    assert mail.outbox[1].subject == "Aanmelding bevestigd: Startersdag Leidse regio"
    assert mail.outbox[1].attachments[0][0] == "startersdag-2030.ics"
    assert list(
        AuditEntry.objects.filter(action__startswith="events.registration.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["events.registration.requested", "events.registration.confirmed"]


def test_confirming_twice_changes_nothing(event, send):
    (pending,) = ask(send, event)
    confirm(send, pending)
    again = confirm(send, pending)
    assert again.status == "confirmed"
    assert len(mail.outbox) == 2


def test_a_held_place_is_kept_for_the_one_who_asked_first(programme, send):
    event = make_event(programme, slug="een-plaats", capacity=1)
    first, second = ask(send, event, 2)
    assert (first.holds_place, second.holds_place) == (True, False)

    assert confirm(send, second).status == "waitlisted"  # the place is held for the first
    assert confirm(send, first).status == "confirmed"
    second.refresh_from_db()
    assert second.waitlist_position == 1


def test_an_unconfirmed_registration_lapses_and_its_place_goes_to_the_waiting_list(programme, send):
    event = make_event(programme, slug="vervalt", capacity=1)
    (pending,) = ask(send, event)
    waiting = services.registration_create(event=event, name="Wachter", email="wachter@example.org")
    assert waiting.status == "waitlisted"
    mail.outbox.clear()

    later = pending.expires_at + datetime.timedelta(seconds=1)
    assert send(services.registrations_expire, now=later) == 1

    assert not Registration.objects.filter(pk=pending.pk).exists()  # nothing kept of it
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    (message,) = mail.outbox
    assert message.to == ["wachter@example.org"]
    assert AuditEntry.objects.filter(action="events.registration.expired").count() == 1
    with pytest.raises(RegistrationNotFound, match="niet op tijd is bevestigd"):
        confirm(send, pending, now=later)


def test_a_lapsed_hold_no_longer_counts_even_before_it_is_cleared(event, send):
    (pending,) = ask(send, event)
    Registration.objects.filter(pk=pending.pk).update(expires_at=pending.created_at)
    assert selectors.places_left(event=event) == 2
    with pytest.raises(RegistrationNotFound):
        confirm(send, pending)
    assert not Registration.objects.filter(pk=pending.pk).exists()


def test_the_command_clears_lapsed_registrations(event, send):
    (pending,) = ask(send, event)
    Registration.objects.filter(pk=pending.pk).update(expires_at=pending.created_at)
    call_command("events_expire_registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Registration.objects.filter(pk=pending.pk).exists()


def test_not_me_releases_the_registration_at_once(programme, send):
    event = make_event(programme, slug="niet-ik", capacity=1)
    (pending,) = ask(send, event)
    waiting = services.registration_create(event=event, name="W", email="w@example.org")
    response = Client().post(f"/evenementen/afmelden/{pending.cancel_token}/")
    assert response.status_code == 200
    assert not Registration.objects.filter(pk=pending.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_a_lower_capacity_never_overbooks_a_held_place(programme, send):
    event = make_event(programme, slug="kleiner", capacity=2)
    seated = services.registration_create(event=event, name="A", email="a@example.org")
    (pending,) = ask(send, event)
    services.event_update(event=event, actor=None, capacity=1)
    assert confirm(send, pending).status == "waitlisted"
    assert seated.status == "confirmed"


def test_the_event_cancelled_meanwhile(event, send):
    (pending,) = ask(send, event)
    services.event_cancel(event=event, actor=None, reason="Zaal onbeschikbaar")
    with pytest.raises(EventCancelled):
        confirm(send, pending)
    assert len(mail.outbox) == 1  # nobody unconfirmed is mailed about the cancellation


def test_an_address_registered_already_is_mailed_where_it_stands(event, send):
    register(event, 3)  # two places, one waiting
    mail.outbox.clear()
    outcome = send(
        services.registration_request, event=event, name="X", email="PERSOON3@example.org"
    )
    assert outcome.needs_confirmation and outcome.registration is None
    (message,) = mail.outbox
    assert message.subject == "U bent al aangemeld: Startersdag Leidse regio"
    assert "U staat op de wachtlijst, op positie 1." in message.body
    assert Registration.objects.count() == 3


def test_a_pending_address_asked_again_gets_its_link_again(event, send):
    (pending,) = ask(send, event)
    send(services.registration_request, event=event, name="X", email="persoon1@example.org")
    first, second = mail.outbox
    assert first.body == second.body
    assert Registration.objects.count() == 1


def test_signed_in_with_a_confirmed_address_registers_at_once(event, send):
    user = UserFactory(username="anna", email="anna@example.org")
    account_email_confirmed(user=user)
    outcome = send(
        services.registration_request, event=event, name="Anna", email="Anna@Example.org", user=user
    )
    assert not outcome.needs_confirmation
    assert outcome.registration.status == "confirmed"
    assert outcome.registration.user == user
    assert mail.outbox[0].subject == "Aanmelding bevestigd: Startersdag Leidse regio"


@pytest.mark.parametrize("case", ["unconfirmed account", "someone else's address"])
def test_other_signed_in_registrations_are_confirmed_by_mail(event, send, case):
    user = UserFactory(username="bob", email="bob@example.org")
    if case == "someone else's address":
        account_email_confirmed(user=user)
        email = "collega@example.org"
    else:
        email = "bob@example.org"
    outcome = send(services.registration_request, event=event, name="B", email=email, user=user)
    assert outcome.needs_confirmation
    assert Registration.objects.get().status == "pending"


def test_registrations_are_limited_per_e_mail_address(event, send, settings):
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "events.registration.email": (2, 3600)}
    other = make_event(event.programme, slug="ander-evenement", capacity=None)
    for target in (event, other):
        send(
            services.registration_request,
            event=target,
            name="A",
            email="a@example.org",
            client_address=f"203.0.113.{target.pk}",
        )
    with pytest.raises(RegistrationThrottled):
        send(
            services.registration_request,
            event=other,
            name="A",
            email="A@example.org",
            client_address="198.51.100.7",
        )
    assert len(mail.outbox) == 2


def test_fifteen_registrations_for_strangers_in_a_second(
    programme, django_capture_on_commit_callbacks
):
    """The abuse this is about: one client registers fifteen strangers' addresses. Each
    stranger gets at most one mail asking to confirm (not a confirmation), the client is
    stopped at the limit, and the held places are free again once the holds lapse."""
    event = make_event(programme, slug="spam", capacity=20)
    client = Client(REMOTE_ADDR="203.0.113.66")
    statuses = []
    for n in range(15):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/evenementen/{event.slug}/aanmelden/",
                {"name": f"Vreemde {n}", "email": f"vreemde{n}@example.org"},
            )
        statuses.append(response.status_code)
    assert statuses == [302] * 10 + [429] * 5
    assert len(mail.outbox) == 10
    assert all(m.subject.startswith("Bevestig uw aanmelding") for m in mail.outbox)
    assert {r.status for r in Registration.objects.all()} == {"pending"}
    assert selectors.places_left(event=event) == 10
    refused = Client(REMOTE_ADDR="203.0.113.66").post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "X", "email": "x@example.org"}
    )
    assert "Te veel aanmeldingen in korte tijd" in refused.content.decode()
    # someone else, elsewhere, can still register
    other = Client(REMOTE_ADDR="198.51.100.7").post(
        f"/evenementen/{event.slug}/aanmelden/", {"name": "Y", "email": "y@example.org"}
    )
    assert other.status_code == 302
    later = Registration.objects.order_by("-expires_at").first().expires_at + HOLD
    services.registrations_expire(now=later)
    assert Registration.objects.count() == 0
    assert selectors.places_left(event=event) == 20


def test_the_event_page_explains_confirmation_and_the_limits(event, client):
    page = re.sub(r"\s+", " ", client.get(f"/evenementen/{event.slug}/").content.decode())
    assert "krijgt u een e-mail met een link om te bevestigen" in page
    assert "30 minuten" in page
    assert "per e-mailadres en per verbinding" in page


def test_signed_in_with_a_confirmed_address_the_page_says_it_is_final_at_once(event):
    user = UserFactory(username="anna", email="anna@example.org", first_name="Anna")
    account_email_confirmed(user=user)
    client = Client()
    client.force_login(user)
    page = client.get(f"/evenementen/{event.slug}/").content.decode()
    assert "aanmelden met dat adres is meteen definitief" in page
    assert 'value="anna@example.org"' in page


def test_a_bad_confirmation_link(db, programme, client):
    response = client.get("/evenementen/bevestigen/verzonnen/")
    assert response.status_code == 404
    assert "Deze bevestigingslink is niet geldig" in response.content.decode()
