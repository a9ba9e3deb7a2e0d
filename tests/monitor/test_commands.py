"""The monitor's commands: import_indicators, compute_index, allocate_costs."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from economie071.monitor import services
from economie071.monitor.models import Observation, ShoppingArea
from tests.monitor.conftest import rows

pytestmark = pytest.mark.django_db

CSV = """indicator;area;year;value;unit;status;source
banen;leiden;2014;1000;banen;definitief;Test
banen;leiden;2015;1100;banen;voorlopig;Test
werkloosheid;leiden;2014;8;%;;Test
werkloosheid;leiden;2015;10;%;;Test
vestigingen;leiden;2014;50;vestigingen;;Test
vestigingen;leiden;2015;60;vestigingen;;Test
"""


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_csv(programme, indicators, tmp_path, office_user):
    path = tmp_path / "cijfers.csv"
    path.write_text(CSV, encoding="utf-8")
    out, _err = run("import_indicators", str(path), "--user", office_user.username)
    assert "6 observation(s) created" in out
    assert Observation.objects.filter(imported_by=office_user).count() == 6
    assert Observation.objects.get(indicator__slug="banen", year=2015).status == "provisional"


def test_import_xlsx(programme, indicators, tmp_path):
    workbook = openpyxl.Workbook()
    for line in CSV.splitlines():
        workbook.active.append(line.split(";"))
    path = tmp_path / "cijfers.xlsx"
    workbook.save(path)
    out, _err = run("import_indicators", str(path))
    assert "6 observation(s) created" in out


def test_import_with_bad_lines_reports_each_and_imports_nothing(programme, indicators, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(
        CSV
        + "banen;leiden;2015;1100;banen;;Test\n"  # line 8: duplicate of line 3
        + "banen;nergens;2016;1;banen;;Test\n"  # line 9
        + "banen;leiden;2017;veel;banen;;Test\n"  # line 10
        + "banen;leiden;2018;5;euro;;Test\n",  # line 11
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="4 bad line"):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_indicators", str(path), stdout=out, stderr=err)
    report = err.getvalue()
    for line in (8, 9, 10, 11):
        assert f"Line {line}:" in report or f"Regel {line}:" in report
    assert not Observation.objects.exists()


RETAIL_CSV = (
    "gemeente;winkelgebied;soort;jaar;wvo_m2;verkooppunten;leegstand_m2;leegstaande_verkooppunten;bron\n"
    "leiden;Centrum;hoofdcentrum;2019;1000;10;50;1;Test\n"
)


def test_import_retail_creates_shopping_areas_only_when_asked(programme, tmp_path):
    path = tmp_path / "winkels.csv"
    path.write_text(RETAIL_CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="1 bad line"):
        out, err = io.StringIO(), io.StringIO()
        call_command("import_indicators", str(path), "--kind", "retail", stdout=out, stderr=err)
    assert "Line 2" in err.getvalue() or "Regel 2" in err.getvalue()
    assert "Centrum" in err.getvalue()
    assert not ShoppingArea.objects.exists()
    out, _err = run("import_indicators", str(path), "--kind", "retail", "--create-new")
    assert "1 figure(s) created" in out
    assert ShoppingArea.objects.get().name == "Centrum"
    with pytest.raises(CommandError, match="--create-new is for"):
        run("import_indicators", str(path), "--create-new")


def test_a_cell_over_the_csv_field_limit_is_a_named_error(programme, indicators, tmp_path):
    path = tmp_path / "lang.csv"
    path.write_text(CSV + "banen;leiden;2016;1;banen;;" + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"lang\.csv: Line 8.*characters.*Nothing was imported"):
        run("import_indicators", str(path))
    assert not Observation.objects.exists()


def test_import_prints_the_figures_to_check(programme, indicators, tmp_path):
    path = tmp_path / "sprong.csv"
    path.write_text(CSV + "banen;leiden;2016;5000;banen;;Test\n", encoding="utf-8")
    out, _err = run("import_indicators", str(path))
    assert "sprong.csv: line 8: controleer banen voor Leiden in 2016: 5000" in out
    assert "7 observation(s) created" in out


def test_import_missing_file_and_unknown_user(tmp_path, db):
    with pytest.raises(CommandError, match="cannot be read"):
        run("import_indicators", str(tmp_path / "er-niet.csv"))
    with pytest.raises(CommandError, match="Unknown user"):
        run("import_indicators", str(tmp_path / "x.csv"), "--user", "niemand")


def test_compute_index_json(observed):
    out, _err = run("compute_index", "--format", "json", "--area", "leiden")
    data = json.loads(out)
    assert data["edition"] is None
    assert data["base_year"] == 2014
    assert "does not measure the effect of policy" in data["note"] or "beleid" in data["note"]
    [leiden] = data["areas"]
    assert leiden["area"] == "leiden"
    first, second = leiden["years"]
    assert first["total"] == "100.0"
    assert second["indicators"] == {
        "banen": "110.0",
        "werkloosheid": "80.0",
        "vestigingen": "120.0",
    }
    assert second["themes"] == {"werk": "95.0", "bedrijvigheid": "120.0"}
    assert second["total"] == "107.5"
    change = second["change_since_previous_year"]
    assert change["points"] == "7.50"
    assert sum(Decimal(c["points"]) for c in change["contributions"]) == Decimal("7.50")


def test_compute_index_text_and_base_year(observed):
    out, _err = run("compute_index", "--base-year", "2015")
    assert "2015: 100.0" in out
    assert "Leiden" in out


def test_compute_index_errors(observed):
    with pytest.raises(CommandError, match="Unknown area: utrecht|Onbekend gebied: utrecht"):
        run("compute_index", "--area", "utrecht")
    with pytest.raises(CommandError, match="Unknown edition"):
        run("compute_index", "--edition", "bestaat-niet")
    with pytest.raises(CommandError, match="base year 2013|basisjaar 2013"):
        run("compute_index", "--base-year", "2013")


def test_compute_index_base_value_zero(programme, indicators):
    services.observations_import(
        actor=None,
        rows=rows(
            ("banen", "leiden", 2014, 0, "banen"),
            ("banen", "leiden", 2015, 10, "banen"),
        ),
    )
    with pytest.raises(CommandError, match="divide by zero|door nul delen"):
        run("compute_index")


def test_compute_index_without_anything(db):
    with pytest.raises(CommandError, match="No programme"):
        run("compute_index")


def test_allocate_costs_json_sums_exactly(programme):
    out, _err = run("allocate_costs", "--amount", "192000", "--year", "2019", "--format", "json")
    data = json.loads(out)
    shares = {item["municipality"]: Decimal(item["amount"]) for item in data["shares"]}
    assert sum(shares.values()) == Decimal("192000")
    assert data["total"] == "192000.00"
    # Test inhabitants: Leiden 120,000 of 270,000.
    assert shares["leiden"] == Decimal("85333.33")
    assert data["shares"][0]["inhabitants"] == 60_000


def test_allocate_costs_some_municipalities_and_latest_year(programme):
    out, _err = run(
        "allocate_costs",
        "--amount",
        "100.01",
        "--municipalities",
        "katwijk,Leiden",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert [s["municipality"] for s in data["shares"]] == ["katwijk", "leiden"]
    assert sum(Decimal(s["amount"]) for s in data["shares"]) == Decimal("100.01")
    assert data["year"] == 2019


def test_allocate_costs_errors(programme):
    with pytest.raises(
        CommandError, match="Unknown municipality: utrecht|Onbekende gemeente: utrecht"
    ):
        run("allocate_costs", "--amount", "10", "--municipalities", "utrecht")
    with pytest.raises(CommandError, match="2018: |januari 2018|January 2018"):
        run("allocate_costs", "--amount", "10", "--year", "2018")
    with pytest.raises(CommandError, match="not an amount"):
        run("allocate_costs", "--amount", "tien")
    with pytest.raises(CommandError, match="whole cents"):
        run("allocate_costs", "--amount", "10.001")
    out, _err = run("allocate_costs", "--amount", "10")
    assert "Leiden" in out


def test_import_template_is_importable(programme, indicators, tmp_path):
    out, _err = run("import_indicators", "--template")
    assert out.startswith("indicator,area,year,value,unit,status,source,retrieved_on")
    path = tmp_path / "sjabloon.csv"
    path.write_text(out, encoding="utf-8")
    run("import_indicators", str(path))
    observation = Observation.objects.get()
    assert str(observation.retrieved_on) == "2020-03-01"
    with pytest.raises(CommandError, match="Name the file"):
        run("import_indicators")
