"""Control characters and overlong values in API requests: a 400 problem naming the
parameter, the same on SQLite and PostgreSQL (which refused a NUL with a server error)."""

from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from economie071.core.problems import PROBLEM_CONTENT_TYPE
from economie071.core.request_input import MAX_PARAMETER_LENGTH, MAX_QUERY_STRING_LENGTH

pytestmark = pytest.mark.django_db

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def _query_parameters():
    """(path, parameter) for every query parameter of every operation in the document, with
    the path parameters filled in with a value of the right kind."""
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    found = []
    for path, operations in document["paths"].items():
        for operation in operations.values():
            url = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    value = "1" if parameter["schema"].get("type") == "integer" else "x"
                    url = url.replace("{" + parameter["name"] + "}", value)
            parameters = operation.get("parameters", [])
            found += [(url, p["name"]) for p in parameters if p["in"] == "query"]
    return found


QUERY_PARAMETERS = _query_parameters()


def test_the_document_has_the_query_parameters_we_check():
    assert len(QUERY_PARAMETERS) > 100
    assert ("/api/v1/projects", "pillar") in QUERY_PARAMETERS


@pytest.mark.parametrize(("path", "name"), QUERY_PARAMETERS)
def test_a_nul_byte_in_any_query_parameter_is_a_400_naming_it(
    api_client, api_programme, path, name
):
    response = api_client.get(f"{path}?{name}=a%00b")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    problem = response.json()
    assert [p["name"] for p in problem["invalidParams"]] == [name]
    assert "U+0000" in problem["invalidParams"][0]["reason"]
    assert response["API-Version"]


@pytest.mark.parametrize(
    "character", ["\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x1b", "\x1f", "\x7f", "\x85"]
)
def test_every_control_character_is_refused_in_a_parameter(api_client, portfolio_data, character):
    response = api_client.get(f"/api/v1/projects?pillar=versterken{quote(character)}")

    assert response.status_code == 400
    problem = response.json()
    assert problem["invalidParams"] == [
        {"name": "pillar", "code": "invalid", "reason": problem["invalidParams"][0]["reason"]}
    ]
    assert f"U+{ord(character):04X}" in problem["invalidParams"][0]["reason"]


def test_ordinary_text_passes(api_client, portfolio_data):
    response = api_client.get("/api/v1/forum/questions?q=" + quote("Hoe gaat het met café’s?"))

    assert response.status_code == 200


def test_a_control_character_in_a_parameter_name_is_named_readably(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects?pil%00lar=x&phase=running")

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["pil\\x00lar"]


def test_every_bad_parameter_is_named_at_once(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects?pillar=a%00&theme=b%1b&phase=running")

    assert {p["name"] for p in response.json()["invalidParams"]} == {"pillar", "theme"}


def test_an_overlong_parameter_is_a_400_naming_it(api_client, portfolio_data):
    at_limit = api_client.get("/api/v1/forum/questions?q=" + "a" * 100)
    too_long = api_client.get("/api/v1/skills/skills?q=" + "a" * (MAX_PARAMETER_LENGTH + 1))

    assert at_limit.status_code == 200
    assert too_long.status_code == 400
    assert too_long["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [p["name"] for p in too_long.json()["invalidParams"]] == ["q"]


def test_an_overlong_query_string_is_refused_before_any_work(api_client, portfolio_data):
    query = "&".join(f"p{i}={'a' * 500}" for i in range(MAX_QUERY_STRING_LENGTH // 500 + 1))

    response = api_client.get(f"/api/v1/projects?{query}")

    assert response.status_code == 414
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


@pytest.mark.parametrize(
    "path", ["/api/v1/projects/alpha%00", "/api/v1/events/x%0a", "/api/v1/forum/topics/%1b"]
)
def test_a_control_character_in_the_path_is_a_404_problem(api_client, portfolio_data, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_an_empty_parameter_is_the_same_as_leaving_it_out(api_client, portfolio_data):
    without = api_client.get("/api/v1/projects").json()

    for query in ("phase=", "pillar=", "page=", "pageSize=", "phase=&page=&pillar="):
        response = api_client.get(f"/api/v1/projects?{query}")
        assert response.status_code == 200, query
        assert response.json() == without, query


def test_a_boolean_parameter_takes_only_true_or_false(api_client, portfolio_data):
    for value in ("7", "yes", "1"):
        response = api_client.get(f"/api/v1/network/organisations?partners={value}")
        assert response.status_code == 400, value
        assert [p["name"] for p in response.json()["invalidParams"]] == ["partners"]
    assert api_client.get("/api/v1/network/organisations?partners=true").status_code == 200
    assert api_client.get("/api/v1/network/organisations?partners=False").status_code == 200


@pytest.mark.parametrize(
    "query", ["from=0001-01-01", "to=9999-12-31", "from=1899-12-31", "to=3000-01-01"]
)
def test_meeting_dates_at_the_ends_of_the_calendar_are_a_400_not_a_crash(
    api_client, portfolio_data, query
):
    response = api_client.get(f"/api/v1/governance/meetings?{query}")

    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == [query.split("=")[0]]


def test_meeting_dates_within_the_range_are_taken(api_client, portfolio_data):
    response = api_client.get("/api/v1/governance/meetings?from=1900-01-01&to=2999-12-31")

    assert response.status_code == 200
