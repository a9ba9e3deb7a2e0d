"""Rate limits for what anyone can do without an account (register for an event, make an
account, ask for a password reset): a counter per scope and key in Django's cache, so every
process of a deployment counts together when the cache is shared (any backend will do).

The limits are settings (``THROTTLE_LIMITS``: scope -> (how many, per how many seconds)),
so an installation can tune them without a code change. A fixed window: the counter
starts at the first hit and is forgotten when the window is over.

    if throttle.hit("events.registration.client", client_address(request)):
        ...refuse...
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _limit(scope: str) -> tuple[int, int]:
    limits = getattr(settings, "THROTTLE_LIMITS", {})
    if scope not in limits:
        raise KeyError(f"No throttle limit for {scope!r} in THROTTLE_LIMITS")
    count, seconds = limits[scope]
    return int(count), int(seconds)


def _cache_key(scope: str, key: str) -> str:
    # Hashed: a key may be an e-mail address (kept out of the cache in clear) and cache
    # backends limit the characters and length of keys.
    digest = hashlib.sha256(f"{scope}\x00{key.strip().lower()}".encode()).hexdigest()
    return f"e071:throttle:{scope}:{digest}"


def hit(scope: str, key: str) -> bool:
    """Count one attempt; True when it is over the limit (refuse it). An empty key (no
    address known) is not counted."""
    if not key:
        return False
    count, seconds = _limit(scope)
    if count <= 0:
        return False  # 0: no limit for this scope
    cache_key = _cache_key(scope, key)
    if cache.add(cache_key, 1, timeout=seconds):
        return False  # the first in its window
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=seconds)
        used = 1
    return used > count


def exceeded(scope: str, key: str) -> bool:
    """Is `key` over the limit already (without counting an attempt)?"""
    if not key:
        return False
    count, _seconds = _limit(scope)
    return count > 0 and (cache.get(_cache_key(scope, key)) or 0) >= count


def window_minutes(scope: str) -> int:
    """The length of the window in minutes (rounded up), for messages."""
    return -(-_limit(scope)[1] // 60)
