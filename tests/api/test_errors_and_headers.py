"""NL API Design Rules: the API-Version header everywhere, errors as problem+json."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.request import Request

from economie071.core.api.problems import problem_exception_handler

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/projects", 200),
        ("/api/v1/projects?phase=bogus", 400),
        ("/api/v1/cards?include=unpublished", 403),
        ("/api/v1/projects/nope", 404),
        ("/api/v1/no-such-thing", 404),
        ("/api/v1/schema", 200),
    ],
)
def test_every_api_response_has_the_api_version_header(api_client, api_programme, url, status):
    response = api_client.get(url)

    assert response.status_code == status
    assert response["API-Version"] == settings.API_VERSION


def test_pages_outside_the_api_have_no_api_version_header(client, db):
    response = client.get("/admin/login/")

    assert "API-Version" not in response


def test_method_not_allowed_is_a_405_problem(api_client, api_programme):
    response = api_client.post("/api/v1/projects", {"name": "x"}, format="json")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    problem = response.json()
    assert problem["status"] == 405
    assert problem["title"] == "Method Not Allowed"
    assert problem["type"] == "about:blank"


def test_unknown_paths_under_the_api_are_404_problems(api_client, db):
    response = api_client.delete("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["instance"] == "/api/v1/no-such-thing"


def _handle(exc):
    request = Request(RequestFactory().get("/api/v1/cards?x=1"))
    return problem_exception_handler(exc, {"request": request, "view": None})


def test_401_is_a_problem_with_its_challenge():
    """Only session login exists now, so the views answer 403; an authentication scheme
    with a challenge (a token, later) gets a 401 problem with its WWW-Authenticate."""
    exc = exceptions.NotAuthenticated()
    exc.auth_header = 'Bearer realm="api"'

    response = _handle(exc)

    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.data["title"] == "Unauthorized"
    assert response.data["instance"] == "/api/v1/cards?x=1"


def test_django_404_and_403_become_problems():
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    not_found = _handle(Http404("No such card."))
    forbidden = _handle(PermissionDenied())

    assert (not_found.status_code, not_found.data["detail"]) == (404, "No such card.")
    assert forbidden.status_code == 403
    assert forbidden.content_type == "application/problem+json"


def test_nested_validation_errors_name_each_field():
    response = _handle(exceptions.ValidationError({"quote": {"text": ["Too long."]}}))

    assert response.status_code == 400
    assert response.data["invalidParams"] == [
        {"name": "quote.text", "code": "invalid", "reason": "Too long."}
    ]
