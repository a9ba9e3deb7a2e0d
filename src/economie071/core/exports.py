"""CSV and Excel files handed out by the platform, written so that no cell is ever a formula.

A spreadsheet program runs a cell whose text starts with "=", "+", "-" or "@" as a formula
when it opens the file: an imported shopping area named ``=HYPERLINK("https://…";"Klik")``
would become a live link in the sheet of everyone who downloads the retail monitor (CSV or
formula injection). Every CSV and XLSX file of the platform is written through this module,
and it applies one rule to every cell:

    **Text is written as text, never as a formula.** Numbers (int, float, Decimal), booleans
    and dates are written as themselves: a negative number is a number, not text starting
    with "-". Anything else is turned into text (``str``). A text is *dangerous* when its
    first character is a formula trigger (see ``FORMULA_TRIGGERS``: the four OWASP
    characters, tab and carriage return, and the full-width forms some programs also
    accept), or when it is one or more apostrophes followed by a trigger.

How a dangerous text is kept from being a formula depends on what the format can say:

- **CSV** has no cell types, so the text gets a leading apostrophe (what OWASP advises):
  ``=1+1`` is written ``'=1+1``. The apostrophe is the only change; removing one leading
  apostrophe from a dangerous-looking cell (``visible_text``) gives the original back,
  which is why a text that is already apostrophes-then-trigger gets one more. An ordinary
  text with a leading apostrophe ("'s-Gravenhage") is not dangerous and stays as it is.
- **XLSX** cells have types: every text is written as a string cell, whatever it starts
  with, and a dangerous text also gets the "quote prefix" cell style (what typing a
  leading apostrophe in Excel does), so it stays text when someone edits the cell. The
  cell shows exactly the original text; nothing is added to it.

The writers apply the rule themselves, so no export can forget it: ``CsvWriter`` (and
``csv_response``) for CSV; for XLSX, ``new_workbook``, then ``write_cell``, ``write_row``
or ``SheetTable`` to fill its sheets, and ``workbook_bytes`` (or ``xlsx_response``) as the
only way out, which makes every cell of every sheet safe again before saving, including
cells set directly through openpyxl. Excel files also cannot hold some control characters
(XML 1.0 has no place for them) nor more than 32 767 characters in a cell: such
characters are left out and longer text is cut, instead of the save failing. NaN and
infinity are not numbers a spreadsheet reads back, so they are written as text.

Plain Python with openpyxl and Django's HTTP response; it imports no app of the platform.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# The characters that make a spreadsheet program read a cell as a formula: the four of the
# OWASP advice, tab and carriage return (some programs skip them first), and the full-width
# forms of the four, which some programs (Excel with an East Asian input) treat alike.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
APOSTROPHE = "'"

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # so spreadsheet programs read the UTF-8 as UTF-8

# Excel refuses a cell of more than 32 767 characters (the file opens "repaired", text lost).
EXCEL_CELL_LIMIT = 32_767
CUT = " …"
# Characters XML 1.0 (and so .xlsx) cannot hold; openpyxl refuses to save them.
_ILLEGAL_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

_NUMBER = (int, float, Decimal)  # bool is an int


def _is_number(value) -> bool:
    """A finite number (NaN and infinity are written as text: no program reads them back)."""
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


# --- The rule ----------------------------------------------------------------------------


def is_dangerous(text: str) -> bool:
    """Would a spreadsheet program take this text for a formula (or is it one escaped)?"""
    rest = text.lstrip(APOSTROPHE)
    return bool(rest) and rest[0] in FORMULA_TRIGGERS


def neutralise(text: str) -> str:
    """The text as a CSV cell: a leading apostrophe when it is dangerous, else unchanged."""
    return APOSTROPHE + text if is_dangerous(text) else text


def visible_text(cell: str) -> str:
    """The original text of a CSV cell written by ``neutralise`` (its inverse)."""
    return cell[1:] if cell.startswith(APOSTROPHE) and is_dangerous(cell) else cell


def _as_text(value) -> str:
    return "" if value is None else str(value)


# --- CSV ---------------------------------------------------------------------------------


def csv_value(value):
    """A value as a CSV cell: numbers as numbers, dates in ISO form, the rest neutralised text."""
    if value is None:
        return ""
    if _is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(_as_text(value))


class CsvWriter:
    """``csv.writer`` whose every cell goes through ``csv_value``: no cell is a formula."""

    def __init__(self, stream, *, delimiter: str = ";"):
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow([csv_value(value) for value in values])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable], *, delimiter: str = ";") -> str:
    """Rows as the text of a CSV file, with the byte order mark spreadsheet programs need."""
    buffer = io.StringIO()
    buffer.write(BOM)
    CsvWriter(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def csv_response(rows: Iterable[Iterable], *, filename: str, delimiter: str = ";") -> HttpResponse:
    """A CSV file to download; `filename` with its extension."""
    return _attachment(csv_text(rows, delimiter=delimiter), CSV_CONTENT_TYPE, filename)


# --- XLSX --------------------------------------------------------------------------------


def xlsx_value(value):
    """A value as an Excel cell takes it: numbers, booleans and dates as they are (a
    date-time without time zone, in local time), anything else as text Excel can hold."""
    if value is None or _is_number(value):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return _fit(_as_text(value))


def _fit(text: str) -> str:
    text = _ILLEGAL_IN_XLSX.sub("", text)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(CUT)] + CUT
    return text


def _make_safe(cell) -> None:
    """A cell holding text becomes a string cell (never a formula); dangerous text also gets
    the quote prefix. openpyxl marks any text starting with "=" as a formula when it is set."""
    value = cell.value
    if not isinstance(value, str):
        return
    fitted = _fit(value)
    if fitted != value:
        cell.value = fitted
    if cell.data_type != "s":
        cell.data_type = "s"
    if is_dangerous(fitted) and not cell.quotePrefix:
        cell.quotePrefix = True


def write_cell(ws, row: int, column: int, value):
    """Put a value in a cell through ``xlsx_value`` and the rule; dates get a Dutch format."""
    cell = ws.cell(row=row, column=column)
    cell.value = xlsx_value(value)
    _make_safe(cell)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def write_row(ws, row: int, values: Iterable, *, formats: dict | None = None, font=None) -> None:
    """Write values into one row from column A; `formats` maps column numbers to a number
    format for the numbers in it; `font` applies to every cell of the row."""
    for column, value in enumerate(values, start=1):
        cell = write_cell(ws, row, column, value)
        if formats and column in formats and _is_number(value):
            cell.number_format = formats[column]
        if font is not None:
            cell.font = font


class SheetTable:
    """A sheet holding one table: a bold, frozen header row with an auto-filter, then rows.

    Widths follow the content (capped); `wrap` columns get a fixed width and wrapped text.
    """

    MIN_WIDTH = 8
    MAX_WIDTH = 50
    WRAP_WIDTH = 60

    def __init__(self, ws, headers: list, *, wrap=(), formats=None):
        self.ws = ws
        self.headers = [str(header) for header in headers]
        self.wrap = set(wrap)
        self.formats = formats or {}
        self.widths = [len(header) for header in self.headers]
        self.row = 1
        write_row(ws, 1, self.headers, font=HEADER_FONT)
        ws.freeze_panes = "A2"

    def add(self, values: list, *, font=None) -> None:
        self.row += 1
        write_row(self.ws, self.row, values, formats=self.formats, font=font)
        for column, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=column)
            cell.alignment = WRAP if column in self.wrap else TOP
            if column > len(self.widths):
                self.widths.append(0)
            self.widths[column - 1] = max(self.widths[column - 1], _display_width(value))

    def finish(self) -> None:
        """Filter over the table and set the column widths."""
        last_column = get_column_letter(len(self.headers))
        self.ws.auto_filter.ref = f"A1:{last_column}{self.row}"
        for column, width in enumerate(self.widths, start=1):
            letter = get_column_letter(column)
            if column in self.wrap:
                width = self.WRAP_WIDTH
            self.ws.column_dimensions[letter].width = max(
                self.MIN_WIDTH, min(self.MAX_WIDTH, width + 2)
            )


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, Decimal | int | float):
        return len(f"{value:,.2f}") + 3  # room for a currency sign
    return max((len(line) for line in str(value)[:1000].split("\n")), default=0)


def new_workbook() -> Workbook:
    """An empty workbook with one sheet; fill it with the functions above."""
    return Workbook()


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file, every text cell of every sheet made safe first."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                _make_safe(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, *, filename: str) -> HttpResponse:
    """An Excel file to download; `filename` with its extension."""
    return _attachment(workbook_bytes(workbook), XLSX_CONTENT_TYPE, filename)


def _attachment(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
