"""The retail monitor: import (all or nothing), vacancy and the lines of action, the page,
the exports and who may edit. The figures are test figures, not real ones."""

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from economie071.audit.models import AuditEntry
from economie071.monitor import selectors, services
from economie071.monitor.exceptions import ImportRejected, MonitorError
from economie071.monitor.models import RetailFigure, RetailProgress, ShoppingArea
from economie071.monitor.tables import RETAIL, Row, read_csv

pytestmark = pytest.mark.django_db

HEADER = "municipality;shopping_area;type;main_structure;year;floor_space_m2;outlets;vacant_m2;vacant_outlets;source"  # noqa: E501


def retail_rows(*lines: str) -> list[Row]:
    return read_csv(("\n".join([HEADER, *lines]) + "\n").encode(), RETAIL)


GOOD = [
    "leiden;Centrum;hoofdcentrum;ja;2016;10000;100;1000;10;Test",
    "leiden;Centrum;main_centre;yes;2019;10500;100;525;5;Test",
    "leiderdorp;Meubelboulevard;perifeer;ja;2016;20000;20;2000;2;Test",
    "leiderdorp;Meubelboulevard;peripheral;ja;2019;17000;18;850;1;Test",
    "katwijk;Buurtstrip;wijkcentrum;nee;2019;2000;10;400;2;Test",
]


@pytest.fixture
def retail(programme):
    batch = services.retail_figures_import(
        actor=None, create_new=True, rows=retail_rows(*GOOD), file_name="t.csv"
    )
    lines = {
        "A": services.action_line_upsert(
            actor=None,
            code="A",
            name="Sterker maken wat sterk is",
            metric="main_vacancy",
            baseline_year=2016,
        ),
        "B": services.action_line_upsert(
            actor=None,
            code="B",
            name="Buiten de hoofdstructuur",
            metric="manual",
            baseline_year=2016,
            target_value=Decimal(4),
            target_unit="gebieden",
            target_source="Test",
        ),
        "C": services.action_line_upsert(
            actor=None,
            code="C",
            name="Minder perifere m²",
            metric="peripheral_reduction",
            baseline_year=2016,
            target_value=Decimal(6000),
            target_year=2022,
            target_source="Test",
        ),
    }
    return batch, lines


def test_import_creates_areas_and_figures(retail):
    batch, _lines = retail
    assert batch.created == 5 and batch.kind == "retail"
    area = ShoppingArea.objects.get(slug="leiden-centrum")
    assert area.area_type == "main_centre" and area.in_main_structure
    assert not ShoppingArea.objects.get(slug="katwijk-buurtstrip").in_main_structure
    assert AuditEntry.objects.filter(action="monitor.retail.imported").exists()
    # Importing again replaces the figures of the same area and year.
    again = services.retail_figures_import(actor=None, rows=retail_rows(GOOD[1]))
    assert (again.created, again.updated) == (0, 1)


def test_bad_lines_are_all_reported_and_nothing_is_written(programme):
    with pytest.raises(ImportRejected) as caught:
        services.retail_figures_import(
            actor=None,
            create_new=True,
            rows=retail_rows(
                GOOD[0],
                "utrecht;Centrum;hoofdcentrum;ja;2016;1;1;0;0;Test",  # 3: unknown municipality
                "leiden;Centrum;hoofdcentrum;ja;2016;1;1;0;0;Test",  # 4: duplicate of line 2
                "leiden;Haven;winkelstraat;ja;2016;1;1;0;0;Test",  # 5: unknown type
                "leiden;Haven2;perifeer;ja;2016;100;1;200;0;Test",  # 6: vacant > floor space
                "leiden;Haven3;perifeer;ja;1800;veel;1;0;0;",  # 7: year, number, source
                "leiden;Centrum;perifeer;ja;2017;1;1;0;0;Test",  # 8: another type than line 2
            ),
        )
    lines = {line for line, _m in caught.value.line_errors}
    assert lines == {3, 4, 5, 6, 7, 8}
    messages = " ".join(caught.value.messages)
    # The messages name the line and the column (Dutch, the language of the UI).
    assert "Regel 3: onbekende gemeente “utrecht”" in messages
    assert "staat ook op regel 2" in messages
    assert "vacant_m2 200 is meer dan floor_space_m2 100" in messages
    assert "floor_space_m2 “veel”" in messages
    assert "source is leeg" in messages
    assert not ShoppingArea.objects.exists() and not RetailFigure.objects.exists()


