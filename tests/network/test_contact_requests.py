"""An organisation reads the messages it received through the directory, with what each is
about, and marks them handled; nobody outside the organisation reads them."""

import pytest
from django.test import Client

from economie071.audit.models import AuditEntry
from economie071.network import services
from economie071.network.exceptions import NetworkError, NotAllowed
from economie071.network.models import ContactRequest
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

INBOX = "/netwerk/organisaties/waterschap-test/berichten/"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def member(water_board):
    """Works at the water board (not an editor of its profile)."""
    user = UserFactory(username="medewerker", first_name="Mila", last_name="Medewerker")
    PersonFactory(name="Mila Medewerker", organisation=water_board, user=user)
    return user


@pytest.fixture
def outsider(school):
    user = UserFactory(username="buitenstaander")
    PersonFactory(name="Bram Buiten", organisation=school, user=user)
    return user


def _send(profile, message="Kunnen we samenwerken?", **about):
    return services.contact_request_send(
        profile=profile, name="Bea Bezoeker", email="bea@example.org", message=message, **about
    )


def test_a_visitor_says_what_the_message_is_about(client, profile, challenge, programme):
    services.challenge_publish(challenge=challenge, actor=None, published=True)
    offer = profile.exchanges.get(text="Actief kool")
    page = client.get(f"/netwerk/organisaties/waterschap-test/?over=aanbod-{offer.pk}")
    html = page.content.decode()
    assert f'<option value="aanbod-{offer.pk}" selected>' in html
    assert f'value="uitdaging-{challenge.pk}"' in html
    assert "VERBORGENVRAAG" not in html  # the profile hides its needs: not a subject either

    response = client.post(
        "/netwerk/organisaties/waterschap-test/",
        {
            "name": "Bea",
            "email": "bea@example.org",
            "about": f"uitdaging-{challenge.pk}",
            "message": "Wij hebben studenten.",
        },
    )
    assert response.status_code == 302
    request = ContactRequest.objects.get()
    assert request.challenge == challenge
    assert request.about == "Uitdaging: Actief kool tegen medicijnresten"


def test_a_hidden_need_is_refused_as_a_subject(profile):
    hidden = profile.exchanges.get(text="VERBORGENVRAAG")
    with pytest.raises(NetworkError):
        _send(profile, exchange=hidden)
    assert not ContactRequest.objects.exists()


def test_a_member_reads_and_handles_the_messages(profile, member, editor_user):
    offer = profile.exchanges.get(text="Actief kool")
    older = _send(profile, "Eerste bericht")
    newer = _send(profile, "Over uw actief kool", exchange=offer)

    for user in (member, editor_user):
        html = client_for(user).get(INBOX).content.decode()
        assert "Bea Bezoeker" in html and "bea@example.org" in html
        assert "Over uw actief kool" in html and "Eerste bericht" in html
        assert newer.about.startswith("Aanbod: ") and newer.about in html
        assert html.index("Over uw actief kool") < html.index("Eerste bericht")  # newest first

    response = client_for(member).post(f"{INBOX}{older.pk}/afgehandeld/", {"handled": "1"})
    assert response.status_code == 302
    older.refresh_from_db()
    assert older.handled_at is not None and older.handled_by == member
    assert AuditEntry.objects.filter(action="network.contact_request.handled").count() == 1
    html = client_for(member).get(INBOX).content.decode()
    assert html.index("Over uw actief kool") < html.index("Eerste bericht")  # open first
    assert "Mila Medewerker" in html

    client_for(member).post(f"{INBOX}{older.pk}/afgehandeld/", {"handled": "0"})
    older.refresh_from_db()
    assert older.handled_at is None
    newer.refresh_from_db()
    assert newer.handled_at is None


def test_the_organisation_page_and_the_start_page_link_to_the_messages(profile, member, client):
    assert INBOX not in client.get("/netwerk/organisaties/waterschap-test/").content.decode()
    page = client_for(member).get("/netwerk/organisaties/waterschap-test/").content.decode()
    assert INBOX in page
    start = client_for(member).get("/start/").content.decode()
    assert INBOX not in start  # nothing received yet: no work waiting
    _send(profile)
    start = client_for(member).get("/start/").content.decode()
    assert INBOX in start and "1 open bericht" in start


@pytest.mark.parametrize("who", ["anonymous", "other organisation", "office", "plain"])
def test_nobody_outside_the_organisation_sees_or_handles_them(
    who, profile, outsider, office_user, plain_user
):
    request = _send(profile, "Vertrouwelijk bericht")
    user = {
        "anonymous": None,
        "other organisation": outsider,
        "office": office_user,
        "plain": plain_user,
    }[who]
    client = client_for(user)
    page = client.get(INBOX)
    handle = client.post(f"{INBOX}{request.pk}/afgehandeld/", {"handled": "1"})
    if user is None:
        assert page.status_code == 302 and page["Location"].startswith("/inloggen/")
        assert handle.status_code == 302 and handle["Location"].startswith("/inloggen/")
    else:
        assert page.status_code == 403
        assert handle.status_code == 403
        assert "Vertrouwelijk bericht" not in page.content.decode()
        with pytest.raises(NotAllowed):
            services.contact_request_set_handled(request=request, actor=user)
    request.refresh_from_db()
    assert request.handled_at is None


def test_a_member_of_another_organisation_cannot_reach_a_message_through_their_own_page(
    profile, school_profile, outsider
):
    request = _send(profile)
    response = client_for(outsider).post(
        f"/netwerk/organisaties/testhogeschool/berichten/{request.pk}/afgehandeld/",
        {"handled": "1"},
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.handled_at is None


def test_the_forwarded_mail_names_the_subject_and_links_to_the_list(
    profile, mailoutbox, django_capture_on_commit_callbacks
):
    offer = profile.exchanges.get(text="Actief kool")
    with django_capture_on_commit_callbacks(execute=True):
        _send(profile, exchange=offer)
    body = mailoutbox[0].body
    assert "Over: Aanbod: " in body and "– Actief kool" in body
    assert INBOX in body


def test_the_inbox_of_an_unknown_organisation_is_not_found(member):
    assert (
        client_for(member).get("/netwerk/organisaties/bestaat-niet/berichten/").status_code == 404
    )
    OrganisationFactory(name="Zonder profiel", slug="zonder-profiel")
    assert (
        client_for(member).get("/netwerk/organisaties/zonder-profiel/berichten/").status_code == 404
    )
