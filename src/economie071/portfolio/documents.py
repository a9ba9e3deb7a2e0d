"""A project card as a document: its text without Markdown markers, and as Word.

Plain functions over a card snapshot (portfolio.snapshots; the same dict an edition
freezes): they never touch the database, so a file says exactly what the snapshot says.
The card's own text is Markdown; spreadsheets get it as plain text (`markdown_to_plain`),
Word as paragraphs, lists and bold/italic runs (`card_docx`); no markers are left in either.
Headings and labels are Dutch, like the printed overview, whatever language the request
that asks for them uses (``translation.override("nl")``). The project overview's workbook
(publications.exports) builds on the helpers here.
"""

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils import dateformat, numberformat, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

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


def office_text(value) -> str:
    """Text safe for an Office file: a string without characters XML cannot hold."""
    if value is None:
        return ""
    return _ILLEGAL_XML.sub("", str(value))


# --- Values ---------------------------------------------------------------------------------


def snapshot_decimal(value) -> Decimal | None:
    """A snapshot figure ("192000.00") as an exact Decimal; None when empty or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def snapshot_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def dutch_number(value) -> str:
    """'1500' -> '1.500', '5.9' -> '5,9'; text that is not a number is returned as it is."""
    number = snapshot_decimal(value)
    if number is None:
        return office_text(value)
    return numberformat.format(
        number, decimal_sep=",", grouping=3, thousand_sep=".", force_grouping=True
    )


def format_milestone_date(value, precision: str = "day") -> str:
    """A milestone date as precise as it was given: '17 juni 2019', 'februari 2019', '2019'."""
    day = snapshot_date(value)
    if day is None:
        return office_text(value)
    pattern = {"year": "Y", "month": "F Y"}.get(precision, "j F Y")
    with translation.override("nl"):
        return dateformat.format(day, pattern)


def dutch_label(choices, value) -> str:
    """The Dutch label of a choice; the stored value itself when it is not (or no longer) one."""
    if not value:
        return ""
    with translation.override("nl"):
        return str(choices(value).label) if value in choices.values else str(value)


def key_figure_text(result: dict) -> str:
    """'25 trajecten (innovatietrajecten afgerond)'; the figure in the source's own form
    ("zo'n 100") when it has one."""
    figure = office_text(result.get("as_printed")) or dutch_number(result.get("value"))
    amount = " ".join(part for part in (figure, office_text(result.get("unit"))) if part)
    label = office_text(result.get("label"))
    if amount and label:
        return f"{amount} ({label})"
    return amount or label


def role_holder(role: dict) -> str:
    """Who holds a role: 'Ton Orleans (Gemeente Zoeterwoude)', an organisation or a label."""
    person = office_text(role.get("person"))
    organisation = office_text(role.get("organisation"))
    if person and organisation:
        return f"{person} ({organisation})"
    return person or organisation or office_text(role.get("label"))


def role_holders(card: dict | None, kind: str) -> str:
    roles = (card or {}).get("roles") or []
    return "; ".join(
        holder for role in roles if role.get("kind") == kind and (holder := role_holder(role))
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

    for raw in office_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
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


# --- Word document --------------------------------------------------------------------------


def card_docx(card: dict, *, edition_title: str = "", phase_label: str = "") -> bytes:
    """One project card (a project's "card" in an edition snapshot) as a Word document."""
    with translation.override("nl"):
        return _card_docx(card, edition_title=edition_title, phase_label=phase_label)


def _card_docx(card: dict, *, edition_title: str, phase_label: str) -> bytes:
    document = Document()
    name = office_text((card.get("project") or {}).get("name"))
    period = office_text(card.get("period"))
    phase_label = office_text(phase_label or card.get("phase_label"))
    _set_language(document)
    properties = document.core_properties
    properties.title = name
    properties.subject = " · ".join(
        part for part in (f"Projectkaart {period}".strip(), office_text(edition_title)) if part
    )
    properties.author = CREATOR
    properties.last_modified_by = CREATOR
    properties.comments = ""
    properties.language = LANGUAGE
    properties.keywords = "projectkaart"
    if edition_title:
        document.sections[0].header.paragraphs[0].text = office_text(edition_title)

    document.add_heading(name or "Projectkaart", level=0)
    line = f"Projectkaart {period}".strip()
    if phase_label:
        line += f" · Categorie: {phase_label}"
    document.add_paragraph(line, style="Subtitle")
    status = card.get("status_light")
    if status and status != StatusLight.NOT_SET:
        document.add_paragraph(f"Status: {dutch_label(StatusLight, status)}")

    _add_quote(document, card.get("quote") or {})

    for key, question in CARD_SECTIONS:
        text = card.get(key) or ""
        if text.strip():
            document.add_heading(str(question), level=1)
            _add_markdown(document, text)

    for section in card.get("extra_sections") or []:
        body = section.get("body") or ""
        heading = office_text(section.get("heading")).strip()
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
    for run_text, bold, run_italic, code in _inline_runs(office_text(text)):
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
    text = office_text(quote.get("text")).strip()
    if not text:
        return
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(1.5)
    paragraph.paragraph_format.right_indent = Cm(1.5)
    paragraph.paragraph_format.space_before = Pt(12)
    _add_runs(paragraph, f"“{text}”", italic=True)
    source = ", ".join(
        part
        for part in (office_text(quote.get("person")), office_text(quote.get("attribution")))
        if part
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
        when = office_text(milestone.get("date_note")) or format_milestone_date(
            milestone.get("date"), milestone.get("date_precision")
        )
        paragraph.add_run(when).bold = True
        title = office_text(milestone.get("title"))
        if title:
            paragraph.add_run(f" — {title}" if when else title).bold = True
        if (milestone.get("text") or "").strip():
            _add_markdown(document, milestone["text"])
        links = [
            f"{office_text(link.get('label'))} ({office_text(link.get('url'))})"
            if link.get("url") and link.get("label")
            else office_text(link.get("label") or link.get("url"))
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
        day = snapshot_date(result.get("date"))
        rows.append(
            [
                office_text(result.get("label")),
                dutch_number(result.get("value")),
                office_text(result.get("unit")),
                format_milestone_date(day) if day else office_text(result.get("date")),
                office_text(result.get("note")),
            ]
        )
    _add_table(document, ["Kerncijfer", "Waarde", "Eenheid", "Datum", "Toelichting"], rows)


def _add_risks(document, items: list[dict]) -> None:
    if not items:
        return
    document.add_heading("Risico's", level=1)
    rows = [
        [
            office_text(item.get("description")),
            dutch_label(Level, item.get("likelihood")),
            dutch_label(Level, item.get("impact")),
            office_text(item.get("mitigation")),
        ]
        for item in items
    ]
    _add_table(document, ["Risico", "Kans", "Impact", "Beheersmaatregel"], rows)


def _role_line(role: dict) -> str:
    """'Ton Orleans (Gemeente Zoeterwoude), Ambtelijk projectleider — A: Retail; note'."""
    text = role_holder(role)
    title = office_text(role.get("title"))
    if title:
        text = f"{text}, {title}" if text else title
    label = office_text(role.get("label"))
    if label and label != text and (role.get("person") or role.get("organisation")):
        text = f"{text} ({label})"
    line_of_action = office_text(role.get("line_of_action"))
    if line_of_action:
        text += f" — {line_of_action}"
    note = office_text(role.get("note"))
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
        document.add_heading(dutch_label(RoleKind, kind) or "Overig", level=2)
        for role in members:
            line = _role_line(role)
            if line:
                paragraph = document.add_paragraph(style="List Bullet")
                # Names are not Markdown: add them as they are.
                paragraph.add_run(line)
