"""CBS StatLine: the client against a real local HTTP server with recorded responses (both
APIs, paging, errors), the mappings per year, and import_cbs end to end."""

import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from economie071.audit.models import AuditEntry
from economie071.monitor import services
from economie071.monitor.cbs import V3, V4, CbsClient, CbsError, Query, period_code
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import CbsMapping, Observation
from economie071.monitor.tables import Row

CODES = ("GM0537", "GM0546", "GM0547", "GM0579", "GM0626", "GM0638")


# --- The client (no database) ---------------------------------------------------------------------


def test_v3_typed_data_set_with_paging(cbs_server):
    client = CbsClient(base_url=cbs_server.url, timeout=5)
    result = client.fetch(
        Query(
            api=V3,
            table_id="84583NED",
            measure="AantalInwoners_5",
            region_dimension="WijkenEnBuurten",
            region_codes=CODES,
        )
    )
    assert result.unit == "aantal"
    values = {v.region_code: v.value for v in result.values}
    assert values["GM0546"] == Decimal(120000)  # the padded key "GM0546    " is stripped
    assert values["GM0626"] == Decimal(25000)  # from the second page (odata.nextLink)
    assert values["GM0638"] is None  # CBS has no figure: None, never 0
    assert len(result.urls) == 3  # DataProperties and two pages
    [dataset, _page2] = cbs_server.queries("TypedDataSet")
    assert dataset["$select"] == ["WijkenEnBuurten,AantalInwoners_5"]
    assert "substringof('GM0546',WijkenEnBuurten)" in dataset["$filter"][0]
    [properties] = cbs_server.queries("DataProperties")
    assert properties["$filter"] == ["Key eq 'AantalInwoners_5'"]


def test_v4_observations_with_paging(cbs_server):
    client = CbsClient(base_url=cbs_server.url, timeout=5)
    result = client.fetch(
        Query(
            api=V4,
            table_id="84799NED",
            measure="M000352",
            region_dimension="WijkenEnBuurten",
            region_codes=CODES,
        )
    )
    assert result.unit == "aantal"
    values = {v.region_code: v.value for v in result.values}
    assert values == {
        "GM0537": Decimal("61000.0"),
        "GM0546": Decimal("121000.0"),
        "GM0547": Decimal("30500.0"),
        "GM0579": Decimal("25500.0"),
        "GM0626": Decimal("25200.0"),
        "GM0638": Decimal("10100.0"),
    }
    first = cbs_server.queries("Observations")[0]
    assert first["$filter"][0].startswith("Measure eq 'M000352' and (startswith(WijkenEnBuurten,")
    assert cbs_server.queries("MeasureCodes")[0]["$filter"] == ["Identifier eq 'M000352'"]


def test_period_dimension_filters_years_and_regions(cbs_server):
    client = CbsClient(base_url=cbs_server.url, timeout=5)
    result = client.fetch(
        Query(
            api=V3,
            table_id="12345TST",
            measure="Vestigingen_1",
            region_dimension="RegioS",
            region_codes=("GM0546", "GM0537"),
            period_dimension="Perioden",
            years=(2019,),
        )
    )
    assert result.unit == "x 1 000"
    assert [(v.region_code, v.year, v.value) for v in result.values] == [
        ("GM0546", 2019, Decimal("13.0")),
        ("GM0537", 2019, None),  # "." is CBS's mark for "not known"
    ]
    [query] = cbs_server.queries("TypedDataSet")
    assert "(Perioden eq '2019JJ00')" in query["$filter"][0]
    assert period_code(2019) == "2019JJ00"


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ("50000ERR", "HTTP status 500"),
        ("50000BAD", "not valid JSON"),
        ("99999XXX", "HTTP status 404"),
    ],
)
def test_errors_name_the_url_and_the_reason(cbs_server, table, reason):
    client = CbsClient(base_url=cbs_server.url, timeout=5)
    with pytest.raises(CbsError) as caught:
        client.measure_unit(V3, table, "AantalInwoners_5", [])
    assert reason in caught.value.reason
    assert caught.value.url.startswith(f"{cbs_server.url}/ODataApi/odata/{table}/DataProperties")


def test_unknown_measure_is_an_error(cbs_server):
    client = CbsClient(base_url=cbs_server.url, timeout=5)
    with pytest.raises(CbsError, match="has no measure M999999"):
        client.measure_unit(V4, "84799NED", "M999999", [])


