"""Absolute links to the platform, for e-mails, calendar files and the API.

Built from the one configured ``SITE_URL``, never from the request: the Host header is
chosen by whoever sends the request, and a link in an e-mail from the programme that
points to another site (a cancel link, a password reset link) is what phishing is made
of. Paths come from ``reverse()`` as usual.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """``https://economie071.example.org``: the configured address, without a slash."""
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """The host name of the site (for calendar UIDs and the like)."""
    return urlsplit(site_url()).netloc or "economie071"


def absolute_url(path: str) -> str:
    """The absolute address of a path on this site (``/evenementen/…``)."""
    return site_url() + (path if path.startswith("/") else f"/{path}")
