"""Municipalities, pillars, themes and organisations: shape and pagination."""

import pytest

pytestmark = pytest.mark.django_db


def test_municipalities_with_inhabitants_per_year(api_client, api_municipalities):
    response = api_client.get("/api/v1/municipalities")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 2
    assert body["results"][0] == {
        "slug": "noordstad",
        "name": "Noordstad",
        "cbsCode": "GM9901",
        "inhabitants": [
            {"year": 2019, "inhabitants": 3000, "source": "Test figure", "sourceUrl": ""},
            {"year": 2020, "inhabitants": 3001, "source": "Test figure", "sourceUrl": ""},
        ],
    }


def test_municipalities_of_other_regions_are_left_out(api_client, api_municipalities):
    from economie071.programme import services

    elsewhere = services.region_upsert(actor=None, slug="elders", name="Elders")
    services.municipality_upsert(
        actor=None, region=elsewhere, slug="verweg", name="Verweg", cbs_code="GM9909"
    )

    slugs = [m["slug"] for m in api_client.get("/api/v1/municipalities").json()["results"]]

    assert slugs == ["noordstad", "zuiddorp"]


def test_pillars_in_their_order(api_client, api_programme):
    body = api_client.get("/api/v1/pillars").json()

    assert [p["slug"] for p in body["results"]] == ["versterken", "verdienen"]
    assert body["results"][0] == {
        "slug": "versterken",
        "number": 1,
        "name": "Versterken",
        "subtitle": "",
        "description": "",
        "colour": "#1f6f8b",
    }


def test_themes(api_client, api_programme):
    body = api_client.get("/api/v1/themes").json()

    assert body["results"] == [
        {"slug": "circulair", "name": "Circulaire economie", "description": "", "order": 0}
    ]


def test_organisations_name_their_municipality_by_slug(api_client, portfolio_data):
    body = api_client.get("/api/v1/organisations").json()

    assert body["results"] == [
        {
            "slug": "gemeente-noordstad",
            "name": "Gemeente Noordstad",
            "helix": "government",
            "municipality": "noordstad",
            "website": "",
        },
        {
            "slug": "hogeschool",
            "name": "Hogeschool",
            "helix": "education",
            "municipality": None,
            "website": "",
        },
    ]


def test_lists_are_empty_without_a_programme(api_client, db):
    for url in ("/api/v1/municipalities", "/api/v1/pillars", "/api/v1/projects", "/api/v1/cards"):
        response = api_client.get(url)
        assert response.status_code == 200, url
        assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_pagination_with_page_and_page_size(api_client, api_programme):
    first = api_client.get("/api/v1/pillars?pageSize=1").json()
    second = api_client.get("/api/v1/pillars?pageSize=1&page=2").json()

    assert first["count"] == 2
    assert [p["slug"] for p in first["results"]] == ["versterken"]
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/pillars?page=2&pageSize=1")
    assert [p["slug"] for p in second["results"]] == ["verdienen"]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("pageSize=0", "pageSize"),
        ("pageSize=201", "pageSize"),
        ("pageSize=ten", "pageSize"),
        ("page=0", "page"),
        ("page=last", "page"),
    ],
)
def test_bad_paging_parameters_are_a_400_naming_them(api_client, api_programme, query, parameter):
    response = api_client.get(f"/api/v1/pillars?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [parameter]


def test_a_page_past_the_last_is_a_404(api_client, api_programme):
    response = api_client.get("/api/v1/pillars?page=9")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
