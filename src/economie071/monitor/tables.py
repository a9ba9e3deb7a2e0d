"""Reading an import file (CSV or Excel) into rows with their line numbers.

Plain Python (openpyxl for .xlsx), no Django: this only turns a file into text cells; what
the cells mean is checked by ``services.observations_import``.

The template (``import_template.csv`` beside this module)::

    indicator,area,year,value,unit,status,source,retrieved_on
    banen,leiden,2019,1234.5,banen,final,CBS StatLine 81575NED,2020-03-01

- indicator: the indicator's slug (or its exact name);
- area: the region or a municipality: slug, name or CBS code (GM0546);
- year: a whole year (2019);
- value: a number with a point or a comma as decimal separator and no thousands
  separators (1234.5 or 1234,5);
- unit: the indicator's unit, as a check that the figure is what we think it is;
- status: final/definitief or provisional/voorlopig (empty: final);
- source: where the figure comes from (empty: the indicator's source);
- retrieved_on: when it was retrieved, YYYY-MM-DD (optional).

Column names are matched case-insensitively and may also be Dutch (indicator, gebied, jaar,
waarde, eenheid, status, bron, opgehaald_op). The first row holds the column names; line
numbers count it as line 1, as a spreadsheet shows them.

The work of reading a file is bounded by the file, not only by the rows that hold data: a
file has at most ``MAX_ROWS`` lines below the column names, blank ones included; a cell
holds at most ``MAX_CELL_CHARS`` characters (whatever csv's process-wide field limit is).
A workbook is refused before it is read when it unpacks to more than ``MAX_XLSX_UNPACKED``
bytes, when its sheets hold more than ``MAX_XLSX_ROWS`` rows or ``MAX_XLSX_CELLS`` cells
(blank ones included), or when its first sheet's own dimension spans more than
``MAX_ROWS`` rows below the column names; and while it is read when the rows it yields
hold more than ``MAX_XLSX_CELLS`` cells. Only the columns of the header row are read.

The same reader serves the other monitor imports, each with its own template (``TableSpec``
below; ``--template`` of ``import_indicators`` and the import page show them):

- retail monitor: municipality, shopping_area, type (main_centre / district_centre /
  peripheral, or hoofdcentrum / wijkcentrum / perifeer), main_structure (yes/no, ja/nee),
  year, floor_space_m2, outlets, vacant_m2, vacant_outlets, source, retrieved_on;
- business parks: municipality, business_park, year, gross_ha, net_ha, hard_ha, soft_ha,
  jobs (optional), source, retrieved_on;
- land demand forecast: area (the region or a municipality), scenario (low/mid/high or
  laag/midden/hoog), year, hectares, source.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from economie071.core.csvlimits import is_field_limit_error

COLUMNS = ("indicator", "area", "year", "value", "unit", "status", "source", "retrieved_on")
REQUIRED = ("indicator", "area", "year", "value", "unit")
COMMON_ALIASES = {
    "gebied": "area",
    "jaar": "year",
    "bron": "source",
    "opgehaald_op": "retrieved_on",
    "retrieved on": "retrieved_on",
    "gemeente": "municipality",
}
ALIASES = {**COMMON_ALIASES, "waarde": "value", "eenheid": "unit"}
MAX_ROWS = 100_000  # lines below the column names, blank ones included
# The longest value of any template is 200 characters (a source); room to spare for a
# value that is merely too long (reported per line), not for a whole document in a cell.
MAX_CELL_CHARS = 1_000
# A workbook of MAX_ROWS rows of the widest template unpacks to about 60 MB and has about
# 1.1 million cells; blank rows and blank cells count, so formatting cannot hide work.
MAX_XLSX_UNPACKED = 80 * 1024 * 1024
MAX_XLSX_CELLS = 2_000_000
MAX_XLSX_ROWS = 2 * MAX_ROWS  # in all sheets together (a sheet of notes may come along)


@dataclass(frozen=True)
class TableSpec:
    """The columns of one import template: all of them, the required ones, Dutch names."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict
    example: tuple[str, ...]

    def template(self) -> str:
        return ",".join(self.columns) + "\n" + ",".join(self.example) + "\n"


