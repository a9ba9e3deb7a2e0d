"""The site shell's pages: the home page, language, security headers, signing in, the 404."""

import os
import subprocess
import sys

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


def test_the_demo_settings_show_our_error_pages_not_djangos(tmp_path):
    """The settings the README's first command runs with: a missing page is our Dutch 404,
    not Django's English technical page (which needs DEBUG=true, asked for on purpose)."""
    script = (
        "import django, os; django.setup();"
        "from django.conf import settings; from django.core.management import call_command;"
        "call_command('migrate', verbosity=0);"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='127.0.0.1').get('/bestaat-niet/');"
        "print(settings.DEBUG, r.status_code, 'Pagina niet gevonden' in r.content.decode())"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "economie071.config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.split() == ["False", "404", "True"], result.stderr[-2000:]


def test_a_host_not_served_gets_the_400_page_not_a_server_error(client, programme, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "<h1>" in response.content.decode()
