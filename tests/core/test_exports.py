"""CSV and Excel files of the platform (core/exports.py): text is never a formula, numbers stay
numbers, and the visible text is the original.

The files are real: CSV read back with the csv module, workbooks saved and loaded with
openpyxl.
"""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from economie071.core.exports import (
    EXCEL_CELL_LIMIT,
    FORMULA_TRIGGERS,
    CsvWriter,
    SheetTable,
    csv_response,
    csv_text,
    is_dangerous,
    neutralise,
    new_workbook,
    visible_text,
    workbook_bytes,
    write_row,
    xlsx_response,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "economie071"

# Text that starts with a trigger, or apostrophes and then one, or anything at all.
triggers = st.sampled_from(sorted(FORMULA_TRIGGERS))
dangerous_text = st.builds(
    lambda quotes, trigger, rest: "'" * quotes + trigger + rest,
    st.integers(0, 3),
    triggers,
    st.text(max_size=30),
)
any_text = st.one_of(dangerous_text, st.text(max_size=40))
# What an .xlsx cell can hold: XML 1.0 characters, without the CR that XML turns into LF.
xml_text = st.one_of(dangerous_text, st.text(max_size=40)).map(
    lambda text: re.sub("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))


def starts_like_a_formula(cell: str) -> bool:
    return bool(cell) and cell[0] in FORMULA_TRIGGERS


@given(any_text)
def test_a_neutralised_text_never_starts_like_a_formula_and_can_be_undone(text):
    cell = neutralise(text)
    assert not starts_like_a_formula(cell)
    assert visible_text(cell) == text
    assert cell == text or cell == "'" + text  # one apostrophe at most, nothing else


@given(st.lists(any_text, min_size=1, max_size=5))
def test_csv_cells_are_never_formulas_and_read_back_as_the_original(texts):
    buffer = io.StringIO(newline="")
    CsvWriter(buffer).writerow(texts)
    [row] = read_csv(buffer.getvalue())
    assert not any(starts_like_a_formula(cell) for cell in row)
    assert [visible_text(cell) for cell in row] == texts


@given(st.lists(xml_text, min_size=1, max_size=5))
def test_xlsx_text_is_a_string_cell_with_the_original_text(texts):
    workbook = new_workbook()
    write_row(workbook.active, 1, texts)
    loaded = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))
    cells = list(loaded.active.iter_rows(min_row=1, max_row=1, max_col=len(texts)))[0]
    for cell, text in zip(cells, texts, strict=True):
        assert cell.data_type != "f"
        assert (cell.value or "") == text
        assert cell.quotePrefix == is_dangerous(text)


def test_ordinary_text_is_left_alone():
    assert neutralise("'s-Gravenhage") == "'s-Gravenhage"
    assert neutralise("Leiden Centrum") == "Leiden Centrum"
    assert neutralise("a-b = c") == "a-b = c"
    assert neutralise("") == ""


def test_numbers_stay_numbers_in_csv():
    text = csv_text([["-5", -5, Decimal("-1.5"), 2.25, None, True, "@home"]])
    assert read_csv(text) == [["'-5", "-5", "-1.5", "2.25", "", "True", "'@home"]]


def test_dates_in_csv():
    moment = datetime.datetime(2020, 3, 1, 12, 30, tzinfo=datetime.UTC)
    text = csv_text([[datetime.date(2020, 3, 1), moment]])
    assert read_csv(text) == [["2020-03-01", "2020-03-01 13:30"]]  # Amsterdam time


def test_numbers_dates_and_booleans_in_xlsx():
    workbook = new_workbook()
    moment = datetime.datetime(2020, 3, 1, 12, 30, tzinfo=datetime.UTC)
    day = datetime.date(2020, 3, 1)
    write_row(workbook.active, 1, [-5, Decimal("-1.5"), 2.25, True, day, moment, float("nan")])
    cells = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active[1]
    assert [c.value for c in cells[:4]] == [-5, -1.5, 2.25, True]
    assert [c.data_type for c in cells[:4]] == ["n", "n", "n", "b"]
    assert cells[4].value.date() == day and cells[4].number_format == "dd-mm-yyyy"
    assert cells[5].value == datetime.datetime(2020, 3, 1, 13, 30)
    assert cells[6].value == "nan" and cells[6].data_type == "s"


def test_cells_set_directly_are_made_safe_when_the_workbook_is_saved():
    workbook = new_workbook()
    sheet = workbook.active
    sheet["A1"] = '=HYPERLINK("https://example.org","klik")'
    sheet.append(["+31 71 000", "-x", 12])
    assert sheet["A1"].data_type == "f"  # what openpyxl does by itself
    loaded = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert loaded["A1"].data_type == "s" and loaded["A1"].value.startswith("=HYPERLINK")
    assert loaded["A2"].value == "+31 71 000" and loaded["A2"].quotePrefix
    assert loaded["B2"].data_type == "s" and loaded["C2"].value == 12


def test_text_excel_cannot_hold_is_cleaned_instead_of_failing():
    workbook = new_workbook()
    write_row(workbook.active, 1, ["a\x00b\x1bc", "x" * (EXCEL_CELL_LIMIT + 10)])
    cells = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active[1]
    assert cells[0].value == "abc"
    assert len(cells[1].value) == EXCEL_CELL_LIMIT and cells[1].value.endswith("…")


def test_sheet_table():
    workbook = new_workbook()
    table = SheetTable(workbook.active, ["Naam", "Bedrag"], formats={2: "#,##0.00"})
    table.add(["=1+1", Decimal("-12.5")])
    table.finish()
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:B2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -12.5 and sheet["B2"].number_format == "#,##0.00"


def test_responses():
    response = csv_response([["naam"], ["=1+1"]], filename="x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode("utf-8").startswith("\ufeffnaam")
    assert read_csv(response.content.decode("utf-8")) == [["naam"], ["'=1+1"]]
    workbook = new_workbook()
    workbook.active["A1"] = "=1+1"
    response = xlsx_response(workbook, filename="x.xlsx")
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    loaded = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert loaded["A1"].data_type == "s"


def test_core_imports_no_app_of_the_platform():
    apps = {
        path.parent.name
        for path in SRC.glob("*/apps.py")
        if path.parent.name not in {"core", "config"}
    }
    pattern = re.compile(r"^\s*(?:from|import) economie071\.(\w+)", re.M)
    for path in (SRC / "core").rglob("*.py"):
        imported = set(pattern.findall(path.read_text()))
        assert not imported & apps, f"{path.name} imports {imported & apps}"


WRITERS = re.compile(r"csv\.(?:writer|DictWriter)\(|\bWorkbook\(|openpyxl\.Workbook\b")


def test_every_csv_and_xlsx_file_is_written_through_core_exports():
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "core" / "exports.py" and (found := WRITERS.findall(path.read_text()))
    }
    assert not offenders, f"these write CSV or Excel files themselves: {offenders}"
