"""/api/v1/projects and /api/v1/projects/{slug}: shape, filters, errors."""

import pytest

from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import Phase, RoleKind
from economie071.programme import services as programme_services

pytestmark = pytest.mark.django_db


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["slug"] for p in response.json()["results"]]


def test_project_shape(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects/alpha")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "alpha"
    assert body["name"] == "Alpha"
    assert body["phase"] == "running"
    assert body["phaseLabel"]
    assert body["pillars"] == [{"slug": "versterken", "name": "Versterken"}]
    assert body["themes"] == [{"slug": "circulair", "name": "Circulaire economie"}]
    assert body["linesOfAction"] == [{"code": "A", "name": "Retail"}]
    # The project structure in the card's order: sponsor first, partners last.
    assert [r["kind"] for r in body["roles"]] == [
        "executive_sponsor",
        "project_leader",
        "contact_point",
        "partner",
    ]
    sponsor, leader, contact, _partner = body["roles"]
    assert sponsor["organisation"] == {"slug": "gemeente-noordstad", "name": "Gemeente Noordstad"}
    assert sponsor["person"] is None
    assert sponsor["title"] == "Alderman"
    assert sponsor["holder"] == "Gemeente Noordstad"
    assert leader["person"] == {"slug": "alpha-leader", "name": "Alpha-Leader"}
    assert contact["lineOfAction"] == "A"
    assert contact["startsOn"] == "2019-01-01"
    assert contact["endsOn"] is None
    assert set(sponsor) == {
        "kind",
        "kindLabel",
        "holder",
        "person",
        "organisation",
        "label",
        "title",
        "lineOfAction",
        "startsOn",
        "endsOn",
        "note",
    }


def test_list_has_the_same_shape_as_the_detail(api_client, portfolio_data):
    listed = api_client.get("/api/v1/projects").json()["results"]
    detail = api_client.get("/api/v1/projects/alpha").json()

    assert [p["slug"] for p in listed] == ["alpha", "beta"]
    assert listed[0] == detail


def test_unknown_project_is_a_404_problem(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects/nope")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert problem["title"] == "Not Found"
    assert "nope" in problem["detail"]
    assert problem["instance"] == "/api/v1/projects/nope"


def test_a_trailing_slash_is_a_404(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_filter_by_pillar_theme_and_phase(api_client, portfolio_data):
    assert _slugs(api_client.get("/api/v1/projects?pillar=verdienen")) == ["beta"]
    assert _slugs(api_client.get("/api/v1/projects?theme=circulair")) == ["alpha"]
    assert _slugs(api_client.get("/api/v1/projects?phase=new")) == ["beta"]
    assert _slugs(api_client.get("/api/v1/projects?phase=stopped")) == []
    assert _slugs(api_client.get("/api/v1/projects?pillar=versterken&phase=new")) == []


def test_filter_phase_none_finds_projects_without_a_phase(api_client, portfolio_data, build):
    build.project(portfolio_data["alpha"].programme, slug="gamma", phase="")

    assert _slugs(api_client.get("/api/v1/projects?phase=none")) == ["gamma"]


def test_filter_by_who_is_involved(api_client, portfolio_data):
    # The municipality through its organisation's role (alpha) ...
    assert _slugs(api_client.get("/api/v1/projects?municipality=noordstad")) == ["alpha"]
    # ... or through a share in a budget line (alpha's is shared with zuiddorp).
    assert _slugs(api_client.get("/api/v1/projects?municipality=zuiddorp")) == ["alpha"]
    assert _slugs(api_client.get("/api/v1/projects?organisation=hogeschool")) == ["alpha"]
    assert _slugs(api_client.get("/api/v1/projects?person=beta-leader")) == ["beta"]


def test_filter_by_organisation_includes_its_people(api_client, portfolio_data):
    person = programme_services.person_upsert(
        actor=None, slug="docent", name="Docent", organisation=portfolio_data["partner"]
    )
    portfolio.role_assign(
        project=portfolio_data["beta"],
        actor=None,
        kind=RoleKind.WORKING_GROUP_MEMBER,
        person=person,
    )

    assert _slugs(api_client.get("/api/v1/projects?organisation=hogeschool")) == [
        "alpha",
        "beta",
    ]


@pytest.mark.parametrize(
    "parameter", ["pillar", "theme", "phase", "municipality", "organisation", "person"]
)
def test_an_unknown_filter_value_is_a_400_naming_the_parameter(
    api_client, portfolio_data, parameter
):
    response = api_client.get(f"/api/v1/projects?{parameter}=bogus")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"
    assert problem["instance"] == f"/api/v1/projects?{parameter}=bogus"
    [invalid] = problem["invalidParams"]
    assert invalid["name"] == parameter
    assert "bogus" in invalid["reason"]


def test_every_invalid_parameter_is_named(api_client, portfolio_data):
    response = api_client.get("/api/v1/projects?phase=bogus&pillar=nope")

    names = sorted(p["name"] for p in response.json()["invalidParams"])
    assert names == ["phase", "pillar"]


def test_a_municipality_outside_the_region_is_unknown(api_client, portfolio_data):
    elsewhere = programme_services.region_upsert(actor=None, slug="elders", name="Elders")
    programme_services.municipality_upsert(
        actor=None, region=elsewhere, slug="verweg", name="Verweg", cbs_code="GM9909"
    )

    response = api_client.get("/api/v1/projects?municipality=verweg")

    assert response.status_code == 400


def test_phase_label_is_empty_without_a_phase(api_client, portfolio_data, build):
    build.project(portfolio_data["alpha"].programme, slug="gamma", phase="")

    body = api_client.get("/api/v1/projects/gamma").json()

    assert body["phase"] == ""
    assert body["phaseLabel"] == ""


def test_phase_change_shows(api_client, portfolio_data):
    portfolio.project_change_phase(
        project=portfolio_data["beta"], actor=None, phase=Phase.KICK_START
    )

    assert api_client.get("/api/v1/projects/beta").json()["phase"] == "kick_start"