def test_an_unknown_shopping_area_is_a_bad_line_unless_asked_to_create_it(retail):
    before = RetailFigure.objects.count()
    with pytest.raises(ImportRejected) as caught:
        services.retail_figures_import(
            actor=None,
            rows=retail_rows(
                "leiden;CENTRUM;hoofdcentrum;ja;2020;10500;100;525;5;Test",  # known: case aside
                "leiden;Centrun;hoofdcentrum;ja;2020;100;1;0;0;Test",  # a typo
            ),
        )
    assert caught.value.line_errors == [
        (
            3,
            "Leiden heeft geen winkelgebied “Centrun”: controleer de naam, of importeer met "
            "de optie om nieuwe winkelgebieden aan te maken",
        )
    ]
    assert RetailFigure.objects.count() == before
    assert not ShoppingArea.objects.filter(name="Centrun").exists()
    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows("leiden;Centrun;hoofdcentrum;ja;2020;100;1;0;0;Test"),
    )
    assert ShoppingArea.objects.filter(name="Centrun").exists()


def test_a_control_character_is_a_bad_line_naming_its_column(retail):
    before = RetailFigure.objects.count()
    with pytest.raises(ImportRejected) as caught:
        services.retail_figures_import(
            actor=None,
            create_new=True,
            rows=retail_rows(
                "leiden;Cen\x00trum;hoofdcentrum;ja;2020;10500;100;525;5;Test",
                "leiden;Centrum;hoofdcentrum;ja;2021;10500;100;525;5;Te\x1bst",
            ),
        )
    assert caught.value.line_errors == [
        (2, "kolom shopping_area bevat een stuurteken, U+0000 (NULL), op positie 4"),
        (3, "kolom source bevat een stuurteken, U+001B (ESCAPE), op positie 3"),
    ]
    assert RetailFigure.objects.count() == before


def test_floor_space_far_from_the_nearest_year_is_imported_with_a_warning(retail):
    batch = services.retail_figures_import(
        actor=None,
        rows=retail_rows(
            "leiden;Centrum;hoofdcentrum;ja;2020;30000;100;525;5;Test",  # 2: 10500 in 2019
            "leiderdorp;Meubelboulevard;perifeer;ja;2020;16000;18;850;1;Test",  # ordinary
        ),
    )
    assert batch.created == 2
    assert batch.warnings == [
        (
            2,
            "controleer floor_space_m2 (Centrum) in 2020: 30000, tegenover 10500 in 2019; "
            "zo’n grote verandering is ongebruikelijk",
        )
    ]


def test_monitor_vacancy_and_totals(retail, programme):
    monitor = selectors.retail_monitor(programme=programme)
    assert monitor.year == 2019 and monitor.years == [2016, 2019]
    centrum = next(r for r in monitor.rows if r.area.slug == "leiden-centrum")
    assert centrum.vacancy_pct == Decimal("5.0")
    assert centrum.vacancy_outlets_pct == Decimal("5.0")
    assert centrum.floor_space_change == 500
    # The region's vacancy is weighted by floor space: (525+850+400) / (10500+17000+2000).
    assert monitor.region_total.vacancy_pct == Decimal("6.0")
    assert not monitor.example_data


def test_lines_of_action_progress(retail, programme):
    _batch, lines = retail
    services.action_line_progress_record(
        actor=None, line=lines["B"], year=2019, value=Decimal(1), source="Test", note="Eén"
    )
    monitor = selectors.retail_monitor(programme=programme)
    a, b, c = monitor.lines
    # A: vacancy in the main structure (Centrum, Meubelboulevard): (525+850)/(10500+17000).
    assert [(y.year, y.value) for y in a.years] == [(2016, Decimal("10.0")), (2019, Decimal("5.0"))]
    assert b.latest.value == 1 and b.latest.share_of_target == Decimal("25.0")
    # C: peripheral floor space 20,000 m² in 2016, 17,000 in 2019: 3,000 of 6,000 reduced.
    assert c.latest.value == 3000 and c.latest.share_of_target == Decimal("50.0")
    with pytest.raises(MonitorError, match="berekend uit de retailcijfers"):
        services.action_line_progress_record(
            actor=None, line=lines["C"], year=2019, value=Decimal(1), source="x"
        )
    with pytest.raises(MonitorError, match="voor het basisjaar"):
        services.action_line_progress_record(
            actor=None, line=lines["B"], year=2010, value=Decimal(1), source="x"
        )