def test_unreachable_host(unreachable_url):
    client = CbsClient(base_url=unreachable_url, timeout=2)
    with pytest.raises(CbsError) as caught:
        client.measure_unit(V4, "84799NED", "M000352", [])
    assert "cannot be reached" in caught.value.reason
    assert caught.value.url.startswith(unreachable_url)


def test_timeout(cbs_server):
    cbs_server.slow = 1.0
    client = CbsClient(base_url=cbs_server.url, timeout=0.2)
    with pytest.raises(CbsError, match="0.2"):
        client.get_json(cbs_server.url + "/odata/v1/CBS/50000SLW/Observations")


def test_default_addresses_are_the_cbs_hosts():
    client = CbsClient()
    assert client.table_url(V3, "84583NED") == "https://opendata.cbs.nl/ODataApi/odata/84583NED/"
    assert client.table_url(V4, "84799NED") == "https://datasets.cbs.nl/odata/v1/CBS/84799NED/"


# --- Mappings and the import (database) -----------------------------------------------------------


@pytest.fixture
def inhabitants(themes, programme):
    return services.indicator_upsert(
        actor=None,
        slug="inwoners",
        name="Inwoners",
        theme=themes["werk"],
        unit="inwoners",
        source_name="CBS StatLine, Kerncijfers wijken en buurten",
    )


@pytest.fixture
def mappings(inhabitants):
    """Kerncijfers wijken en buurten: a new table id every year (2019 v3, 2020 v4)."""
    return [
        services.cbs_mapping_upsert(
            actor=None,
            indicator=inhabitants,
            first_year=2019,
            table_id="84583NED",
            api="v3",
            measure="AantalInwoners_5",
            region_dimension="WijkenEnBuurten",
            cbs_unit="aantal",
        ),
        services.cbs_mapping_upsert(
            actor=None,
            indicator=inhabitants,
            first_year=2020,
            table_id="84799NED",
            api="v4",
            measure="M000352",
            region_dimension="WijkenEnBuurten",
            cbs_unit="aantal",
        ),
    ]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_each_year_comes_from_its_own_table(cbs_server, mappings, office_user):
    out, _err = run("import_cbs", "--base-url", cbs_server.url, "--user", office_user.username)
    assert "11 value(s) read, 11 observation(s) created" in out
    assert "Zoeterwoude in 2019 (84583NED)" in out  # the value CBS did not give
    leiden = {
        o.year: o
        for o in Observation.objects.filter(indicator__slug="inwoners", municipality__slug="leiden")
    }
    assert leiden[2019].value == Decimal(120000)
    assert leiden[2019].source == "CBS StatLine 84583NED (AantalInwoners_5)"
    assert leiden[2020].value == Decimal(121000)
    assert leiden[2020].source == "CBS StatLine 84799NED (M000352)"
    assert leiden[2020].imported_by == office_user
    assert leiden[2020].retrieved_on is not None
    assert leiden[2020].batch.kind == "cbs"
    assert AuditEntry.objects.filter(action="monitor.observations.imported").exists()
    # Only 2020: only the v4 table is asked.
    cbs_server.requests.clear()
    run("import_cbs", "--base-url", cbs_server.url, "--year", "2020")
    assert all(path.startswith("/odata/v1/CBS/84799NED/") for path, _q in cbs_server.requests)


def test_unreachable_cbs_writes_nothing(unreachable_url, mappings):
    with pytest.raises(CommandError) as caught:
        run("import_cbs", "--base-url", unreachable_url, "--timeout", "2")
    message = str(caught.value)
    assert unreachable_url + "/ODataApi/odata/84583NED/DataProperties" in message
    assert "cannot be reached" in message and "Nothing was imported" in message
    assert not Observation.objects.exists()


def test_an_error_in_the_second_table_writes_nothing_of_the_first(cbs_server, mappings):
    services.cbs_mapping_upsert(
        actor=None,
        indicator=mappings[1].indicator,
        first_year=2020,
        table_id="50000ERR",
        api="v4",
        measure="M000352",
        region_dimension="WijkenEnBuurten",
    )
    with pytest.raises(CommandError, match="HTTP status 500"):
        run("import_cbs", "--base-url", cbs_server.url)
    assert not Observation.objects.exists()


