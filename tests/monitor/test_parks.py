"""Business parks: the land balance (a plain calculation, with property tests), the imports,
the covenant ledger, the page and the exports. The figures are test figures."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from economie071.monitor import selectors, services
from economie071.monitor.calculations import first_shortfall, land_balance, percentage
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.models import BusinessPark, LandDemand, LedgerEntry
from economie071.monitor.tables import DEMAND, PARKS, read_csv

PARK_HEADER = "municipality,business_park,year,gross_ha,net_ha,hard_ha,soft_ha,jobs,source"
DEMAND_HEADER = "area,scenario,year,hectares,source"

hectares = st.decimals(min_value=0, max_value=1000, places=2)


@given(hard=hectares, soft=hectares, demand=st.lists(hectares, min_size=1, max_size=12))
def test_balance_adds_up(hard, soft, demand):
    rows = land_balance(
        hard=hard,
        soft=soft,
        demand=dict(enumerate(demand, 2019)),
        first_year=2019,
        last_year=2018 + len(demand),
    )
    assert rows[-1].cumulative_demand == sum(demand)
    for row in rows:
        assert row.total_balance - row.hard_balance == soft
        assert row.hard_balance == hard - row.cumulative_demand
    hard_year = first_shortfall(rows, include_soft=False)
    total_year = first_shortfall(rows, include_soft=True)
    # With the soft supply a shortfall never comes earlier.
    assert total_year is None or (hard_year is not None and hard_year <= total_year)


def test_a_year_without_forecast_leaves_the_balance_unknown():
    rows = land_balance(
        hard=Decimal(10),
        soft=Decimal(5),
        demand={2019: Decimal(4), 2021: Decimal(4)},
        first_year=2019,
        last_year=2021,
    )
    assert rows[0].hard_balance == 6
    assert rows[1].hard_balance is None and rows[2].hard_balance is None


def test_percentage():
    assert percentage(1, 3) == Decimal("33.3")
    assert percentage(1, 0) is None


def parks_rows(*lines):
    return read_csv(("\n".join([PARK_HEADER, *lines]) + "\n").encode(), PARKS)


def demand_rows(*lines):
    return read_csv(("\n".join([DEMAND_HEADER, *lines]) + "\n").encode(), DEMAND)


@pytest.fixture
def parks(programme):
    services.park_figures_import(
        actor=None,
        create_new=True,
        rows=parks_rows(
            "leiden,Noord,2019,40,32,2,3,1500,Test",
            "katwijk,Zee,2019,20,16,1,0,,Test",
            "katwijk,Zee,2018,20,16,1.5,0,,Test",
        ),
    )
    services.land_demand_import(
        actor=None,
        rows=demand_rows(
            *[f"leidse-regio,mid,{year},1,Test" for year in range(2019, 2031)],
            *[f"leidse-regio,high,{year},2.5,Test" for year in range(2019, 2031)],
        ),
    )
    return programme


pytestmark = pytest.mark.django_db


def test_overview_balance(parks, programme):
    overview = selectors.parks_overview(programme=programme)
    assert overview.supply_year == 2019
    assert overview.region_total.hard_ha == 3 and overview.region_total.soft_ha == 3
    assert overview.region_total.jobs is None  # Zee has no jobs figure
    mid = overview.region_balance.scenarios["mid"]
    assert [r.year for r in mid] == list(range(2019, 2031))
    assert mid[0].hard_balance == 2  # 3 ha hard minus 1 ha demand in 2019
    assert overview.shortfall("mid", include_soft=False) == 2022
    assert overview.shortfall("mid", include_soft=True) == 2025
    assert overview.shortfall("high", include_soft=False) == 2020
    assert "low" not in overview.region_balance.scenarios
    assert overview.region_balance.basis == "region"


def test_region_balance_from_the_municipalities(programme):
    services.park_figures_import(
        actor=None, create_new=True, rows=parks_rows("leiden,Noord,2019,40,32,2,3,,T")
    )
    services.land_demand_import(
        actor=None,
        rows=demand_rows("leiden,laag,2019,1,T", "katwijk,low,2019,0.5,T", "leiden,low,2020,1,T"),
    )
    overview = selectors.parks_overview(programme=programme)
    assert overview.region_balance.basis == "municipalities"
    low = overview.region_balance.scenarios["low"]
    assert low[0].cumulative_demand == Decimal("1.5")
    assert low[1].cumulative_demand is None  # Katwijk has no forecast for 2020
    # Katwijk has a forecast but no park: its demand stands against no supply at all.
    assert [b.key for b in overview.municipality_balances] == ["katwijk", "leiden"]
    assert overview.municipality_balances[0].scenarios["low"][0].hard_balance == Decimal("-0.5")


def test_import_errors(programme):
    with pytest.raises(ImportRejected) as caught:
        services.park_figures_import(
            actor=None,
            create_new=True,
            rows=parks_rows(
                "leiden,Noord,2019,40,50,2,3,,Test",  # 2: net > gross
                "leiden,Noord,2019,40,30,-2,3,,Test",  # 3: duplicate, negative hard
                "nergens,X,2019,1,1,1,1,,Test",  # 4
                "leiden,Y,2019,1.234,1,1,1,veel,Test",  # 5: 3 decimals, jobs
            ),
        )
    assert {line for line, _m in caught.value.line_errors} == {2, 3, 4, 5}
    assert not BusinessPark.objects.exists()
    with pytest.raises(ImportRejected, match="scenario"):
        services.land_demand_import(actor=None, rows=demand_rows("leiden,gemiddeld,2019,1,T"))
    assert not LandDemand.objects.exists()


def test_an_unknown_business_park_is_a_bad_line_unless_asked_to_create_it(parks):
    with pytest.raises(ImportRejected) as caught:
        services.park_figures_import(
            actor=None,
            rows=parks_rows("leiden,noord,2020,40,32,2,3,,Test", "leiden,Nord,2020,4,3,0,0,,Test"),
        )
    assert [line for line, _m in caught.value.line_errors] == [3]
    assert "Leiden heeft geen bedrijventerrein “Nord”" in caught.value.line_errors[0][1]
    assert not BusinessPark.objects.filter(name="Nord").exists()
    services.park_figures_import(
        actor=None, create_new=True, rows=parks_rows("leiden,Nord,2020,4,3,0,0,,Test")
    )
    assert BusinessPark.objects.filter(name="Nord").exists()


def test_a_control_character_is_a_bad_line_in_park_and_demand_imports(parks):
    with pytest.raises(ImportRejected) as caught:
        services.park_figures_import(
            actor=None, rows=parks_rows("leiden,Noord\x7f,2020,40,32,2,3,,Test")
        )
    assert caught.value.line_errors == [
        (2, "kolom business_park bevat een stuurteken, U+007F (DELETE), op positie 6")
    ]
    with pytest.raises(ImportRejected, match="kolom source bevat een stuurteken, U\\+0007"):
        services.land_demand_import(actor=None, rows=demand_rows("leiden,low,2031,1,T\x07"))
    assert not LandDemand.objects.filter(year=2031).exists()


def test_gross_hectares_far_from_the_nearest_year_give_a_warning(parks):
    batch = services.park_figures_import(
        actor=None, rows=parks_rows("leiden,Noord,2020,4,3.2,2,3,1500,Test")
    )
    assert [line for line, _m in batch.warnings] == [2]
    assert "gross_ha (Noord) in 2020: 4, tegenover 40 in 2019" in batch.warnings[0][1]


def test_ledger(parks, programme, municipalities):
    park = BusinessPark.objects.get(slug="leiden-noord")
    services.ledger_entry_create(
        actor=None,
        municipality=municipalities["leiden"],
        park=park,
        year=2019,
        kind="transformation",
        hectares=Decimal("2.5"),
        description="Woningbouw",
        source="T",
    )
    services.ledger_entry_create(
        actor=None,
        municipality=municipalities["leiden"],
        year=2020,
        kind="compensation",
        hectares=Decimal(1),
        description="Zacht aanbod hard gemaakt",
        source="T",
    )
    leiden = next(
        r
        for r in selectors.parks_overview(programme=programme).ledger
        if r.municipality.slug == "leiden"
    )
    assert (leiden.transformed, leiden.compensated, leiden.outstanding) == (
        Decimal("2.5"),
        Decimal(1),
        Decimal("1.5"),
    )
    with pytest.raises(MonitorError) as caught:
        services.ledger_entry_create(
            actor=None,
            municipality=municipalities["katwijk"],
            park=park,
            year=2019,
            kind="transformation",
            hectares=Decimal(0),
            description="",
            source="",
        )
    assert len(caught.value.messages) == 4
    assert LedgerEntry.objects.count() == 2


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_page(client, parks):
    response = client.get(reverse("monitor:parks"))
    assert response.status_code == 200
    page = text(response)
    assert "2022" in page  # the first shortfall against hard supply, mid scenario
    assert 'class="shortfall"' in page and "▼" in page  # not colour alone
    assert "<svg" in page and 'role="img"' in page
    assert "42.500" in page and "Projectenoverzicht Economie071, november 2019" in page
    assert reverse("monitor:ledger_create") not in page
    page = text(client.get(reverse("monitor:parks"), {"scenario": "high"}))
    assert "2020" in page


def test_page_query_count(client, parks):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitor:parks")).status_code == 200
        return len(queries)

    before = count()
    services.park_figures_import(
        actor=None,
        create_new=True,
        rows=parks_rows(*[f"oegstgeest,P{n},2019,5,4,1,1,,T" for n in range(8)]),
    )
    assert count() == before


def test_exports(client, parks):
    response = client.get(reverse("monitor:parks_csv"))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 1 + 24  # two scenarios × 12 years
    response = client.get(reverse("monitor:parks_xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 4


def test_ledger_form_is_for_the_programme_office(
    client, parks, plain_user, office_user, municipalities
):
    url = reverse("monitor:ledger_create")
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    client.force_login(office_user)
    response = client.post(
        url,
        {
            "municipality": "katwijk",
            "park": "leiden-noord",
            "year": "2019",
            "kind": "transformation",
            "hectares": "1",
            "description": "Woningbouw",
            "source": "Raadsbesluit",
        },
    )
    assert response.status_code == 200  # the park lies in Leiden
    assert 'class="error-summary"' in text(response)
    assert not LedgerEntry.objects.exists()
    data = {
        "municipality": "leiden",
        "park": "leiden-noord",
        "year": "2019",
        "kind": "transformation",
        "hectares": "1",
        "description": "Woningbouw",
        "source": "Raadsbesluit",
    }
    assert client.post(url, data).status_code == 302
    assert LedgerEntry.objects.get().recorded_by == office_user
