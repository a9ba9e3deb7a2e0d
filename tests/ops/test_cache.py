"""The page cache: anonymous GET pages and API lists come from the shared cache until the
data changes; signed-in visitors and pages with a form are never served from it."""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from economie071.core.cache import data_version
from economie071.portfolio.constants import Phase
from tests.factories import ProjectFactory
from tests.publications.conftest import publish

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    """The page without its CSRF token (masked anew for every answer)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_the_data_version_moves_on_every_committed_change(
    programme, django_capture_on_commit_callbacks
):
    from economie071.audit.services import audit_record

    before, monitor_before = data_version(), data_version("monitor")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        audit_record(action="forum.topic.created", actor=None, target=programme)
    assert data_version() > before
    assert data_version("monitor") == monitor_before  # another scope: untouched
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        audit_record(action="monitor.indicator.changed", actor=None, target=programme)
    assert data_version("monitor") == monitor_before  # not committed: nothing is stale


def test_an_api_list_is_served_from_the_cache_until_a_card_is_published(
    client, programme, period, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = "/api/v1/projects"
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["API-Version"] == first["API-Version"]
    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(
            programme=programme, name="Nieuw project", slug="nieuw", phase=Phase.RUNNING
        )
        publish(project, period, last_half_year="Nieuw.")
    after = client.get(url)
    assert "Nieuw project" in after.content.decode()


def test_a_public_page_is_cached_per_language(client, programme, django_assert_num_queries):
    dutch = client.get(reverse("web:home"))
    assert dutch.status_code == 200
    with django_assert_num_queries(0):
        assert _page(client.get(reverse("web:home"))) == _page(dutch)
    client.cookies["django_language"] = "en"  # chosen with the language switch
    english = client.get(reverse("web:home"))
    assert 'lang="en"' in _page(english)
    assert _page(english) != _page(dutch)


def test_signed_in_visitors_are_not_served_from_the_cache(client, programme, office_user):
    client.get(reverse("web:home"))  # cached for visitors without an account
    client.force_login(office_user)
    page = client.get(reverse("web:home")).content.decode()
    assert office_user.first_name in page or "Uitloggen" in page or "uitloggen" in page


def test_a_cached_page_carries_each_visitor_s_own_csrf_token(
    client, programme, django_assert_num_queries
):
    from django.test import Client

    first = client.get(reverse("web:home"))
    other = Client()
    with django_assert_num_queries(0):
        cached = other.get(reverse("web:home"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', cached.content.decode())
    assert token, "the form of the cached page has a token"
    assert "csrftoken" in cached.cookies  # the visitor's own, set with the cached page
    assert token.group(1) not in first.content.decode()
    # The token works: the language switch on the cached page can be used.
    other_csrf = Client(enforce_csrf_checks=True)
    other_csrf.cookies = other.cookies
    switched = other_csrf.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)}
    )
    assert switched.status_code == 302


def test_caching_off(client, programme, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("web:home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:home")).status_code == 200
    assert len(queries) > 0  # made anew