OBSERVATIONS = TableSpec(
    COLUMNS,
    REQUIRED,
    ALIASES,
    ("banen", "leiden", "2019", "1234.5", "banen", "final", "Bron van het cijfer", "2020-03-01"),
)
RETAIL = TableSpec(
    (
        "municipality",
        "shopping_area",
        "type",
        "main_structure",
        "year",
        "floor_space_m2",
        "outlets",
        "vacant_m2",
        "vacant_outlets",
        "source",
        "retrieved_on",
    ),
    (
        "municipality",
        "shopping_area",
        "type",
        "year",
        "floor_space_m2",
        "outlets",
        "vacant_m2",
        "vacant_outlets",
    ),
    {
        **COMMON_ALIASES,
        "winkelgebied": "shopping_area",
        "soort": "type",
        "hoofdstructuur": "main_structure",
        "wvo_m2": "floor_space_m2",
        "verkooppunten": "outlets",
        "leegstand_m2": "vacant_m2",
        "leegstaande_verkooppunten": "vacant_outlets",
    },
    (
        "leiden",
        "Centrum",
        "main_centre",
        "yes",
        "2019",
        "85000",
        "600",
        "5100",
        "40",
        "Bron van het cijfer",
        "2020-03-01",
    ),
)
PARKS = TableSpec(
    (
        "municipality",
        "business_park",
        "year",
        "gross_ha",
        "net_ha",
        "hard_ha",
        "soft_ha",
        "jobs",
        "source",
        "retrieved_on",
    ),
    ("municipality", "business_park", "year", "gross_ha", "net_ha", "hard_ha", "soft_ha"),
    {
        **COMMON_ALIASES,
        "bedrijventerrein": "business_park",
        "bruto_ha": "gross_ha",
        "netto_ha": "net_ha",
        "hard_aanbod_ha": "hard_ha",
        "zacht_aanbod_ha": "soft_ha",
        "banen": "jobs",
    },
    ("leiden", "Voorbeeldterrein", "2019", "40", "32.5", "1.5", "3", "2500", "Bron", "2020-03-01"),
)
DEMAND = TableSpec(
    ("area", "scenario", "year", "hectares", "source"),
    ("area", "scenario", "year", "hectares"),
    {**COMMON_ALIASES, "hectare": "hectares"},
    ("leidse-regio", "mid", "2021", "4.5", "Bron van de prognose"),
)


class TableError(ValueError):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel stores numbers as floats: use the shortest repr (0.1, not 0.1000000000000000055).
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return str(value).strip()


def _header(names: list, spec: TableSpec) -> list[str]:
    header = []
    for name in names:
        key = _cell_text(name).strip().lower().lstrip("\ufeff")
        header.append(spec.aliases.get(key, key))
    missing = [column for column in spec.required if column not in header]
    if missing:
        raise TableError(
            "Line 1: the column(s) "
            + ", ".join(missing)
            + " are missing; the template has the columns "
            + ", ".join(spec.columns)
            + "."
        )
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    if duplicates:
        raise TableError("Line 1: the column(s) " + ", ".join(duplicates) + " appear twice.")
    return header


def _rows(header: list[str], records, spec: TableSpec) -> list[Row]:
    """The data rows below the header; `records` yields (line, cells) for every line."""
    rows = []
    for line, record in records:
        if line - 1 > MAX_ROWS:
            raise TableError(
                f"The file has more than {MAX_ROWS} lines below the column names "
                "(blank lines included); split it up or delete the empty lines."
            )
        cells = [_cell_text(value) for value in record[: len(header)]]
        for index, text in enumerate(cells):
            if len(text) > MAX_CELL_CHARS:
                raise TableError(
                    f"Line {line}, column {header[index] or index + 1}: the cell has "
                    f"{len(text)} characters; a cell holds at most {MAX_CELL_CHARS}."
                )
        if not any(cells):
            continue  # blank lines are not data
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        values = {name: value for name, value in values.items() if name in spec.columns}
        rows.append(Row(line=line, cells=values))
    return rows


def _first(records, spec: TableSpec) -> list[str]:
    try:
        _line, names = next(records)
    except StopIteration:
        raise TableError("The file is empty.") from None
    return _header(list(names), spec)


def read_csv(data: bytes, spec: TableSpec = OBSERVATIONS) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("The CSV file is not UTF-8 encoded; save it as 'CSV UTF-8'.") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    records = _csv_records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _rows(_first(records, spec), records, spec)


def _csv_records(reader):
    """(line, cells) for every record; csv's own refusals become a TableError naming the line.

    csv refuses a field over its process-wide limit (131 072 characters unless a reader
    raised it); our own, lower limit per cell is checked in ``_rows`` either way.
    """
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if is_field_limit_error(error):
                raise TableError(
                    f"Line {line}: a cell has more than {csv.field_size_limit()} characters; "
                    f"a cell holds at most {MAX_CELL_CHARS}."
                ) from None
            raise TableError(f"Line {line}: the CSV file cannot be read ({error}).") from None
        yield line, record
        line += 1


