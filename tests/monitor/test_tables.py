"""Reading import files (monitor/tables.py): CSV with either delimiter, Excel, bad files, and
the bounds on the work a file can cause. Big files are generated here, not committed."""

import csv
import io
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from economie071.monitor.tables import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    MAX_XLSX_CELLS,
    MAX_XLSX_ROWS,
    MAX_XLSX_UNPACKED,
    TableError,
    parse_number,
    parse_year,
    read_table,
)

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


# --- The work is bounded by the file, blank rows and cells included -----------------------------


def write_only_xlsx(*records, blank_rows: int = 0, blank_width: int = 1) -> bytes:
    """A real workbook (openpyxl, write-only) with rows of formatted empty cells below the data,
    the way a sheet formatted far below its figures is saved."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for record in records:
        sheet.append(list(record))
    blank = WriteOnlyCell(sheet)
    blank.font = Font(bold=True)
    for _ in range(blank_rows):
        sheet.append([blank] * blank_width)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


COLUMNS = ("indicator", "area", "year", "value", "unit")
DATA = ("banen", "leiden", 2019, 1, "banen")


def test_blank_rows_of_a_workbook_count_toward_the_limit():
    assert len(read_table(write_only_xlsx(COLUMNS, DATA, blank_rows=1000), "x.xlsx")) == 1
    data = write_only_xlsx(COLUMNS, DATA, blank_rows=MAX_ROWS)
    with pytest.raises(TableError, match=f"more than {MAX_ROWS} lines .*blank lines included"):
        read_table(data, "x.xlsx")


def test_blank_lines_of_a_csv_file_count_toward_the_limit():
    data = (HEADER + "banen,leiden,2019,1,banen,,\n" + "\n" * MAX_ROWS).encode()
    with pytest.raises(TableError, match=f"more than {MAX_ROWS} lines"):
        read_table(data, "x.csv")


def test_a_sheet_that_says_it_spans_too_many_rows_is_refused_before_it_is_read():
    workbook = openpyxl.Workbook()
    for record in (COLUMNS, DATA):
        workbook.active.append(record)
    workbook.active.cell(row=MAX_ROWS + 10, column=1).font = Font(bold=True)  # formatted, empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TableError, match=f"spans {MAX_ROWS + 10} rows"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_a_workbook_with_more_rows_than_are_read_is_refused_before_it_is_opened():
    """Without a stated size openpyxl reads every sheet through on opening: the rows and
    cells are counted in the unpacked sheets first (write-only workbooks state no size)."""
    data = write_only_xlsx(COLUMNS, DATA, blank_rows=MAX_XLSX_ROWS)
    with pytest.raises(TableError, match=rf"have {MAX_XLSX_ROWS + 2} rows and \d+ cells"):
        read_table(data, "x.xlsx")


def test_blank_cells_count_toward_the_cell_limit():
    width = MAX_XLSX_CELLS // (MAX_ROWS // 2) + 1  # half the rows, each this wide: too many
    header = COLUMNS + tuple(f"extra{n}" for n in range(width - len(COLUMNS)))
    data = write_only_xlsx(header, DATA, blank_rows=MAX_ROWS // 2)
    with pytest.raises(TableError, match=f"more than {MAX_XLSX_CELLS} cells"):
        read_table(data, "x.xlsx")


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read():
    packed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx(COLUMNS, DATA))) as source,
        zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/image1.png", b"\0" * (MAX_XLSX_UNPACKED + 1))
    assert len(packed.getvalue()) < 1024 * 1024
    with pytest.raises(TableError, match="unpacks to"):
        read_table(packed.getvalue(), "x.xlsx")


def test_only_the_columns_of_the_header_are_read():
    rows = read_table(xlsx(COLUMNS + (None, None), DATA + ("x", "y", "z")), "x.xlsx")
    assert rows[0].cells == dict(
        zip(COLUMNS, ("banen", "leiden", "2019", "1", "banen"), strict=True)
    )


# --- Over-long cells ----------------------------------------------------------------------------


def test_an_over_long_cell_is_an_error_naming_its_line_and_column():
    data = HEADER + "banen,leiden,2019,1,banen,," + "x" * (MAX_CELL_CHARS + 1) + "\n"
    with pytest.raises(TableError, match=r"Line 2, column source: the cell has 1001 characters"):
        read_table(data.encode(), "x.csv")
    with pytest.raises(TableError, match=r"Line 2, column source"):
        read_table(xlsx(HEADER.strip().split(","), DATA + ("", "x" * 2000)), "x.xlsx")


def test_a_cell_over_the_csv_modules_limit_is_an_error_not_a_crash():
    limit = csv.field_size_limit()
    assert limit < 10_000_000  # nothing raised csv's limit for the whole process
    data = HEADER + "banen,leiden,2019,1,banen,," + "x" * (limit + 10) + "\n"
    with pytest.raises(TableError, match=r"^Line 2: a cell has more than \d+ characters"):
        read_table(data.encode(), "x.csv")