def test_unit_mismatch_writes_nothing(cbs_server, mappings):
    mapping = mappings[0]
    mapping.cbs_unit = "x 1 000"
    mapping.save()
    with pytest.raises(CommandError, match="Eenheid klopt niet voor inwoners"):
        run("import_cbs", "--base-url", cbs_server.url)
    assert not Observation.objects.exists()


def test_values_go_through_the_file_import_checks(cbs_server, mappings, inhabitants):
    # A final figure is never replaced by a provisional one: the same service decides.
    services.observations_import(
        actor=None,
        rows=[
            Row(
                line=2,
                cells={
                    "indicator": "inwoners",
                    "area": "leiden",
                    "year": "2019",
                    "value": "1",
                    "unit": "inwoners",
                    "status": "final",
                },
            )
        ],
    )
    out, _err = run("import_cbs", "--base-url", cbs_server.url)
    assert "1 updated" in out
    assert Observation.objects.get(municipality__slug="leiden", year=2019).value == 120000


def test_factor_and_period_dimension(cbs_server, themes, programme):
    indicator = services.indicator_upsert(
        actor=None,
        slug="vestigingen",
        name="Vestigingen",
        theme=themes["bedrijvigheid"],
        unit="vestigingen",
        source_name="Test",
    )
    services.cbs_mapping_upsert(
        actor=None,
        indicator=indicator,
        first_year=2018,
        last_year=2019,
        table_id="12345TST",
        api="v3",
        measure="Vestigingen_1",
        region_dimension="RegioS",
        period_dimension="Perioden",
        cbs_unit="x 1 000",
        factor=1000,
    )
    run("import_cbs", "--base-url", cbs_server.url, "--indicator", "vestigingen")
    values = dict(
        Observation.objects.filter(municipality__slug="leiden").values_list("year", "value")
    )
    assert values == {2018: Decimal(12500), 2019: Decimal(13000)}


def test_mapping_rules(inhabitants):
    def make(**kwargs):
        defaults = {
            "actor": None,
            "indicator": inhabitants,
            "first_year": 2019,
            "table_id": "84583NED",
            "api": "v3",
            "measure": "AantalInwoners_5",
            "region_dimension": "WijkenEnBuurten",
        }
        return services.cbs_mapping_upsert(**{**defaults, **kwargs})

    make()
    assert make() == CbsMapping.objects.get()  # the same again changes nothing
    with pytest.raises(MonitorError, match="bevat dus één jaar"):
        make(first_year=2020, last_year=2021, table_id="84799NED")
    with pytest.raises(MonitorError, match="heeft al tabel 84583NED"):
        make(first_year=2015, last_year=2019, period_dimension="Perioden", table_id="03759ned")
    with pytest.raises(MonitorError) as caught:
        make(first_year=2021, table_id="no!", api="v5", measure="", factor=0)
    assert len(caught.value.messages) == 4
    assert CbsMapping.objects.count() == 1


def test_mapping_file_is_all_or_nothing(inhabitants, tmp_path, cbs_server):
    path = tmp_path / "mappings.yaml"
    good = {
        "indicator": "inwoners",
        "year": 2019,
        "table_id": "84583NED",
        "api": "v3",
        "measure": "AantalInwoners_5",
        "region_dimension": "WijkenEnBuurten",
    }
    bad = {**good, "year": 2020, "api": "v9", "colour": "red"}
    path.write_text(yaml.safe_dump({"mappings": [good, bad]}), encoding="utf-8")
    with pytest.raises(CommandError, match="no mapping was saved"):
        run("import_cbs", "--mapping", str(path), "--base-url", cbs_server.url)
    assert not CbsMapping.objects.exists()
    path.write_text(yaml.safe_dump([good]), encoding="utf-8")
    out, _err = run("import_cbs", "--mapping", str(path), "--base-url", cbs_server.url)
    assert "1 mapping(s) saved" in out
    assert "5 value(s) read" in out


def test_nothing_to_fetch(programme, inhabitants):
    with pytest.raises(CommandError, match="Geen CBS-koppeling past"):
        run("import_cbs")
    with pytest.raises(CommandError, match="Onbekende indicator: banen"):
        run("import_cbs", "--indicator", "banen")