def test_reduction_leaves_out_a_location_without_both_years(retail, programme):
    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows("zoeterwoude;Nieuwe locatie;perifeer;ja;2019;5000;5;0;0;Test"),
    )
    c = selectors.retail_monitor(programme=programme).lines[2]
    assert c.latest.value == 3000
    assert c.latest.left_out == ("Nieuwe locatie",)


def test_target_needs_a_source(programme):
    with pytest.raises(MonitorError, match="bron van het doel"):
        services.action_line_upsert(
            actor=None, code="A", name="A", metric="manual", baseline_year=2016, target_value=1
        )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_page_is_public_and_shows_the_monitor(client, retail):
    response = client.get(reverse("monitor:retail"))
    assert response.status_code == 200
    page = text(response)
    assert "Centrum" in page and "Meubelboulevard" in page
    assert "5,0%" in page  # vacancy in Dutch notation
    assert page.count("<svg") >= 3  # vacancy per area, per type, and the lines
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "voorbeeldcijfers" not in page.lower()  # test figures are not example data
    assert reverse("monitor:action_line", args=["A"]) not in page  # not for the public
    response = client.get(reverse("monitor:retail"), {"jaar": "2016"})
    assert "10,0%" in text(response)
    assert client.get(reverse("monitor:retail"), {"jaar": "1900"}).status_code == 200


def test_page_without_figures(client, programme):
    response = client.get(reverse("monitor:retail"))
    assert response.status_code == 200
    assert "Er zijn nog geen retailcijfers." in text(response)


def test_page_query_count_does_not_grow(client, retail, programme):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitor:retail")).status_code == 200
        return len(queries)

    before = count()
    more = [
        f"oegstgeest;Gebied {n};wijkcentrum;ja;{year};1000;10;100;1;Test"
        for n in range(8)
        for year in (2016, 2019)
    ]
    services.retail_figures_import(actor=None, create_new=True, rows=retail_rows(*more))
    assert count() == before


def test_exports(client, retail):
    response = client.get(reverse("monitor:retail_csv"))
    assert response["Content-Disposition"].endswith('retailmonitor.csv"')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == 1 + 5
    assert table[1][:3] == ["2016", "Katwijk", "Buurtstrip"] or table[1][0] == "2016"
    response = client.get(reverse("monitor:retail_xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 3
    lines = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert any(row[0] == "C" and row[3] == 3000 for row in lines[1:])


def test_exports_hold_text_never_a_formula_and_numbers_as_numbers(client, programme):
    names = ['=HYPERLINK("https://example.org/x","klik")', "@SUM(A1)", "+31 71", "-korting"]
    services.retail_figures_import(
        actor=None,
        create_new=True,
        rows=retail_rows(*[f"leiden;{name};perifeer;ja;2019;1000;10;50;1;Test" for name in names]),
    )
    response = client.get(reverse("monitor:retail_csv"))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in table for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + name for name in names} <= set(cells)
    assert "1000" in cells  # numbers are written as numbers, without an apostrophe
    response = client.get(reverse("monitor:retail_xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            assert not [cell.coordinate for cell in row if cell.data_type == "f"]
    values = {cell.value: cell for row in workbook.worksheets[0].iter_rows() for cell in row}
    for name in names:
        assert values[name].data_type == "s" and values[name].quotePrefix
    assert values[1000].data_type == "n"


def test_editing_a_line_is_for_the_programme_office(client, retail, plain_user, office_user):
    url = reverse("monitor:action_line", args=["B"])
    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"form": "progress", "year": 2019, "value": 1}).status_code == 403
    client.force_login(office_user)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"form": "progress", "year": "2019", "value": "2", "source": "Werkgroep"}
    )
    assert response.status_code == 302
    assert RetailProgress.objects.get(line__code="B", year=2019).value == 2
    response = client.post(url, {"form": "progress", "year": "2010", "value": "2", "source": "x"})
    assert response.status_code == 200
    assert "2016" in text(response)  # the baseline year in the refusal
    response = client.post(
        url,
        {
            "form": "line",
            "name": "Buiten de hoofdstructuur",
            "metric": "manual",
            "baseline_year": "2016",
            "target_value": "5",
            "target_unit": "gebieden",
            "target_year": "2021",
            "target_source": "Stuurgroep",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("monitor:action_line", args=["Z"])).status_code == 404
