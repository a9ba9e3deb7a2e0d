"""Rate limits counted in Django's cache, per scope and key, with the limits as settings."""

import pytest
from django.core.cache import cache

from economie071.core import throttle


@pytest.fixture
def limits(settings):
    settings.THROTTLE_LIMITS = {"test.scope": (3, 60), "test.other": (1, 60), "test.off": (0, 60)}


def test_the_attempt_over_the_limit_is_refused(limits):
    assert [throttle.hit("test.scope", "203.0.113.5") for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert throttle.exceeded("test.scope", "203.0.113.5")


def test_keys_and_scopes_count_apart_and_case_does_not_matter(limits):
    assert not throttle.hit("test.other", "Anna@Example.org")
    assert throttle.hit("test.other", "anna@example.org ")
    assert not throttle.hit("test.other", "bob@example.org")
    assert not throttle.hit("test.scope", "anna@example.org")


def test_the_window_passes(limits):
    throttle.hit("test.other", "a")
    assert throttle.hit("test.other", "a")
    cache.clear()  # what the cache does when the window's timeout is over
    assert not throttle.hit("test.other", "a")


def test_no_key_and_no_limit_are_never_refused(limits):
    assert not any(throttle.hit("test.other", "") for _ in range(3))
    assert not any(throttle.hit("test.off", "a") for _ in range(3))


def test_an_unknown_scope_is_a_programming_error(limits):
    with pytest.raises(KeyError):
        throttle.hit("test.unknown", "a")


def test_an_e_mail_address_is_not_kept_in_the_cache_in_clear(limits):
    key = throttle._cache_key("test.scope", "anna@example.org")
    assert "anna" not in key and "example" not in key
