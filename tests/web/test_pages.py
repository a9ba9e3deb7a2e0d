"""The site shell's pages: the home page, language, security headers, signing in, the 404."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, PillarFactory

pytestmark = pytest.mark.django_db


def test_home_lists_pillars_with_their_projects(client, programme, led_project):
    pillar = PillarFactory(programme=programme, slug="verleiden", name="verleiden", number=4)
    led_project.pillars.add(pillar)
    html = client.get(reverse("web:home")).content.decode()
    assert "verleiden" in html
    assert reverse("portfolio:project", args=[led_project.slug]) in html


def test_pages_are_dutch_by_default_and_english_on_request(client, programme):
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "nl"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("web:home"))["Content-Language"] == "en"


def test_security_headers(client, programme):
    response = client.get(reverse("web:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_is_throttled_after_repeated_failures(client, leader_user, settings):
    url = reverse("web:login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": leader_user.username, "password": "fout"})
    response = client.post(url, {"username": leader_user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_unknown_page_gives_the_friendly_404(client, programme):
    response = client.get("/projecten/bestaat-niet/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_login_page_signs_in(client, leader_user):
    response = client.post(
        reverse("web:login"), {"username": leader_user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:start")
