"""The shared cache's two uses beyond counters: a data version, and the page cache.

The data version. Every change the platform makes is recorded in the audit log
(``audit_record``), which calls `data_changed(scope)` once the transaction has committed.
That bumps two numbers in the cache: the version of everything and the version of the
change's scope (the first part of its action: ``monitor``, ``publications``…). Whatever is
computed from the data is cached under the version it was computed from
(`versioned_key`), so a change makes it stale at once, in every process that shares the
cache, and nothing has to be deleted.

The page cache (`PageCacheMiddleware`). Public pages and API lists are the same for every
visitor without an account. A GET without a session cookie (no login, no pending message)
whose answer is a plain 200 that sets no cookie but the CSRF one is kept for
``PAGE_CACHE_SECONDS`` under the data version, the host, the language and the full path.
Such an answer may say "Vary: Cookie" (the page asked whether somebody is signed in):
without a session cookie the answer is the same for everyone, except for the CSRF token
of its forms (every page has the language switch), which is kept out of the cached copy
and filled in with the visitor's own token when it is served.
``PAGE_CACHE_SECONDS=0`` turns it off.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

_VERSION_KEY = "e071:version:{scope}"
ALL = "all"


def data_version(scope: str = ALL) -> int:
    """The current version of `scope` (of all data by default)."""
    key = _VERSION_KEY.format(scope=scope)
    version = cache.get(key)
    if version is None:
        # Started from the clock, so a version lost with the cache (restart, eviction) never
        # comes back as a number that older entries were stored under.
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key)
    return int(version or 0)


def data_changed(scope: str = "") -> None:
    """Data of `scope` has changed (and so everything has): bump their versions."""
    for name in {ALL, scope} - {""}:
        key = _VERSION_KEY.format(scope=name)
        try:
            cache.incr(key)
        except ValueError:  # not there (yet, or any more): a fresh start from the clock
            cache.add(key, time.time_ns(), timeout=None)


def versioned_key(name: str, *parts: object, scopes: tuple[str, ...] = (ALL,)) -> str:
    """A cache key for something computed from the data of `scopes`, with its versions."""
    versions = ".".join(str(data_version(scope)) for scope in scopes)
    raw = "\x00".join(str(part) for part in parts)
    return f"e071:{name}:{versions}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


# --- The page cache -----------------------------------------------------------------------------

_NOT_KEPT = {"set-cookie"}
# The hidden field {% csrf_token %} writes, and what stands in for its value when cached.
_TOKEN_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_TOKEN_PLACEHOLDER = b"__E071_CSRF_TOKEN__"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = versioned_key(
                "page",
                request.get_host(),
                getattr(request, "LANGUAGE_CODE", ""),
                request.get_full_path(),
                request.headers.get("Accept", "") if request.path.startswith("/api/") else "",
            )
            stored = cache.get(key)
        except Exception:  # the cache is down: serve the page as if it were off
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            if _TOKEN_PLACEHOLDER in content:
                # The visitor's own token; the CSRF middleware sets its cookie on the way out.
                content = content.replace(_TOKEN_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            if request.method == "HEAD":
                response.content = b""
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT]
            content = _TOKEN_FIELD.sub(rb"\g<1>" + _TOKEN_PLACEHOLDER + rb"\g<2>", response.content)
            try:
                cache.set(key, (response.status_code, headers, content), seconds)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, "messages")):
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    if "authorization" in vary:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    return len(response.content) <= 2_000_000
