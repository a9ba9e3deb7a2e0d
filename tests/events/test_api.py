"""/api/v1/events: published events, filters, 400s as problem+json, one event with its
programme and figures, no personal data, constant queries."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.events import services
from tests.events.conftest import at, make_event, register
from tests.factories import PersonFactory


@pytest.fixture
def events(programme, event, pillar):
    register(event, 3)  # two places, one waiting
    make_event(programme, slug="kring", kind="kenniskring", capacity=None)
    make_event(
        programme,
        slug="vorig-jaar",
        kind="kenniskring",
        starts_at=at(-300),
        ends_at=at(-300, 17),
        pillars=[pillar],
    )
    make_event(programme, slug="concept", publish=False)
    return event


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_the_list_and_its_filters(client, events, pillar):
    assert slugs(client.get("/api/v1/events")) == ["kring", "startersdag-2030", "vorig-jaar"]
    assert slugs(client.get("/api/v1/events?upcoming=true")) == ["startersdag-2030", "kring"]
    assert slugs(client.get("/api/v1/events?upcoming=false")) == ["vorig-jaar"]
    assert slugs(client.get("/api/v1/events?kind=kenniskring")) == ["kring", "vorig-jaar"]
    assert slugs(client.get(f"/api/v1/events?pillar={pillar.slug}")) == [
        "startersdag-2030",
        "vorig-jaar",
    ]


@pytest.mark.parametrize(
    ("query", "name"),
    [("upcoming=soms", "upcoming"), ("kind=feest", "kind"), ("pillar=nergens", "pillar")],
)
def test_unknown_filter_values_are_a_problem(client, events, query, name):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_one_event_with_its_programme_and_figures(client, events, other_project, pillar):
    services.session_add(
        event=events,
        actor=None,
        title="Workshop Data Science",
        starts_at=at(10, 15, 30),
        speakers=[PersonFactory(name="Joris Castermans")],
        speaker_names="Bureau Blaauwberg",
    )
    response = client.get(f"/api/v1/events/{events.slug}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Startersdag Leidse regio"
    assert data["kind"] == "startersdag"
    assert data["capacity"] == 2
    assert data["placesLeft"] == 0
    assert data["attendance"] == {"registered": 2, "waitlisted": 1, "cancelled": 0, "checkedIn": 0}
    assert data["projects"] == [{"slug": other_project.slug, "name": other_project.name}]
    assert data["pillars"] == [{"slug": pillar.slug, "name": pillar.name}]
    assert data["url"] == f"{settings.SITE_URL}/evenementen/{events.slug}/"
    (session,) = data["sessions"]
    assert session["title"] == "Workshop Data Science"
    assert session["speakers"] == [{"name": "Joris Castermans", "organisation": None}]
    assert session["speakerNames"] == "Bureau Blaauwberg"
    body = response.content.decode()
    assert "@example.org" not in body and "Persoon 1" not in body  # no personal data


def test_an_unknown_or_unpublished_event_is_not_found(client, events):
    for slug in ("bestaat-niet", "concept"):
        response = client.get(f"/api/v1/events/{slug}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_the_list_takes_a_constant_number_of_queries(client, programme, pillar, other_project):
    def grow(start, count):
        for i in range(start, start + count):
            event = make_event(
                programme, slug=f"e{i}", capacity=3, pillars=[pillar], projects=[other_project]
            )
            register(event, 2)

    grow(0, 1)
    client.get("/api/v1/events")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/events").status_code == 200
    grow(1, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/api/v1/events")
    assert len(response.json()["results"]) == 7
    assert len(large.captured_queries) == len(small.captured_queries)
