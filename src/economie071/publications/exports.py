"""An edition of the project overview as files: a workbook, a Word document per card, JSON.

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
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import dateformat, numberformat, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font

from economie071.core import exports as xlsx
from economie071.core.exports import EXCEL_CELL_LIMIT, HEADER_FONT, WRAP
from economie071.portfolio.constants import CARD_SECTIONS, Level, RoleKind, StatusLight

CREATOR = "Economie071 platform"
LANGUAGE = "nl-NL"

EURO_FORMAT = "[$€-413] #,##0.00"
INTEGER_FORMAT = "#,##0"

TRUNCATED = " … [ingekort: de volledige tekst staat op de projectkaart]"

NO_CARD = "Geen projectkaart"
RISKS_FROM_CARD_TEXT = "(tekst van de projectkaart)"

# Characters XML 1.0 (and so .xlsx and .docx) cannot hold; both libraries raise on them.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value) -> str:
    """Text safe for an Office file: a string without characters XML cannot hold."""
    if value is None:
        return ""
    return _ILLEGAL_XML.sub("", str(value))


# --- Values ---------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    """A snapshot figure ("192000.00") as an exact Decimal; None when empty or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _dutch_number(value) -> str:
    """'1500' -> '1.500', '5.9' -> '5,9'; text that is not a number is returned as it is."""
    number = _decimal(value)
    if number is None:
        return _clean(value)
    return numberformat.format(
        number, decimal_sep=",", grouping=3, thousand_sep=".", force_grouping=True
    )


def format_milestone_date(value, precision: str = "day") -> str:
    """A milestone date as precise as it was given: '17 juni 2019', 'februari 2019', '2019'."""
    day = _date(value)
    if day is None:
        return _clean(value)
    pattern = {"year": "Y", "month": "F Y"}.get(precision, "j F Y")
    with translation.override("nl"):
        return dateformat.format(day, pattern)


def _label(choices, value) -> str:
    """The Dutch label of a choice; the stored value itself when it is not (or no longer) one."""
    if not value:
        return ""
    with translation.override("nl"):
        return str(choices(value).label) if value in choices.values else str(value)


def _key_figure_text(result: dict) -> str:
    """'25 trajecten (innovatietrajecten afgerond)'."""
    amount = " ".join(
        part for part in (_dutch_number(result.get("value")), _clean(result.get("unit"))) if part
    )
    label = _clean(result.get("label"))
    if amount and label:
        return f"{amount} ({label})"
    return amount or label


def _role_holder(role: dict) -> str:
    """Who holds a role: 'Ton Orleans (Gemeente Zoeterwoude)', an organisation or a label."""
    person = _clean(role.get("person"))
    organisation = _clean(role.get("organisation"))
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation or _clean(role.get("label"))


def _holders(card: dict | None, kind: str) -> str:
    roles = (card or {}).get("roles") or []
    return "; ".join(
        holder for role in roles if role.get("kind") == kind and (holder := _role_holder(role))
    )


# --- Markdown -------------------------------------------------------------------------------
#
# Card texts are written in a textarea with a little Markdown. A full Markdown parser would
# give HTML, which neither Excel nor Word can take; this reads the few constructs people use
# (paragraphs, bulleted and numbered lists, headings, quotes, bold, italic, links, code) and
# drops the markers. The inline patterns are "tempered" (their content cannot run past the
# next marker), so an unclosed marker costs a scan to the next one, never to the end of a
# 200 000 character text for every asterisk.

_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")


