"""Making a login of one's own, through the real pages."""

import pytest
from django.contrib.auth import get_user_model

from economie071.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Fatima el Amrani",
    "email": "fatima@example.org",
    "username": "fatima",
    "password1": "Lange-zin-met-71-woorden",
    "password2": "Lange-zin-met-71-woorden",
}


def test_a_visitor_makes_an_account_is_signed_in_and_goes_on_to_next(client, programme):
    response = client.post("/account-aanmaken/", {**GOOD, "next": "/forum/vraag-stellen/"})

    assert response.status_code == 302
    assert response["Location"] == "/forum/vraag-stellen/"
    user = get_user_model().objects.get(username="fatima")
    assert user.email == "fatima@example.org"
    assert user.first_name == "Fatima el Amrani"
    assert not user.groups.exists() and not user.is_staff
    assert client.get("/dashboard/").wsgi_request.user == user
    assert AuditEntry.objects.filter(action="programme.account.created", actor=user).exists()


def test_a_next_page_on_another_site_is_ignored(client, programme):
    response = client.post("/account-aanmaken/", {**GOOD, "next": "https://evil.example/"})

    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "iets-anders-71"}, "password2", "twee wachtwoordvelden"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "wachtwoord"),
        ({"email": "geen-adres"}, "email", "e-mailadres"),
        ({"name": ""}, "name", "vereist"),
    ],
)
def test_bad_input_names_the_field_and_makes_nothing(client, programme, change, field, message):
    response = client.post("/account-aanmaken/", {**GOOD, **change})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field]).lower()
    assert not get_user_model().objects.filter(username="fatima").exists()


def test_a_taken_username_or_email_is_refused(client, programme, plain_user):
    plain_user.email = "bezet@example.org"
    plain_user.save()

    by_name = client.post("/account-aanmaken/", {**GOOD, "username": plain_user.username})
    by_email = client.post("/account-aanmaken/", {**GOOD, "email": "BEZET@example.org"})

    assert "username" in by_name.context["form"].errors
    assert "email" in by_email.context["form"].errors
    assert get_user_model().objects.count() == 1


def test_the_sign_in_page_links_to_the_sign_up_page_keeping_next(client, programme):
    page = client.get("/inloggen/?next=/forum/vraag-stellen/").content.decode()

    assert 'href="/account-aanmaken/?next=/forum/vraag-stellen/"' in page


def test_the_sign_up_page_is_in_dutch(client, programme):
    page = client.get("/account-aanmaken/").content.decode()

    assert "<h1>Account aanmaken</h1>" in page
    assert "Met een account kunt u vragen stellen" in page
