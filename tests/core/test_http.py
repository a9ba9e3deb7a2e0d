"""The client's address as far as our own proxies vouch for it."""

import pytest
from django.test import RequestFactory

from economie071.core.http import client_address


def request(remote="10.0.0.2", **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("count", "header", "forwarded", "expected"),
    [
        (0, "X-Forwarded-For", "203.0.113.5", "10.0.0.2"),  # no proxy: header ignored
        (1, "X-Forwarded-For", "203.0.113.5", "203.0.113.5"),
        (1, "X-Forwarded-For", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # client wrote 1.2.3.4
        (2, "X-Forwarded-For", "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "X-Forwarded-For", "203.0.113.5", "10.0.0.2"),  # too short: not via both proxies
        (1, "X-Forwarded-For", "", "10.0.0.2"),
        (1, "X-Forwarded-For", "geen-adres", "10.0.0.2"),
        (1, "X-Forwarded-For", " 2001:db8::1 ", "2001:db8::1"),
        (1, "X-Real-IP", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_client_address(settings, count, header, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.TRUSTED_PROXY_HEADER = header
    meta = "HTTP_" + header.upper().replace("-", "_")
    assert client_address(request(**{meta: forwarded})) == expected


def test_another_header_than_the_trusted_one_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_address(request(HTTP_X_FORWARDED_FOR="203.0.113.5")) == "10.0.0.2"
