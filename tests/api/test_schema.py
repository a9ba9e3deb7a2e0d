"""The OpenAPI document: served at /api/v1/schema, committed at docs/openapi.yaml.

When the API changes, this test fails until the committed document is regenerated:

    economie071 spectacular --lang en --file docs/openapi.yaml --validate --fail-on-warn

(--lang en: the document is written in English whatever LANGUAGE_CODE is, so adding Dutch
translations does not change it; --validate checks it against the OpenAPI 3 JSON schema;
--fail-on-warn refuses a schema that drf-spectacular could not resolve fully.)
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
REGENERATE = "economie071 spectacular --lang en --file docs/openapi.yaml --validate --fail-on-warn"


def test_the_committed_document_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command(
        "spectacular", "--lang", "en", "--file", str(generated), "--validate", "--fail-on-warn"
    )

    assert COMMITTED.read_text(encoding="utf-8") == generated.read_text(encoding="utf-8"), (
        f"docs/openapi.yaml is out of date; regenerate it: {REGENERATE}"
    )


def test_the_document_lists_every_endpoint():
    paths = set(yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))["paths"])

    assert paths == {
        "/api/v1/cards",
        "/api/v1/cards/{id}",
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/forum/questions",
        "/api/v1/forum/questions/{id}",
        "/api/v1/forum/topics",
        "/api/v1/forum/topics/{slug}",
        "/api/v1/governance/bodies",
        "/api/v1/governance/bodies/{slug}",
        "/api/v1/governance/decisions",
        "/api/v1/governance/meetings",
        "/api/v1/governance/meetings/{id}",
        "/api/v1/governance/proposals",
        "/api/v1/governance/proposals/{id}",
        "/api/v1/governance/trails",
        "/api/v1/governance/trails/{slug}",
        "/api/v1/monitor/business-parks",
        "/api/v1/monitor/index",
        "/api/v1/monitor/index/{slug}",
        "/api/v1/monitor/indicators",
        "/api/v1/monitor/indicators/{slug}",
        "/api/v1/monitor/observations",
        "/api/v1/monitor/retail-areas",
        "/api/v1/municipalities",
        "/api/v1/network/challenges",
        "/api/v1/network/challenges/{slug}",
        "/api/v1/network/experts",
        "/api/v1/network/organisations",
        "/api/v1/network/organisations/{slug}",
        "/api/v1/network/trajectories",
        "/api/v1/network/trajectories/figures",
        "/api/v1/network/trajectories/{slug}",
        "/api/v1/organisations",
        "/api/v1/pillars",
        "/api/v1/projects",
        "/api/v1/projects/{slug}",
        "/api/v1/skills/contacts",
        "/api/v1/skills/contacts/{id}/outcome",
        "/api/v1/skills/invitations",
        "/api/v1/skills/me/contacts/{id}/answer",
        "/api/v1/skills/me/interest",
        "/api/v1/skills/me/contacts",
        "/api/v1/skills/me/matches",
        "/api/v1/skills/me/mobility",
        "/api/v1/skills/me/passport",
        "/api/v1/skills/mobility",
        "/api/v1/skills/modules",
        "/api/v1/skills/occupations",
        "/api/v1/skills/occupations/{id}",
        "/api/v1/skills/placements",
        "/api/v1/skills/proposals",
        "/api/v1/skills/sectors",
        "/api/v1/skills/skills",
        "/api/v1/skills/vacancies",
        "/api/v1/themes",
    }


@pytest.mark.django_db
def test_the_schema_is_served_as_yaml_and_json(api_client):
    as_yaml = api_client.get("/api/v1/schema")
    as_json = api_client.get("/api/v1/schema?format=json")
    at_standard_place = api_client.get("/api/v1/openapi.json")

    assert as_yaml.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content)["openapi"].startswith("3.")
    assert as_json.status_code == 200
    assert as_json.json()["info"]["version"] == settings.API_VERSION
    assert at_standard_place.status_code == 200
    assert set(at_standard_place.json()["paths"]) == set(as_json.json()["paths"])
