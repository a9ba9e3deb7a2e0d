"""An edition of the project overview as files: a workbook and JSON (each card as Word comes
from portfolio.documents).

Plain functions over the edition's frozen snapshot (docs/edition-format.md): they never
touch the database, so what a file says is exactly what was published, and they can be
tested with a hand-made dict. Each returns the file's bytes.

The files are documents of the programme in Dutch, like the printed overview: their own
headings are Dutch text here, and the labels they borrow from the portfolio (phase, status
light, role kind, risk level, the card's questions) are translated under
``translation.override("nl")`` whatever language the request that asks for them uses.

Money is written as exact Decimals (never floats), dates as dates. Text from cards is
Markdown: the workbook gets it as plain text, the Word document as paragraphs, lists and
bold/italic runs; no Markdown markers are left in either.
"""

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from openpyxl.styles import Alignment, Font

from economie071.core import exports as xlsx
from economie071.core.exports import EXCEL_CELL_LIMIT, HEADER_FONT, WRAP
from economie071.portfolio.constants import Level, RoleKind, StatusLight
from economie071.portfolio.documents import (
    CREATOR,
    EURO_FORMAT,
    INTEGER_FORMAT,
    LANGUAGE,
    NO_CARD,
    RISKS_FROM_CARD_TEXT,
    TRUNCATED,
    dutch_label,
    dutch_number,
    key_figure_text,
    markdown_to_plain,
    office_text,
    role_holders,
    snapshot_date,
    snapshot_decimal,
)

# --- Workbook -------------------------------------------------------------------------------

TOTAL_FONT = Font(bold=True)


def _cell_value(value):
    """A value as a cell takes it: text cleaned and cut to Excel's limit (saying where the
    full text is), numbers and dates as they are."""
    if value is None or isinstance(value, Decimal | int | datetime.date):
        return value
    text = office_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def write_row(ws, row: int, values: Iterable, *, formats: dict | None = None, font=None):
    xlsx.write_row(ws, row, [_cell_value(value) for value in values], formats=formats, font=font)


class SheetTable(xlsx.SheetTable):
    """The table of a sheet, its text cut where the card has the full text."""

    def add(self, values: list, *, font=None) -> None:
        super().add([_cell_value(value) for value in values], font=font)


def _names(slugs: Iterable[str], items: Iterable[dict]) -> str:
    by_slug = {item.get("slug"): item.get("name") or item.get("slug") for item in items}
    return ", ".join(office_text(by_slug.get(slug, slug)) for slug in slugs)


def _total(amounts: Iterable) -> Decimal | None:
    numbers = [number for amount in amounts if (number := snapshot_decimal(amount)) is not None]
    return sum(numbers, Decimal("0")) if numbers else None


def edition_xlsx(snapshot: dict) -> bytes:
    """The portfolio of the edition's period as an Excel workbook, for the steering group and
    the partners: an about sheet, then projects, key figures, risks and the cost allocation.
    """
    workbook = xlsx.new_workbook()
    workbook.properties.title = office_text(snapshot.get("title"))
    workbook.properties.subject = "Projectenoverzicht"
    workbook.properties.creator = CREATOR
    workbook.properties.lastModifiedBy = CREATOR
    workbook.properties.language = LANGUAGE
    projects = snapshot.get("projects") or []

    _about_sheet(workbook.active, snapshot)
    _projects_sheet(workbook.create_sheet("Projecten"), snapshot, projects)
    _key_figures_sheet(workbook.create_sheet("Kerncijfers"), projects)
    _risks_sheet(workbook.create_sheet("Risico's"), projects)
    _allocation_sheet(workbook.create_sheet("Verdeling"), projects)

    return xlsx.workbook_bytes(workbook)


def _about_sheet(ws, snapshot: dict) -> None:
    ws.title = "Over dit overzicht"
    programme = snapshot.get("programme") or {}
    issued_on = snapshot.get("issued_on")
    write_row(ws, 1, [snapshot.get("title") or "Projectenoverzicht"], font=Font(bold=True, size=14))
    rows = [
        ("Programma", programme.get("name")),
        ("Regio", programme.get("region")),
        ("Rapportageperiode", snapshot.get("period")),
        ("Versie", snapshot.get("version")),
        ("Uitgegeven op", snapshot_date(issued_on) or issued_on),
    ]
    for offset, (label, value) in enumerate(rows, start=3):
        write_row(ws, offset, [label, value])
        ws.cell(row=offset, column=1).font = HEADER_FONT
        ws.cell(row=offset, column=2).alignment = Alignment(horizontal="left")
    note_row = 3 + len(rows) + 1
    notes = [
        "De cijfers in dit overzicht komen uit de gepubliceerde projectkaarten van de "
        "rapportageperiode, zoals ze in deze editie zijn vastgelegd; projecten zonder "
        "gepubliceerde kaart staan erin zonder kaartgegevens.",
        "Bedragen zijn in euro's. De verdeling over de gemeenten volgt de verdeelsleutel "
        "van elke begrotingspost (bijvoorbeeld naar inwonertal in het genoemde peiljaar).",
        "Tabbladen: Projecten, Kerncijfers, Risico's en Verdeling (met onderaan het "
        "totaal per gemeente).",
    ]
    for offset, note in enumerate(notes):
        cell = xlsx.write_cell(ws, note_row + offset, 1, note)
        ws.merge_cells(
            start_row=note_row + offset, start_column=1, end_row=note_row + offset, end_column=2
        )
        cell.alignment = WRAP
        ws.row_dimensions[note_row + offset].height = 45
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70


