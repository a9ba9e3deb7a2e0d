"""Making a login of one's own, through the real pages and the real mail outbox.

The sign-up page answers the same whether or not an address has an account: a link to
confirm is mailed to a new address, the owner of a known address is told someone tried.
The account is made when the link is followed.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from economie071.audit.models import AuditEntry
from economie071.programme.models import SignupRequest, VerifiedEmail
from economie071.programme.selectors import email_is_verified

pytestmark = pytest.mark.django_db

SITE = "https://economie071.example.org"
NEW_PASSWORD = "Nieuwe-zin-met-71-woorden"

GOOD = {
    "name": "Fatima el Amrani",
    "email": "fatima@example.org",
    "username": "fatima",
    "password1": "Lange-zin-met-71-woorden",
    "password2": "Lange-zin-met-71-woorden",
}


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Post the sign-up form; the mails go out as after a real commit."""

    def post(client, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/account-aanmaken/", {**GOOD, **(data or {})}, **extra)

    return post


@pytest.fixture
def reset(django_capture_on_commit_callbacks):
    """Ask for a new password; the mail goes out as after a real commit."""

    def post(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/wachtwoord-vergeten/", {"email": email})

    return post


def link_in(message, path) -> str:
    match = re.search(re.escape(SITE) + r"(" + re.escape(path) + r"[^\s]*)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_visitor_confirms_the_address_and_then_has_an_account(client, programme, ask):
    response = ask(client, {"next": "/forum/vraag-stellen/"})

    assert response.status_code == 302
    assert response["Location"] == "/account-aanmaken/verstuurd/"
    assert not get_user_model().objects.filter(username="fatima").exists()  # not yet
    (message,) = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert message.subject == "Bevestig uw e-mailadres voor Economie071"
    link = link_in(message, "/account-aanmaken/bevestigen/")
    assert "fatima" not in str(SignupRequest.objects.values_list("token_hash", flat=True))

    page = client.get(link)  # a link checker opening it makes nothing
    assert page.status_code == 200
    assert "Maak mijn account" in page.content.decode()
    assert not get_user_model().objects.filter(username="fatima").exists()

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/forum/vraag-stellen/"
    user = get_user_model().objects.get(username="fatima")
    assert user.email == "fatima@example.org"
    assert user.first_name == "Fatima el Amrani"
    assert user.check_password(GOOD["password1"])
    assert not user.groups.exists() and not user.is_staff
    assert client.get("/dashboard/").wsgi_request.user == user
    assert email_is_verified(user=user, email="Fatima@example.org")
    assert AuditEntry.objects.filter(action="programme.account.created", actor=user).exists()
    assert not SignupRequest.objects.exists()
    assert client.post(link).status_code == 400  # used up


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_a_mail(
    programme, plain_user, ask
):
    plain_user.email = "bezet@example.org"
    plain_user.save()

    fresh = ask(Client(), {"email": "nieuw@example.org", "username": "nieuw"}, follow=True)
    taken = ask(Client(), {"email": "BEZET@example.org", "username": "anders"}, follow=True)

    def answer(response, address):
        page = response.content.decode().replace(address, "ADRES")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert taken.status_code == fresh.status_code == 200
    assert taken.redirect_chain == fresh.redirect_chain
    assert answer(taken, "BEZET@example.org") == answer(fresh, "nieuw@example.org")
    new, owner = mail.outbox
    assert owner.to == ["bezet@example.org"]
    assert "heeft geprobeerd een account te maken" in owner.body
    assert f"“{plain_user.username}”" in owner.body
    assert f"{SITE}/inloggen/" in owner.body and f"{SITE}/wachtwoord-vergeten/" in owner.body
    assert get_user_model().objects.count() == 1
    assert list(SignupRequest.objects.values_list("email", flat=True)) == ["nieuw@example.org"]


def test_a_next_page_on_another_site_is_ignored(client, programme, ask):
    ask(client, {"next": "https://evil.example/"})
    (message,) = mail.outbox
    response = client.post(link_in(message, "/account-aanmaken/bevestigen/"))
    assert response["Location"] == "/start/"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "iets-anders-71"}, "password2", "twee wachtwoordvelden"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "wachtwoord"),
        ({"email": "geen-adres"}, "email", "e-mailadres"),
        ({"name": ""}, "name", "vereist"),
    ],
)
def test_bad_input_names_the_field_and_makes_nothing(
    client, programme, change, field, message, ask
):
    response = ask(client, change)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field]).lower()
    assert not SignupRequest.objects.exists() and mail.outbox == []


