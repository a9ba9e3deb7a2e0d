"""Reading import files (monitor/tables.py): CSV with either delimiter, Excel, bad files."""

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.monitor.tables import TableError, parse_number, parse_year, read_table

HEADER = "indicator,area,year,value,unit,status,source\n"


def xlsx(*records) -> bytes:
    workbook = openpyxl.Workbook()
    for record in records:
        workbook.active.append(list(record))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_with_commas_and_line_numbers():
    data = HEADER + "banen,leiden,2019,12.5,banen,final,CBS\n\nbanen,katwijk,2019,3,banen,,\n"
    rows = read_table(data.encode(), "x.csv")
    assert [row.line for row in rows] == [2, 4]  # the blank line 3 is skipped, still counted
    assert rows[0].cells["value"] == "12.5"
    assert rows[1].cells["status"] == ""


def test_csv_with_semicolons_bom_and_dutch_column_names():
    data = "\ufeffIndicator;Gebied;Jaar;Waarde;Eenheid\nbanen;leiden;2019;12,5;banen\n"
    rows = read_table(data.encode(), "x.CSV")
    assert rows[0].cells == {
        "indicator": "banen",
        "area": "leiden",
        "year": "2019",
        "value": "12,5",
        "unit": "banen",
    }


def test_xlsx():
    data = xlsx(
        ("indicator", "area", "year", "value", "unit"),
        ("banen", "leiden", 2019, 0.1, "banen"),
        ("banen", "leiden", 2020.0, 12, "banen"),
    )
    rows = read_table(data, "cijfers.xlsx")
    assert [(r.line, r.cells["year"], r.cells["value"]) for r in rows] == [
        (2, "2019", "0.1"),
        (3, "2020", "12"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"indicator,area,year\nx,y,2019\n", "x.csv", "value, unit are missing"),
        (b"", "x.csv", "empty"),
        ("indicator;area\n".encode("utf-16"), "x.csv", "UTF-8"),
        (b"not excel", "x.xlsx", "Excel"),
        (b"a", "x.txt", ".csv or .xlsx"),
        (b"indicator,area,year,value,unit,unit\n", "x.csv", "appear twice"),
    ],
)
def test_unreadable_files(data, name, message):
    with pytest.raises(TableError, match=message):
        read_table(data, name)


def test_numbers_and_years():
    assert str(parse_number("1234,5")) == "1234.5"
    assert str(parse_number(" -3 ")) == "-3"
    for bad in ("1.234,5", "1,234,5", "abc", "", "NaN", "Infinity"):
        assert parse_number(bad) is None
    assert parse_year("2019") == 2019
    assert parse_year("2019.0") == 2019
    assert parse_year("19") is None
    assert parse_year("twintig") is None


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**9, min_value=-(10**9)
    )
)
def test_parse_number_round_trips(number):
    assert parse_number(str(number)) == number
    assert parse_number(str(number).replace(".", ",")) == number
