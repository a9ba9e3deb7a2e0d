"""Login throttling keyed on username and the client's address, also behind the reverse
proxy: real sign-in requests through the test client, with the addresses a proxy passes on.

Behind a proxy every request comes from the proxy's address (REMOTE_ADDR); only the header
the proxy writes tells clients apart, and only a header written by our own proxies may be
believed (TRUSTED_PROXY_COUNT).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.5"
CLIENT_B = "198.51.100.7"


def sign_in(user, password, *, remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client()
    response = client.post(
        reverse("web:login"), {"username": user.username, "password": password}, **headers
    )
    return response, "_auth_user_id" in client.session


def fail_until_locked(user, settings, **where):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response, _in = sign_in(user, "fout", **where)
        assert response.status_code in (200, 429)


def test_behind_the_proxy_failures_from_one_client_do_not_lock_out_another(
    plain_user, programme, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    fail_until_locked(plain_user, settings, forwarded=CLIENT_A)

    response, signed_in = sign_in(plain_user, TEST_PASSWORD, forwarded=CLIENT_B)
    assert response.status_code == 302 and signed_in  # the owner, elsewhere, gets in

    response, signed_in = sign_in(plain_user, TEST_PASSWORD, forwarded=CLIENT_A)
    assert response.status_code == 429 and not signed_in  # the guesser stays locked out


def test_the_proxy_appends_the_address_it_saw_and_only_that_is_believed(
    plain_user, programme, settings
):
    """A client that sends its own X-Forwarded-For through the proxy cannot pick a new
    address for every guess: the proxy appends the real one, and that one counts."""
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(plain_user, "fout", forwarded=f"192.0.2.{attempt}, {CLIENT_A}")

    response, signed_in = sign_in(plain_user, TEST_PASSWORD, forwarded=f"192.0.2.99, {CLIENT_A}")
    assert response.status_code == 429 and not signed_in
    response, signed_in = sign_in(plain_user, TEST_PASSWORD, forwarded=CLIENT_B)
    assert signed_in


def test_without_a_trusted_proxy_a_spoofed_header_is_ignored(plain_user, programme, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(plain_user, "fout", remote=CLIENT_A, forwarded=f"192.0.2.{attempt}")

    response, signed_in = sign_in(
        plain_user, TEST_PASSWORD, remote=CLIENT_A, forwarded="192.0.2.200"
    )
    assert response.status_code == 429 and not signed_in  # a new header is no new address
    response, signed_in = sign_in(plain_user, TEST_PASSWORD, remote=CLIENT_B)
    assert signed_in  # someone at another address is not locked out