def test_a_taken_username_is_refused(client, programme, plain_user, ask):
    response = ask(client, {"username": plain_user.username})

    assert "username" in response.context["form"].errors
    assert get_user_model().objects.count() == 1 and mail.outbox == []


def test_a_username_taken_before_the_link_is_followed(client, programme, ask):
    ask(client)
    get_user_model().objects.create_user(username="Fatima", email="ander@example.org")
    (message,) = mail.outbox

    response = client.post(link_in(message, "/account-aanmaken/bevestigen/"))

    assert response.status_code == 400
    assert "gebruikersnaam “fatima”" in response.content.decode()
    assert get_user_model().objects.count() == 1


def test_an_expired_link_makes_nothing(client, programme, ask):
    ask(client)
    SignupRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    link = link_in(mail.outbox[0], "/account-aanmaken/bevestigen/")

    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 400
    assert not get_user_model().objects.exists()


def test_sign_up_is_limited_per_client_address(programme, settings, ask):
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "accounts.signup.client": (2, 3600)}
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(2):
        assert ask(client, {"email": f"p{n}@example.org", "username": f"p{n}"}).status_code == 302
    refused = ask(client, {"email": "p9@example.org", "username": "p9"})
    assert refused.status_code == 429
    assert "Te veel pogingen" in refused.content.decode()
    assert len(mail.outbox) == 2 and SignupRequest.objects.count() == 2
    # someone else is not held up
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert ask(other, {"email": "q@example.org", "username": "q"}).status_code == 302


def test_sign_up_is_limited_per_e_mail_address(programme, settings, ask):
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "accounts.signup.email": (1, 3600)}
    assert ask(Client(REMOTE_ADDR="203.0.113.5")).status_code == 302
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), {"username": "f2"}).status_code == 429
    assert len(mail.outbox) == 1


def test_links_come_from_site_url_whatever_the_host_header(
    programme, plain_user, settings, ask, reset
):
    settings.ALLOWED_HOSTS = ["economie071.example.org", "evil.example"]
    client = Client(HTTP_HOST="evil.example")
    ask(client)
    ask(client, {"email": plain_user.email, "username": "iemand"})
    reset(client, plain_user.email)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "evil.example" not in message.body
        assert all(url.startswith(SITE + "/") for url in re.findall(r"https?://\S+", message.body))


def test_a_new_password_through_the_mailed_link(client, programme, plain_user, reset):
    response = reset(client, plain_user.email.upper())
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    (message,) = mail.outbox
    assert message.subject == "Een nieuw wachtwoord voor Economie071"
    link = link_in(message, "/wachtwoord-herstellen/")
    form_page = client.get(link, follow=True)
    assert "Nieuw wachtwoord opslaan" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == "/wachtwoord-herstellen/klaar/"
    plain_user.refresh_from_db()
    assert plain_user.check_password(NEW_PASSWORD)
    assert VerifiedEmail.objects.get(user=plain_user).email == plain_user.email


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, programme, reset):
    response = reset(client, "niemand@example.org")
    assert response["Location"] == "/wachtwoord-vergeten/verstuurd/"
    assert mail.outbox == []


def test_new_password_requests_are_limited(client, programme, plain_user, settings, reset):
    settings.THROTTLE_LIMITS = {
        **settings.THROTTLE_LIMITS,
        "accounts.password_reset.email": (1, 3600),
    }
    reset(client, plain_user.email)
    assert reset(client, plain_user.email).status_code == 429
    assert len(mail.outbox) == 1


def test_the_sign_in_page_links_to_the_sign_up_page_keeping_next(client, programme):
    page = client.get("/inloggen/?next=/forum/vraag-stellen/").content.decode()

    assert 'href="/account-aanmaken/?next=/forum/vraag-stellen/"' in page
    assert 'href="/wachtwoord-vergeten/"' in page


def test_the_sign_up_page_is_in_dutch(client, programme):
    page = client.get("/account-aanmaken/").content.decode()

    assert "<h1>Account aanmaken</h1>" in page
    assert "Met een account kunt u vragen stellen" in page
