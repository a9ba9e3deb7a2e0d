"""Two people taking the last place at once never overbook: real concurrent requests, each
in its own thread with its own database connection, against PostgreSQL.

The registration services lock the event's row (SELECT … FOR UPDATE) before counting the
places taken and held; without that lock these tests fail (several requests count the same
free place). SQLite has no row locks and serialises writers as a whole, so there is nothing to
show there: the tests are skipped on SQLite (CI runs them on PostgreSQL).
"""

import http.cookiejar
import threading
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from economie071.events import services
from economie071.events.models import Registration
from tests.events.conftest import make_event, register

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: row locks (SELECT … FOR UPDATE) are what is tested; "
        "run with DATABASE_URL=postgres://…",
    ),
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 12


def _run_at_once(target, count: int) -> list:
    """Run target(i) in `count` threads released together; return results or errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def _check_no_overbooking(event, capacity: int, total: int) -> None:
    rows = list(Registration.objects.filter(event=event))
    confirmed = [r for r in rows if r.status == "confirmed"]
    waiting = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
    assert len(rows) == total
    assert len(confirmed) == capacity
    assert waiting == list(range(1, total - capacity + 1))  # no position twice


def _opener():
    jar = http.cookiejar.CookieJar()
    return jar, urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _post_form(opener, jar, page_url, post_url, data):
    """GET the page (for the CSRF cookie), then POST the form to `post_url`."""
    with opener.open(page_url, timeout=60) as page:  # noqa: S310 - the live test server
        assert page.status == 200
    token = next(c.value for c in jar if c.name == settings.CSRF_COOKIE_NAME)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
    request = urllib.request.Request(post_url, data=body, method="POST")  # noqa: S310
    request.add_header("Referer", page_url)
    with opener.open(request, timeout=60) as response:  # noqa: S310
        return response.status, response.geturl()


def test_concurrent_http_requests_for_the_last_places(programme, live_server, settings):
    """Twelve visitors register at once for the last two places, then all confirm at once:
    never more places held or taken than there are."""
    settings.THROTTLE_LIMITS = {
        **settings.THROTTLE_LIMITS,
        "events.registration.client": (PEOPLE, 3600),
    }
    event = make_event(programme, slug="laatste-plaatsen", capacity=3)
    register(event, 1)  # two places left
    url = f"{live_server.url}/evenementen/{event.slug}/"

    def post(i):
        jar, opener = _opener()
        return _post_form(
            opener,
            jar,
            url,
            f"{url}aanmelden/",
            {"name": f"Deelnemer {i}", "email": f"deelnemer{i}@example.org"},
        )

    results = _run_at_once(post, PEOPLE)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert all(status == 200 and final.endswith(f"/{event.slug}/") for status, final in results)
    pending = list(Registration.objects.filter(event=event, status="pending"))
    assert len(pending) == PEOPLE
    assert sum(r.holds_place for r in pending) == 2  # exactly the free places are held

    tokens = [r.confirm_token for r in pending]

    def confirm(i):
        jar, opener = _opener()
        link = f"{live_server.url}/evenementen/bevestigen/{tokens[i]}/"
        return _post_form(opener, jar, link, link, {})

    results = _run_at_once(confirm, PEOPLE)
    assert [r for r in results if isinstance(r, Exception)] == []
    _check_no_overbooking(event, capacity=3, total=PEOPLE + 1)
    held = {r.pk for r in pending if r.holds_place}
    seated = set(
        Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True)
    )
    assert held <= seated  # a held place went to the one it was held for


def test_concurrent_requests_and_confirmations_never_hold_more_than_there_is(programme):
    event = make_event(programme, slug="vasthouden", capacity=2)

    def ask(i):
        return services.registration_request(
            event=event, name=f"Deelnemer {i}", email=f"deelnemer{i}@example.org"
        ).registration

    made = _run_at_once(ask, PEOPLE)
    assert [r for r in made if isinstance(r, Exception)] == []
    assert sum(r.holds_place for r in made) == 2
    confirmed = _run_at_once(
        lambda i: services.registration_confirm(token=made[i].confirm_token), PEOPLE
    )
    assert [r for r in confirmed if isinstance(r, Exception)] == []
    _check_no_overbooking(event, capacity=2, total=PEOPLE)


def test_the_same_address_asked_twice_at_once_is_one_pending_registration(programme, settings):
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "events.registration.email": (9, 60)}
    event = make_event(programme, slug="dubbel-gevraagd", capacity=None)

    def act(i):
        return services.registration_request(event=event, name="Anna", email="anna@example.org")

    results = _run_at_once(act, 6)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert all(r.needs_confirmation for r in results)
    assert Registration.objects.filter(event=event).count() == 1


def test_concurrent_service_calls_and_a_cancellation(programme):
    event = make_event(programme, slug="gelijktijdig", capacity=2)
    first, _second = register(event, 2)  # full

    def act(i):
        if i == 0:
            return services.registration_cancel(token=first.cancel_token)
        return services.registration_create(
            event=event, name=f"Deelnemer {i}", email=f"deelnemer{i}@example.org"
        )

    results = _run_at_once(act, PEOPLE)
    assert [r for r in results if isinstance(r, Exception)] == []
    rows = list(Registration.objects.filter(event=event))
    assert len([r for r in rows if r.status in ("confirmed", "checked_in")]) == 2
    waiting = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
    assert waiting == list(range(1, len(waiting) + 1))
    assert len(waiting) == PEOPLE - 1 - 1  # eleven newcomers, one took the freed place


def test_the_same_address_twice_at_once_registers_once(programme):
    event = make_event(programme, slug="dubbel", capacity=None)

    def act(i):
        return services.registration_create(event=event, name="Anna", email="anna@example.org")

    results = _run_at_once(act, 6)
    made = [r for r in results if isinstance(r, Registration)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(made) == 1
    assert {type(r).__name__ for r in refused} == {"AlreadyRegistered"}
    assert Registration.objects.filter(event=event).count() == 1