def _projects_sheet(ws, snapshot: dict, projects: list[dict]) -> None:
    table = SheetTable(
        ws,
        [
            "Project",
            "Categorie",
            "Pijlers",
            "Thema's",
            "Projectleider(s)",
            "Bestuurlijk opdrachtgever(s)",
            "Status",
            "Totale begroting",
            "Kerncijfers",
        ],
        wrap={9},
        formats={8: EURO_FORMAT},
    )
    pillars = snapshot.get("pillars") or []
    themes = snapshot.get("themes") or []
    for project in projects:
        card = project.get("card")
        status = (
            dutch_label(StatusLight, card.get("status_light") or "not_set") if card else NO_CARD
        )
        key_figures = "; ".join(
            text
            for result in (card or {}).get("results") or []
            if (text := key_figure_text(result))
        )
        table.add(
            [
                project.get("name"),
                project.get("phase_label"),
                _names(project.get("pillars") or [], pillars),
                _names(project.get("themes") or [], themes),
                role_holders(card, RoleKind.PROJECT_LEADER),
                role_holders(card, RoleKind.EXECUTIVE_SPONSOR),
                status,
                _total(line.get("amount") for line in project.get("budget_lines") or []),
                key_figures,
            ]
        )
    table.finish()


def _key_figures_sheet(ws, projects: list[dict]) -> None:
    table = SheetTable(
        ws,
        ["Project", "Kerncijfer", "Waarde", "Zoals gedrukt", "Eenheid", "Datum", "Toelichting"],
        wrap={7},
    )
    for project in projects:
        for result in (project.get("card") or {}).get("results") or []:
            value = result.get("value")
            table.add(
                [
                    project.get("name"),
                    result.get("label"),
                    snapshot_decimal(value) if snapshot_decimal(value) is not None else value,
                    # the source's own form: "zo'n 100", "ongeveer 1/3"
                    result.get("as_printed") or "",
                    result.get("unit"),
                    snapshot_date(result.get("date")),
                    result.get("note"),
                ]
            )
    table.finish()


def _risks_sheet(ws, projects: list[dict]) -> None:
    table = SheetTable(ws, ["Project", "Risico", "Kans", "Impact", "Beheersmaatregel"], wrap={2, 5})
    for project in projects:
        card = project.get("card")
        if not card:
            continue
        items = card.get("risk_items") or []
        for item in items:
            table.add(
                [
                    project.get("name"),
                    markdown_to_plain(item.get("description") or ""),
                    dutch_label(Level, item.get("likelihood")),
                    dutch_label(Level, item.get("impact")),
                    markdown_to_plain(item.get("mitigation") or ""),
                ]
            )
        if not items and (card.get("risks") or "").strip():
            table.add(
                [
                    project.get("name"),
                    markdown_to_plain(card["risks"]),
                    "",
                    "",
                    RISKS_FROM_CARD_TEXT,
                ]
            )
    table.finish()


def _allocation_sheet(ws, projects: list[dict]) -> None:
    table = SheetTable(
        ws,
        [
            "Project",
            "Begrotingspost",
            "Verdeelsleutel",
            "Peiljaar inwonertal",
            "Gemeente / partij",
            "Basis",
            "Bedrag",
            "Opmerking",
        ],
        wrap={2, 8},
        formats={7: EURO_FORMAT},
    )
    per_party: dict[str, Decimal] = {}
    for project in projects:
        for line in project.get("budget_lines") or []:
            head = [
                project.get("name"),
                line.get("description"),
                line.get("allocation_label"),
                line.get("population_year"),
            ]
            rows = line.get("rows") or []
            for row in rows:
                amount = snapshot_decimal(row.get("amount"))
                basis = snapshot_decimal(row.get("basis"))
                table.add([*head, row.get("party"), basis, amount, ""])
                if basis is not None and basis == basis.to_integral_value():
                    ws.cell(row=table.row, column=6).number_format = INTEGER_FORMAT
                if amount is not None:
                    party = office_text(row.get("party"))
                    per_party[party] = per_party.get(party, Decimal("0")) + amount
            allocated = _total(row.get("amount") for row in rows)
            amount = snapshot_decimal(line.get("amount"))
            note = office_text(line.get("error"))
            if not note and allocated is not None and amount is not None and allocated != amount:
                note = f"De verdeling telt op tot {dutch_number(allocated)}"
            if not note and not rows:
                note = "Niet verdeeld"
            table.add([*head, "Totaal", None, amount, note], font=TOTAL_FONT)
    table.finish()

    # "Totaal per gemeente": below the table, outside its auto-filter.
    start = table.row + 3
    write_row(ws, start, ["Totaal per gemeente"], font=Font(bold=True, size=12))
    write_row(ws, start + 1, ["Gemeente / partij", "Bedrag"], font=HEADER_FONT)
    row = start + 1
    for party, amount in per_party.items():
        row += 1
        write_row(ws, row, [party, amount], formats={2: EURO_FORMAT})
    write_row(
        ws,
        row + 1,
        ["Totaal", sum(per_party.values(), Decimal("0"))],
        formats={2: EURO_FORMAT},
        font=TOTAL_FONT,
    )


# --- JSON -----------------------------------------------------------------------------------


def edition_json(snapshot: dict) -> bytes:
    """The whole edition as pretty UTF-8 JSON (Decimals, dates and datetimes as strings)."""
    text = json.dumps(snapshot, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