def read_xlsx(data: bytes, spec: TableSpec = OBSERVATIONS) -> list[Row]:
    import openpyxl

    _check_workbook_size(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not .xlsx
        raise TableError(f"The file cannot be read as an Excel workbook (.xlsx): {error}") from None
    try:
        sheet = workbook.worksheets[0]
        span = sheet.max_row  # from the sheet's own dimension; None when it does not say
        if span is not None and span - 1 > MAX_ROWS:
            raise TableError(
                f"The sheet spans {span} rows, more than {MAX_ROWS} below the column names: "
                "delete the empty rows below the data, or split the file up."
            )
        records = _xlsx_records(sheet.iter_rows(values_only=True, max_row=1))
        header = _first(records, spec)
        width = len(header)
        while width and not header[width - 1]:
            width -= 1  # blank cells to the right of the column names
        header = header[:width]
        rows = sheet.iter_rows(min_row=2, max_col=max(width, 1), values_only=True)
        return _rows(header, _xlsx_records(rows, start=2), spec)
    except TableError:
        raise
    except Exception as error:  # a damaged sheet surfaces only while it is read
        raise TableError(f"The file cannot be read as an Excel workbook (.xlsx): {error}") from None
    finally:
        workbook.close()


def _xlsx_records(rows, start: int = 1):
    """(line, cells) for every row of the sheet, blank ones included; at most MAX_XLSX_CELLS
    cells (of the columns read) in all."""
    cells = 0
    for line, record in enumerate(rows, start=start):
        cells += max(len(record), 1)
        if cells > MAX_XLSX_CELLS:
            raise TableError(
                f"Line {line}: the sheet has more than {MAX_XLSX_CELLS} cells (blank ones "
                "included); delete the empty rows and columns or split the file up."
            )
        yield line, record


_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _check_workbook_size(data: bytes) -> None:
    """Refuse a workbook before openpyxl reads it when it unpacks to more than
    MAX_XLSX_UNPACKED bytes, or when its sheets hold more than MAX_XLSX_ROWS rows or
    MAX_XLSX_CELLS cells, blank ones included. openpyxl reads every sheet through once when
    it opens a workbook whose sheets do not state their size, so counting the rows and cells
    in the unpacked sheets first (a plain text scan, some 70 MB a second) bounds that pass
    too."""
    unreadable = TableError("The file cannot be read as an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    rows = cells = 0
    with archive:
        members = archive.infolist()
        unpacked = sum(item.file_size for item in members)
        if unpacked > MAX_XLSX_UNPACKED:
            raise TableError(
                f"The workbook unpacks to {unpacked // (1024 * 1024)} MB, more than "
                f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MB: delete the empty rows and "
                "columns, or split the file up."
            )
        for item in members:
            if _SHEET.fullmatch(item.filename):
                try:
                    with archive.open(item) as sheet:
                        found_rows, found_cells = _count_tags(sheet)
                except (zipfile.BadZipFile, zlib.error, ValueError, OSError, RuntimeError):
                    raise unreadable from None
                rows, cells = rows + found_rows, cells + found_cells
    if rows > MAX_XLSX_ROWS or cells > MAX_XLSX_CELLS:
        raise TableError(
            f"The workbook's sheets have {rows} rows and {cells} cells, blank ones included; "
            f"at most {MAX_XLSX_ROWS} rows and {MAX_XLSX_CELLS} cells are read: delete the "
            "empty rows and columns, or split the file up."
        )


def _count_tags(stream, chunk_size: int = 1 << 20) -> tuple[int, int]:
    """The number of row and cell elements in a sheet's XML, read in chunks."""
    overlap = 16  # longer than a tag's start, so one split by a chunk's end is counted once
    rows = cells = 0
    tail = b""
    while chunk := stream.read(chunk_size):
        block = tail + chunk
        end = max(len(block) - overlap, 0)
        rows += sum(1 for match in _ROW_TAG.finditer(block) if match.start() < end)
        cells += sum(1 for match in _CELL_TAG.finditer(block) if match.start() < end)
        tail = block[end:]
    return rows + len(_ROW_TAG.findall(tail)), cells + len(_CELL_TAG.findall(tail))


def read_table(data: bytes, file_name: str, spec: TableSpec = OBSERVATIONS) -> list[Row]:
    """The rows of a .csv or .xlsx file (chosen by the file name's extension)."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        return read_csv(data, spec)
    if suffix == ".xlsx":
        return read_xlsx(data, spec)
    raise TableError(f"{file_name}: use a .csv or .xlsx file, not {suffix or 'no extension'}.")


def parse_number(text: str) -> Decimal | None:
    """A number with a point or comma as decimal separator; None if it is not one."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_year(text: str) -> int | None:
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() and len(text) == 4 else None
