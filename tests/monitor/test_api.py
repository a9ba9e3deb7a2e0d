"""The monitor's read API: indicators, observations, the index, shopping areas and business
parks; filters that name a bad parameter; a fixed number of queries per list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.monitor import services
from tests.monitor.conftest import rows
from tests.monitor.test_parks import parks_rows
from tests.monitor.test_retail import retail_rows

pytestmark = pytest.mark.django_db

BASE = "/api/v1/monitor/"


def get(client, path, expected=200, **params):
    response = client.get(BASE + path, params)
    assert response.status_code == expected, response.content
    return response.json()


def test_indicators(client, indicators, programme):
    services.cbs_mapping_upsert(
        actor=None,
        indicator=indicators["banen"],
        first_year=2019,
        table_id="84583NED",
        api="v3",
        measure="Banen_1",
    )
    data = get(client, "indicators")
    assert data["count"] == 4
    banen = get(client, "indicators/banen")
    assert banen["theme"] == {"slug": "werk", "name": "Werk"}
    assert banen["cbsMappings"] == [
        {
            "firstYear": 2019,
            "lastYear": 2019,
            "tableId": "84583NED",
            "api": "v3",
            "measure": "Banen_1",
        }
    ]
    problem = get(client, "indicators/bestaat-niet", 404)
    assert problem["status"] == 404


def test_observations_and_filters(client, observed):
    data = get(client, "observations", indicator="banen", area="leiden", year="2015")
    assert data["count"] == 1
    [item] = data["results"]
    assert item == {
        "indicator": "banen",
        "area": "leiden",
        "areaKind": "municipality",
        "year": 2015,
        "value": "1100.000000",
        "status": "final",
        "source": "Testgegevens (geen echte cijfers)",
        "retrievedOn": None,
    }
    problem = get(client, "observations", 400, indicator="niets", area="utrecht", year="15")
    assert {p["name"] for p in problem["invalidParams"]} == {"indicator", "area", "year"}


def test_index(client, observed):
    services.edition_create(
        actor=None,
        slug="editie-2016",
        name="Editie 2016",
        year_published=2016,
        base_year=2014,
        indicators={"banen": None, "vestigingen": 2},
    )
    [edition] = get(client, "index")["results"]
    assert edition["baseYear"] == 2014
    assert {"indicator": "vestigingen", "theme": "bedrijvigheid", "weight": "2.0000"} in edition[
        "indicators"
    ]
    values = get(client, "index/editie-2016", area="leiden")
    assert values["baseYear"] == 2014 and "policy" in values["note"] or "beleid" in values["note"]
    [leiden] = values["areas"]
    assert leiden["years"][0]["total"] == "100.0"
    assert get(client, "index/alle")["edition"] is None
    get(client, "index/bestaat-niet", 404)
    get(client, "index/alle", 400, area="utrecht")


def test_index_that_cannot_be_calculated(client, programme, indicators):
    services.observations_import(
        actor=None, rows=rows(("banen", "leiden", 2015, 3, "banen"))
    )  # no base-year figure
    problem = get(client, "index/alle", 409)
    assert "2014" in problem["detail"]


def test_retail_areas_and_business_parks(client, programme):
    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows("leiden;Centrum;hoofdcentrum;ja;2019;1000;10;50;1;T"),
    )
    services.park_figures_import(
        actor=None, create_new=True, rows=parks_rows("leiden,Noord,2019,40,32,2,3,,T")
    )
    [area] = get(client, "retail-areas", municipality="leiden", type="main_centre")["results"]
    assert area["figures"][0]["vacancyPct"] == "5.0"
    assert get(client, "retail-areas", type="peripheral")["count"] == 0
    get(client, "retail-areas", 400, type="mall")
    get(client, "retail-areas", 400, municipality="utrecht")
    [park] = get(client, "business-parks")["results"]
    assert park["figures"][0]["hardHa"] == "2.00" and park["figures"][0]["jobs"] is None


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BASE + path).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow(client, observed, indicators):
    services.edition_create(
        actor=None,
        slug="eerste",
        name="Eerste",
        year_published=2016,
        base_year=2014,
        indicators={"banen": None},
    )
    before = {p: _count(client, p) for p in ("indicators", "observations", "index")}
    services.observations_import(
        actor=None,
        rows=rows(*[("banen", "katwijk", year, 5, "banen") for year in range(2014, 2024)]),
    )
    for slug in ("a", "b", "c"):
        services.edition_create(
            actor=None,
            slug=slug,
            name=slug,
            year_published=2016,
            base_year=2014,
            indicators={"banen": None},
        )
    services.cbs_mapping_upsert(
        actor=None,
        indicator=indicators["banen"],
        first_year=2019,
        table_id="84583NED",
        api="v3",
        measure="Banen_1",
    )
    after = {p: _count(client, p) for p in before}
    assert after == before

    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows("leiden;A;hoofdcentrum;ja;2019;1000;10;50;1;T"),
    )
    services.park_figures_import(
        actor=None, create_new=True, rows=parks_rows("leiden,A,2019,40,32,2,3,,T")
    )
    before = {p: _count(client, p) for p in ("retail-areas", "business-parks")}
    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows(
            *[
                f"katwijk;G{n};wijkcentrum;ja;{y};1000;10;50;1;T"
                for n in range(6)
                for y in (2018, 2019)
            ]
        ),
    )
    services.park_figures_import(
        actor=None,
        create_new=True,
        rows=parks_rows(*[f"katwijk,P{n},2019,4,3,1,1,,T" for n in range(6)]),
    )
    assert {p: _count(client, p) for p in before} == before