def _markdown_blocks(text: str) -> list[dict]:
    """Blocks of a Markdown text: {"kind": "paragraph" | "bullet" | "number" | "heading" |
    "quote", "level": 1..3 (lists), "number": "1" (numbered lists), "text": inline text}."""
    blocks: list[dict] = []
    paragraph: list[str] = []
    open_block: dict | None = None  # a list item or quote that the next line may continue

    def flush() -> None:
        if paragraph:
            blocks.append({"kind": "paragraph", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in _clean(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
            open_block = None
            continue
        if _RULE.match(line):
            flush()
            open_block = None
            continue
        if match := _HEADING.match(line):
            flush()
            blocks.append({"kind": "heading", "text": match[1]})
            open_block = None
            continue
        if match := _BULLET.match(line):
            flush()
            open_block = {"kind": "bullet", "level": _list_level(match[1]), "text": match[2]}
            blocks.append(open_block)
            continue
        if match := _NUMBERED.match(line):
            flush()
            open_block = {
                "kind": "number",
                "level": _list_level(match[1]),
                "number": match[2],
                "text": match[3],
            }
            blocks.append(open_block)
            continue
        if match := _QUOTE.match(line):
            flush()
            if open_block is not None and open_block["kind"] == "quote":
                open_block["text"] += " " + match[1].strip()
            else:
                open_block = {"kind": "quote", "text": match[1].strip()}
                blocks.append(open_block)
            continue
        if open_block is not None and not paragraph:
            open_block["text"] += " " + line.strip()  # a continuation line of an item
            continue
        paragraph.append(line.strip())
    flush()
    return [block for block in blocks if block["text"].strip()]


def _list_level(indent: str) -> int:
    return 1 + min(len(indent.expandtabs(4)) // 2, 2)


def _emphasis(marker: str, name: str) -> str:
    """Content between two `marker`s, not starting or ending with a space, not running past
    the next marker."""
    return rf"{marker}(?!\s)(?P<{name}>(?:(?!{marker}).)+?)(?<!\s){marker}"


_INLINE = re.compile(
    "|".join(
        [
            r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!>~|])",
            # A code span starts only at the start of a run of backticks, taken whole: trying
            # every shorter run at every position was quadratic on long runs.
            r"(?<!`)(?P<ticks>`++)(?P<code>(?:(?!`).)+?)(?P=ticks)(?!`)",
            r"!?\[(?P<link_text>[^\[\]]*)\]\((?P<link_url>[^)\s\[]*)(?:\s+\"[^\"]*\")?\)",
            r"<(?P<autolink>(?:https?://|mailto:)[^<>\s]+)>",
            _emphasis(r"\*\*\*", "bold_italic"),
            _emphasis(r"\*\*", "bold"),
            r"(?<!\w)" + _emphasis("__", "bold2") + r"(?!\w)",
            _emphasis(r"\*", "italic"),
            r"(?<!\w)" + _emphasis("_", "italic2") + r"(?!\w)",
        ]
    )
)


def _inline_runs(text: str, bold: bool = False, italic: bool = False) -> Iterator[tuple]:
    """(text, bold, italic, code) runs of a line of inline Markdown, markers removed."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], bold, italic, False
        position = match.end()
        group = match.lastgroup
        if group == "escaped":
            yield match["escaped"], bold, italic, False
        elif group == "code":
            yield match["code"], bold, italic, True
        elif group in ("link_text", "link_url"):
            label, url = match["link_text"], match["link_url"]
            yield from _inline_runs(label, bold, italic)
            if url and url != label:
                yield (f" ({url})" if label else url), bold, italic, False
        elif group == "autolink":
            yield match["autolink"], bold, italic, False
        elif group == "bold_italic":
            yield from _inline_runs(match[group], True, True)
        elif group in ("bold", "bold2"):
            yield from _inline_runs(match[group], True, italic)
        else:
            yield from _inline_runs(match[group], bold, True)
    if position < len(text):
        yield text[position:], bold, italic, False


def _inline_plain(text: str) -> str:
    return "".join(run[0] for run in _inline_runs(text))


def markdown_to_plain(text: str) -> str:
    """A Markdown text as plain text for a spreadsheet cell: one line per paragraph or item."""
    lines = []
    for block in _markdown_blocks(text):
        inline = _inline_plain(block["text"])
        if block["kind"] == "bullet":
            lines.append("  " * (block["level"] - 1) + "• " + inline)
        elif block["kind"] == "number":
            lines.append("  " * (block["level"] - 1) + f"{block['number']}. " + inline)
        else:
            lines.append(inline)
    return "\n".join(lines)


# --- Workbook -------------------------------------------------------------------------------

TOTAL_FONT = Font(bold=True)


def _cell_value(value):
    """A value as a cell takes it: text cleaned and cut to Excel's limit (saying where the
    full text is), numbers and dates as they are."""
    if value is None or isinstance(value, Decimal | int | datetime.date):
        return value
    text = _clean(value)
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
    return ", ".join(_clean(by_slug.get(slug, slug)) for slug in slugs)


def _total(amounts: Iterable) -> Decimal | None:
    numbers = [number for amount in amounts if (number := _decimal(amount)) is not None]
    return sum(numbers, Decimal("0")) if numbers else None


def edition_xlsx(snapshot: dict) -> bytes:
    """The portfolio of the edition's period as an Excel workbook, for the steering group and
    the partners: an about sheet, then projects, key figures, risks and the cost allocation.
    """
    workbook = xlsx.new_workbook()
    workbook.properties.title = _clean(snapshot.get("title"))
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
        ("Uitgegeven op", _date(issued_on) or issued_on),
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
        status = _label(StatusLight, card.get("status_light") or "not_set") if card else NO_CARD
        key_figures = "; ".join(
            text
            for result in (card or {}).get("results") or []
            if (text := _key_figure_text(result))
        )
        table.add(
            [
                project.get("name"),
                project.get("phase_label"),
                _names(project.get("pillars") or [], pillars),
                _names(project.get("themes") or [], themes),
                _holders(card, RoleKind.PROJECT_LEADER),
                _holders(card, RoleKind.EXECUTIVE_SPONSOR),
                status,
                _total(line.get("amount") for line in project.get("budget_lines") or []),
                key_figures,
            ]
        )
    table.finish()


def _key_figures_sheet(ws, projects: list[dict]) -> None:
    table = SheetTable(
        ws, ["Project", "Kerncijfer", "Waarde", "Eenheid", "Datum", "Toelichting"], wrap={6}
    )
    for project in projects:
        for result in (project.get("card") or {}).get("results") or []:
            value = result.get("value")
            table.add(
                [
                    project.get("name"),
                    result.get("label"),
                    _decimal(value) if _decimal(value) is not None else value,
                    result.get("unit"),
                    _date(result.get("date")),
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
                    _label(Level, item.get("likelihood")),
                    _label(Level, item.get("impact")),
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
                amount = _decimal(row.get("amount"))
                basis = _decimal(row.get("basis"))
                table.add([*head, row.get("party"), basis, amount, ""])
                if basis is not None and basis == basis.to_integral_value():
                    ws.cell(row=table.row, column=6).number_format = INTEGER_FORMAT
                if amount is not None:
                    party = _clean(row.get("party"))
                    per_party[party] = per_party.get(party, Decimal("0")) + amount
            allocated = _total(row.get("amount") for row in rows)
            amount = _decimal(line.get("amount"))
            note = _clean(line.get("error"))
            if not note and allocated is not None and amount is not None and allocated != amount:
                note = f"De verdeling telt op tot {_dutch_number(allocated)}"
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


# --- Word document --------------------------------------------------------------------------


def card_docx(card: dict, *, edition_title: str = "", phase_label: str = "") -> bytes:
    """One project card (a project's "card" in an edition snapshot) as a Word document."""
    with translation.override("nl"):
        return _card_docx(card, edition_title=edition_title, phase_label=phase_label)


def _card_docx(card: dict, *, edition_title: str, phase_label: str) -> bytes:
    document = Document()
    name = _clean((card.get("project") or {}).get("name"))
    period = _clean(card.get("period"))
    phase_label = _clean(phase_label or card.get("phase_label"))
    _set_language(document)
    properties = document.core_properties
    properties.title = name
    properties.subject = " · ".join(
        part for part in (f"Projectkaart {period}".strip(), _clean(edition_title)) if part
    )
    properties.author = CREATOR
    properties.last_modified_by = CREATOR
    properties.comments = ""
    properties.language = LANGUAGE
    properties.keywords = "projectkaart"
    if edition_title:
        document.sections[0].header.paragraphs[0].text = _clean(edition_title)

    document.add_heading(name or "Projectkaart", level=0)
    line = f"Projectkaart {period}".strip()
    if phase_label:
        line += f" · Categorie: {phase_label}"
    document.add_paragraph(line, style="Subtitle")
    status = card.get("status_light")
    if status and status != StatusLight.NOT_SET:
        document.add_paragraph(f"Status: {_label(StatusLight, status)}")

    _add_quote(document, card.get("quote") or {})

    for key, question in CARD_SECTIONS:
        text = card.get(key) or ""
        if text.strip():
            document.add_heading(str(question), level=1)
            _add_markdown(document, text)

    for section in card.get("extra_sections") or []:
        body = section.get("body") or ""
        heading = _clean(section.get("heading")).strip()
        if heading:
            document.add_heading(heading, level=1)
        if body.strip():
            _add_markdown(document, body)

    _add_timeline(document, card.get("milestones") or [])
    _add_key_figures(document, card.get("results") or [])
    _add_risks(document, card.get("risk_items") or [])
    _add_structure(document, card.get("roles") or [])

    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _set_language(document) -> None:
    """Dutch as the document's proofing language (Word's spelling check, hyphenation)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = run_properties.find(qn("w:rPr")) if run_properties is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _add_runs(paragraph, text: str, *, italic: bool = False) -> None:
    for run_text, bold, run_italic, code in _inline_runs(_clean(text)):
        run = paragraph.add_run(run_text)
        run.bold = bold or None
        run.italic = (run_italic or italic) or None
        if code:
            run.font.name = "Consolas"


_BLOCK_STYLES = {
    ("bullet", 1): "List Bullet",
    ("bullet", 2): "List Bullet 2",
    ("bullet", 3): "List Bullet 3",
    ("number", 1): "List Number",
    ("number", 2): "List Number 2",
    ("number", 3): "List Number 3",
}


def _add_markdown(container, text: str) -> None:
    """Add a Markdown text to a document or table cell as paragraphs and lists."""
    for block in _markdown_blocks(text):
        kind = block["kind"]
        if kind == "heading":
            paragraph = container.add_paragraph()
            for run_text, _bold, italic, _code in _inline_runs(block["text"]):
                run = paragraph.add_run(run_text)
                run.bold = True
                run.italic = italic or None
        elif kind == "quote":
            paragraph = container.add_paragraph(style="Quote")
            _add_runs(paragraph, block["text"])
        elif kind in ("bullet", "number"):
            paragraph = container.add_paragraph(style=_BLOCK_STYLES[kind, block["level"]])
            _add_runs(paragraph, block["text"])
        else:
            paragraph = container.add_paragraph()
            _add_runs(paragraph, block["text"])


def _add_quote(document, quote: dict) -> None:
    text = _clean(quote.get("text")).strip()
    if not text:
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(1.5)
    paragraph.paragraph_format.right_indent = Cm(1.5)
    paragraph.paragraph_format.space_before = Pt(12)
    _add_runs(paragraph, f"“{text}”", italic=True)
    source = ", ".join(
        part for part in (_clean(quote.get("person")), _clean(quote.get("attribution"))) if part
    )
    if source:
        by = document.add_paragraph()
        by.paragraph_format.left_indent = Cm(1.5)
        by.paragraph_format.right_indent = Cm(1.5)
        by.paragraph_format.space_after = Pt(12)
        by.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        by.add_run(f"— {source}")


def _add_timeline(document, milestones: list[dict]) -> None:
    if not milestones:
        return
    document.add_heading("Tijdlijn", level=1)
    for milestone in milestones:
        paragraph = document.add_paragraph()
        when = format_milestone_date(milestone.get("date"), milestone.get("date_precision"))
        paragraph.add_run(when).bold = True
        title = _clean(milestone.get("title"))
        if title:
            paragraph.add_run(f" — {title}" if when else title).bold = True
        if (milestone.get("text") or "").strip():
            _add_markdown(document, milestone["text"])
        links = [
            f"{_clean(link.get('label'))} ({_clean(link.get('url'))})"
            if link.get("url") and link.get("label")
            else _clean(link.get("label") or link.get("url"))
            for link in milestone.get("links") or []
        ]
        links = [link for link in links if link]
        if links:
            document.add_paragraph("Links: " + "; ".join(links))


def _add_table(document, headers: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    # Repeat the header row on every page the table runs over.
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _add_runs(cell.paragraphs[0], text)
    return table


def _add_key_figures(document, results: list[dict]) -> None:
    if not results:
        return
    document.add_heading("Kerncijfers", level=1)
    rows = []
    for result in results:
        day = _date(result.get("date"))
        rows.append(
            [
                _clean(result.get("label")),
                _dutch_number(result.get("value")),
                _clean(result.get("unit")),
                format_milestone_date(day) if day else _clean(result.get("date")),
                _clean(result.get("note")),
            ]
        )
    _add_table(document, ["Kerncijfer", "Waarde", "Eenheid", "Datum", "Toelichting"], rows)


def _add_risks(document, items: list[dict]) -> None:
    if not items:
        return
    document.add_heading("Risico's", level=1)
    rows = [
        [
            _clean(item.get("description")),
            _label(Level, item.get("likelihood")),
            _label(Level, item.get("impact")),
            _clean(item.get("mitigation")),
        ]
        for item in items
    ]
    _add_table(document, ["Risico", "Kans", "Impact", "Beheersmaatregel"], rows)


def _role_line(role: dict) -> str:
    """'Ton Orleans (Gemeente Zoeterwoude), Ambtelijk projectleider — A: Retail; note'."""
    text = _role_holder(role)
    title = _clean(role.get("title"))
    if title:
        text = f"{text}, {title}" if text else title
    label = _clean(role.get("label"))
    if label and label != text and (role.get("person") or role.get("organisation")):
        text = f"{text} ({label})"
    line_of_action = _clean(role.get("line_of_action"))
    if line_of_action:
        text += f" — {line_of_action}"
    note = _clean(role.get("note"))
    if note:
        text += f"; {note}"
    return text


def _add_structure(document, roles: list[dict]) -> None:
    if not roles:
        return
    document.add_heading("Projectstructuur", level=1)
    order = {kind: index for index, kind in enumerate(RoleKind.values)}
    by_kind: dict[str, list[dict]] = {}
    for role in sorted(roles, key=lambda role: order.get(role.get("kind"), len(order))):
        by_kind.setdefault(role.get("kind") or "", []).append(role)
    for kind, members in by_kind.items():
        document.add_heading(_label(RoleKind, kind) or "Overig", level=2)
        for role in members:
            line = _role_line(role)
            if line:
                paragraph = document.add_paragraph(style="List Bullet")
                # Names are not Markdown: add them as they are.
                paragraph.add_run(line)


# --- JSON -----------------------------------------------------------------------------------


def edition_json(snapshot: dict) -> bytes:
    """The whole edition as pretty UTF-8 JSON (Decimals, dates and datetimes as strings)."""
    text = json.dumps(snapshot, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
