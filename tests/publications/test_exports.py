"""An edition as files (publications/exports.py): workbook, Word document per card, JSON.

The functions take the edition's snapshot dict, never the database, so these tests build
one by hand. All figures in it are made-up test figures, not the programme's.
"""

import copy
import datetime
import json
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.utils import translation
from docx import Document

from economie071.core.exports import EXCEL_CELL_LIMIT
from economie071.portfolio.documents import (
    NO_CARD,
    RISKS_FROM_CARD_TEXT,
    card_docx,
    format_milestone_date,
    markdown_to_plain,
)
from economie071.publications.exports import edition_json, edition_xlsx

DUTCH_QUESTIONS = [
    "Wat is er het afgelopen half jaar gebeurd?",
    "Welke stappen volgen?",
    "Welke impact zullen deze activiteiten hebben?",
    "Wat kunnen de partners bijdragen?",
    "Welke kostenstructuur wordt gehanteerd?",
    "Welke risico's heb je in beeld en welke beheersmaatregelen zet je daarvoor in?",
    "De urgentie",
    "De opdracht",
]

# Test inhabitants (round numbers, not CBS figures) and a test budget of 27 000 that divides
# exactly: 0.10 per inhabitant.
ALLOCATION = [
    ("Katwijk", "60000", "6000.00"),
    ("Leiden", "120000", "12000.00"),
    ("Leiderdorp", "30000", "3000.00"),
    ("Oegstgeest", "25000", "2500.00"),
    ("Voorschoten", "25000", "2500.00"),
    ("Zoeterwoude", "10000", "1000.00"),
]


def _role(kind, person="", organisation="", label="", title="", line_of_action="", note=""):
    return {
        "kind": kind,
        "person": person,
        "organisation": organisation,
        "label": label,
        "title": title,
        "line_of_action": line_of_action,
        "starts_on": None,
        "ends_on": None,
        "note": note,
    }


def _empty_card(slug, name, phase="running", phase_label="Lopend project"):
    return {
        "project": {"slug": slug, "name": name},
        "period": "2019-H2",
        "phase": phase,
        "phase_label": phase_label,
        "status_light": "not_set",
        "last_half_year": "",
        "next_steps": "",
        "impact": "",
        "partner_contribution": "",
        "cost_structure": "",
        "risks": "",
        "urgency": "",
        "assignment": "",
        "extra_sections": [],
        "quote": {"text": "", "person": "", "attribution": ""},
        "milestones": [],
        "results": [],
        "risk_items": [],
        "roles": [],
        "revision": 1,
        "published_at": "2019-11-20T12:00:00+00:00",
    }


def _full_card():
    card = _empty_card("testproject-retail", "Testproject Retail")
    card.update(
        {
            "status_light": "at_risk",
            "last_half_year": (
                "Het **actieplan** is vastgesteld door de *stuurgroep*.\n"
                "Zie ook [de website](https://example.org/retail).\n\n"
                "Bereikt:\n"
                "- twee **werkateliers** gehouden\n"
                "* een monitor opgezet\n"
                "  - met een *nulmeting*\n\n"
                "1. eerste stap\n"
                "2. tweede stap"
            ),
            "next_steps": "## Plan\nDe volgende stap is de __uitvoering__.",
            "impact": "Meer bezoekers in de centra.",
            "partner_contribution": "Kennis en `netwerk`.",
            "cost_structure": "Verdeeld naar inwonertal.",
            "risks": "Te weinig capaciteit bij de gemeenten.",
            "urgency": "> De leegstand loopt op.",
            "assignment": "Uitvoeren van het actieplan.",
            "extra_sections": [
                {"heading": "Aanleiding", "body": "De regio wil een **sterke** binnenstad."},
                {"heading": "", "body": "Een alinea zonder kopje.\n\nEn nog een alinea."},
            ],
            "quote": {
                "text": "Samen maken we de centra sterker.",
                "person": "Testpersoon Een",
                "attribution": "projectleider vanuit de gemeente Testdorp",
            },
            "milestones": [
                {
                    "date": "2019-02-01",
                    "date_precision": "month",
                    "title": "Kick-off",
                    "text": "Start met **alle** partners.",
                    "links": [{"label": "LinkedIn", "url": ""}],
                },
                {
                    "date": "2019-06-17",
                    "date_precision": "day",
                    "title": "Werkatelier",
                    "text": "",
                    "links": [{"label": "Verslag", "url": "https://example.org/verslag"}],
                },
                {
                    "date": "2020-01-01",
                    "date_precision": "year",
                    "title": "Evaluatie",
                    "text": "",
                    "links": [],
                },
            ],
            "results": [
                {
                    "label": "werkateliers gehouden",
                    "value": "25",
                    "unit": "ateliers",
                    "date": "2019-10-01",
                    "note": "testcijfer",
                },
                {
                    "label": "tevredenheid",
                    "value": "7.5",
                    "unit": "",
                    "date": None,
                    "note": "",
                },
            ],
            "risk_items": [
                {
                    "description": "Te weinig **capaciteit**",
                    "likelihood": "high",
                    "impact": "medium",
                    "mitigation": "Extra inzet vanuit het programmabureau",
                },
                {
                    "description": "Vertraging in de besluitvorming",
                    "likelihood": "",
                    "impact": "",
                    "mitigation": "",
                },
            ],
            "roles": [
                _role(
                    "executive_sponsor",
                    person="Testwethouder Twee",
                    organisation="Gemeente Testdorp",
                    title="wethouder Economische Zaken",
                ),
                _role("official_sponsor", person="Testambtenaar Drie"),
                _role(
                    "project_leader",
                    person="Testpersoon Een",
                    organisation="Gemeente Testdorp",
                    title="Ambtelijk projectleider",
                ),
                _role("working_group_member", organisation="Ondernemersvereniging Test"),
                _role("contact_point", person="Testpersoon Vier", line_of_action="A: Centra"),
                _role("partner", label="alle winkeliersverenigingen"),
            ],
            "revision": 3,
        }
    )
    return card


@pytest.fixture
def snapshot():
    text_only_card = _empty_card("testproject-events", "Testproject Events", "new", "Nieuw project")
    text_only_card.update(
        {
            "status_light": "on_track",
            "risks": "Weinig **aanmeldingen**; we werven via de partners.",
            "roles": [_role("project_leader", organisation="Testbureau BV")],
        }
    )
    return {
        "format": 1,
        "programme": {"slug": "economie071", "name": "Economie071", "region": "Leidse regio"},
        "period": "2019-H2",
        "version": 1,
        "title": "Projectenoverzicht test november 2019",
        "issued_on": "2019-11-26",
        "foreword": {"text": "Een *voorwoord*.", "author": "Testvoorzitter", "author_title": ""},
        "pillars": [
            {
                "slug": "verleiden",
                "number": 4,
                "name": "verleiden",
                "subtitle": "Vestigingsklimaat",
                "colour": "#1f5f8b",
                "projects": ["testproject-retail"],
            },
            {
                "slug": "verbinden",
                "number": 3,
                "name": "verbinden",
                "subtitle": "Onderwijs en arbeidsmarkt",
                "colour": "#1f8b5f",
                "projects": ["testproject-retail", "testproject-events"],
            },
        ],
        "themes": [
            {"slug": "circulair", "name": "Circulaire Economie", "projects": ["testproject-retail"]}
        ],
        "projects": [
            {
                "slug": "testproject-events",
                "name": "Testproject Events",
                "phase": "new",
                "phase_label": "Nieuw project",
                "pillars": ["verbinden"],
                "themes": [],
                "card": text_only_card,
                "budget_lines": [],
            },
            {
                "slug": "testproject-retail",
                "name": "Testproject Retail",
                "phase": "running",
                "phase_label": "Lopend project",
                "pillars": ["verleiden", "verbinden"],
                "themes": ["circulair"],
                "card": _full_card(),
                "budget_lines": [
                    {
                        "description": "Testbegroting fase 2",
                        "amount": "27000.00",
                        "allocation_key": "by_inhabitants",
                        "allocation_label": "Naar inwonertal",
                        "population_year": 2019,
                        "funder": "",
                        "rows": [
                            {"party": party, "basis": basis, "amount": amount}
                            for party, basis, amount in ALLOCATION
                        ],
                        "error": "",
                    },
                    {
                        "description": "Testbijdrage provincie",
                        "amount": "5000.00",
                        "allocation_key": "single_funder",
                        "allocation_label": "Eén financier",
                        "population_year": None,
                        "funder": "Provincie Test",
                        "rows": [{"party": "Provincie Test", "basis": "1", "amount": "5000.00"}],
                        "error": "",
                    },
                ],
            },
            {
                "slug": "testproject-zonder-kaart",
                "name": "Testproject Zonder Kaart",
                "phase": "orientation",
                "phase_label": "Oriëntatiefase",
                "pillars": [],
                "themes": [],
                "card": None,
                "budget_lines": [],
            },
        ],
    }


def _workbook(data: bytes):
    return openpyxl.load_workbook(BytesIO(data))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(p.text for s in document.sections for p in s.header.paragraphs)
    return "\n".join(parts)


# --- Workbook -------------------------------------------------------------------------------


def test_workbook_has_the_about_sheet_first_then_the_tables(snapshot):
    workbook = _workbook(edition_xlsx(snapshot))

    assert workbook.sheetnames == [
        "Over dit overzicht",
        "Projecten",
        "Kerncijfers",
        "Risico's",
        "Verdeling",
    ]
    assert workbook.properties.title == "Projectenoverzicht test november 2019"
    assert workbook.properties.creator == "Economie071 platform"
    about = workbook["Over dit overzicht"]
    values = [value for row in _rows(about) for value in row if value is not None]
    assert "Projectenoverzicht test november 2019" in values
    assert "2019-H2" in values
    assert 1 in values
    assert datetime.datetime(2019, 11, 26) in values  # a date cell, not text
    assert any("gepubliceerde projectkaarten" in str(value) for value in values)


def test_projects_sheet_has_one_row_per_project_with_header_frozen_and_filtered(snapshot):
    sheet = _workbook(edition_xlsx(snapshot))["Projecten"]
    rows = _rows(sheet)

    assert rows[0] == [
        "Project",
        "Categorie",
        "Pijlers",
        "Thema's",
        "Projectleider(s)",
        "Bestuurlijk opdrachtgever(s)",
        "Status",
        "Totale begroting",
        "Kerncijfers",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Testproject Events",
        "Testproject Retail",
        "Testproject Zonder Kaart",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    assert all(cell.font.bold for cell in sheet[1])

    events, retail, no_card = rows[1:]
    assert retail[1] == "Lopend project"
    assert retail[2] == "verleiden, verbinden"
    assert retail[3] == "Circulaire Economie"
    assert retail[4] == "Testpersoon Een (Gemeente Testdorp)"
    assert retail[5] == "Testwethouder Twee (Gemeente Testdorp)"
    assert retail[6] == "Risico"
    assert retail[7] == 32000  # a number: 27 000 + 5 000
    assert sheet["H3"].number_format.endswith("#,##0.00")
    assert "€" in sheet["H3"].number_format
    assert retail[8] == "25 ateliers (werkateliers gehouden); 7,5 (tevredenheid)"
    assert events[4] == "Testbureau BV"
    assert events[6] == "Op koers"
    assert events[7] is None  # no budget lines: no total, rather than a made-up 0
    assert no_card[6] == NO_CARD
    assert no_card[4] is None


def test_key_figures_sheet_has_one_row_per_figure_with_numbers_and_dates(snapshot):
    sheet = _workbook(edition_xlsx(snapshot))["Kerncijfers"]
    rows = _rows(sheet)

    assert rows[0] == [
        "Project",
        "Kerncijfer",
        "Waarde",
        "Zoals gedrukt",
        "Eenheid",
        "Datum",
        "Toelichting",
    ]
    assert rows[1] == [
        "Testproject Retail",
        "werkateliers gehouden",
        25,
        None,
        "ateliers",
        datetime.datetime(2019, 10, 1),
        "testcijfer",
    ]
    assert rows[2][:3] == ["Testproject Retail", "tevredenheid", 7.5]
    assert rows[2][5] is None
    assert len(rows) == 3
    assert sheet.freeze_panes == "A2"


def test_risks_sheet_has_the_items_and_the_card_text_where_there_are_no_items(snapshot):
    sheet = _workbook(edition_xlsx(snapshot))["Risico's"]
    rows = _rows(sheet)

    assert rows[0] == ["Project", "Risico", "Kans", "Impact", "Beheersmaatregel"]
    assert rows[1:] == [
        [
            "Testproject Events",
            "Weinig aanmeldingen; we werven via de partners.",
            None,
            None,
            RISKS_FROM_CARD_TEXT,
        ],
        [
            "Testproject Retail",
            "Te weinig capaciteit",
            "Hoog",
            "Gemiddeld",
            "Extra inzet vanuit het programmabureau",
        ],
        ["Testproject Retail", "Vertraging in de besluitvorming", None, None, None],
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert sheet["B2"].alignment.wrap_text


def test_allocation_rows_add_up_to_the_line_and_are_totalled_per_municipality(snapshot):
    sheet = _workbook(edition_xlsx(snapshot))["Verdeling"]
    rows = _rows(sheet)

    assert rows[0] == [
        "Project",
        "Begrotingspost",
        "Verdeelsleutel",
        "Peiljaar inwonertal",
        "Gemeente / partij",
        "Basis",
        "Bedrag",
        "Opmerking",
    ]
    line = [row for row in rows[1:] if row[1] == "Testbegroting fase 2"]
    shares, total = line[:-1], line[-1]
    assert [row[4] for row in shares] == [party for party, _basis, _amount in ALLOCATION]
    assert all(row[2] == "Naar inwonertal" and row[3] == 2019 for row in shares)
    assert shares[0][5] == 60000
    assert sum(Decimal(str(row[6])) for row in shares) == Decimal("27000.00")
    assert total[4] == "Totaal"
    assert total[6] == 27000
    assert total[7] is None  # the rows add up: no remark

    # Below the table: the total per municipality (and other party) over all lines.
    start = next(index for index, row in enumerate(rows) if row[0] == "Totaal per gemeente")
    block = {row[0]: row[1] for row in rows[start + 2 :] if row[0]}
    assert block["Leiden"] == 12000
    assert block["Provincie Test"] == 5000
    assert block["Totaal"] == 32000
    assert sheet.auto_filter.ref == f"A1:H{start - 2}"
    assert sheet.freeze_panes == "A2"


def test_allocation_shows_a_line_that_could_not_be_allocated(snapshot):
    snapshot["projects"][0]["budget_lines"] = [
        {
            "description": "Testpost zonder inwonertal",
            "amount": "1000.00",
            "allocation_key": "by_inhabitants",
            "allocation_label": "Naar inwonertal",
            "population_year": 2031,
            "funder": "",
            "rows": [],
            "error": "Geen inwonertal voor 2031.",
        }
    ]
    rows = _rows(_workbook(edition_xlsx(snapshot))["Verdeling"])

    total = next(row for row in rows if row[1] == "Testpost zonder inwonertal")
    assert total[4] == "Totaal"
    assert total[6] == 1000
    assert total[7] == "Geen inwonertal voor 2031."


def test_money_is_written_as_exact_decimals_not_floats(snapshot):
    # 0.1 + 0.2 in floats is 0.30000000000000004; the sum of two Decimals is exact.
    snapshot["projects"][1]["budget_lines"] = [
        {**snapshot["projects"][1]["budget_lines"][1], "amount": amount}
        for amount in ("0.10", "0.20")
    ]
    workbook = _workbook(edition_xlsx(snapshot))
    assert workbook["Projecten"]["H3"].value == 0.3


def test_text_that_looks_like_a_formula_stays_text(snapshot):
    snapshot["projects"][0]["card"]["risks"] = '=HYPERLINK("http://example.org","klik")'
    sheet = _workbook(edition_xlsx(snapshot))["Risico's"]

    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value.startswith("=HYPERLINK")


def test_workbook_of_an_edition_without_projects(snapshot):
    snapshot["projects"] = []
    snapshot["pillars"] = []
    workbook = _workbook(edition_xlsx(snapshot))

    for name in ("Projecten", "Kerncijfers", "Risico's", "Verdeling"):
        assert workbook[name].max_row >= 1
        assert workbook[name]["A1"].value == "Project"
    assert _rows(workbook["Projecten"])[1:] == []


def test_text_longer_than_an_excel_cell_is_cut_not_broken(snapshot):
    card = snapshot["projects"][0]["card"]
    card["risks"] = ("Een lange zin over risico's met **nadruk** en *cursief*. " * 4000)[:200_000]
    card["risks"] += "\x0b\x00"  # characters XML cannot hold

    workbook = _workbook(edition_xlsx(snapshot))
    risk = workbook["Risico's"]["B2"].value
    assert len(risk) <= EXCEL_CELL_LIMIT
    assert risk.endswith("staat op de projectkaart]")
    assert "**" not in risk


# --- Word document --------------------------------------------------------------------------


@pytest.fixture
def full_docx(snapshot):
    data = card_docx(
        snapshot["projects"][1]["card"],
        edition_title=snapshot["title"],
        phase_label="Lopend project",
    )
    return Document(BytesIO(data))


def test_card_document_has_title_period_and_category(full_docx):
    paragraphs = [p for p in full_docx.paragraphs if p.text]
    assert paragraphs[0].text == "Testproject Retail"
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[1].text == "Projectkaart 2019-H2 · Categorie: Lopend project"
    assert "Status: Risico" in [p.text for p in paragraphs]
    assert full_docx.core_properties.title == "Testproject Retail"
    assert full_docx.core_properties.subject == (
        "Projectkaart 2019-H2 · Projectenoverzicht test november 2019"
    )
    assert full_docx.core_properties.author == "Economie071 platform"
    assert full_docx.sections[0].header.paragraphs[0].text == (
        "Projectenoverzicht test november 2019"
    )


def test_card_document_has_the_quote_set_apart(full_docx):
    texts = [p.text for p in full_docx.paragraphs]
    quote = next(p for p in full_docx.paragraphs if "Samen maken we" in p.text)

    assert quote.text == "“Samen maken we de centra sterker.”"
    assert all(run.italic for run in quote.runs)
    assert quote.paragraph_format.left_indent > 0
    assert "— Testpersoon Een, projectleider vanuit de gemeente Testdorp" in texts


def test_card_document_has_the_dutch_questions_in_order_then_the_rest(full_docx):
    headings = [p.text for p in full_docx.paragraphs if p.style.name == "Heading 1"]

    assert headings == [
        *DUTCH_QUESTIONS,
        "Aanleiding",
        "Tijdlijn",
        "Kerncijfers",
        "Risico's",
        "Projectstructuur",
    ]
    texts = [p.text for p in full_docx.paragraphs]
    # The extra section without heading: plain paragraphs after "Aanleiding"'s body.
    aanleiding = texts.index("Aanleiding")
    assert texts[aanleiding + 1] == "De regio wil een sterke binnenstad."
    assert texts[aanleiding + 2 : aanleiding + 4] == [
        "Een alinea zonder kopje.",
        "En nog een alinea.",
    ]


def test_card_document_turns_markdown_into_paragraphs_lists_and_runs(full_docx):
    by_text = {p.text: p for p in full_docx.paragraphs}

    first = by_text[
        "Het actieplan is vastgesteld door de stuurgroep. "
        "Zie ook de website (https://example.org/retail)."
    ]
    assert [r.text for r in first.runs if r.bold] == ["actieplan"]
    assert [r.text for r in first.runs if r.italic] == ["stuurgroep"]
    assert by_text["twee werkateliers gehouden"].style.name == "List Bullet"
    assert by_text["een monitor opgezet"].style.name == "List Bullet"
    assert by_text["met een nulmeting"].style.name == "List Bullet 2"
    assert by_text["eerste stap"].style.name == "List Number"
    assert by_text["tweede stap"].style.name == "List Number"
    assert "De volgende stap is de uitvoering." in by_text
    assert by_text["Plan"].runs[0].bold
    assert by_text["De leegstand loopt op."].style.name == "Quote"
    assert "Kennis en netwerk." in by_text

    text = _docx_text(full_docx)
    for marker in ("**", "__", "](", "`", "## ", "\n- ", "\n* ", "\n> "):
        assert marker not in text, marker


def test_card_document_formats_the_timeline_dates_as_precise_as_given(full_docx):
    texts = [p.text for p in full_docx.paragraphs]

    assert "februari 2019 — Kick-off" in texts
    assert "17 juni 2019 — Werkatelier" in texts
    assert "2020 — Evaluatie" in texts
    assert "Start met alle partners." in texts
    assert "Links: Verslag (https://example.org/verslag)" in texts
    assert "Links: LinkedIn" in texts


def test_card_document_has_key_figures_and_risks_as_tables(full_docx):
    figures, risks = full_docx.tables

    assert [c.text for c in figures.rows[0].cells] == [
        "Kerncijfer",
        "Waarde",
        "Eenheid",
        "Datum",
        "Toelichting",
    ]
    assert [c.text for c in figures.rows[1].cells] == [
        "werkateliers gehouden",
        "25",
        "ateliers",
        "1 oktober 2019",
        "testcijfer",
    ]
    assert figures.rows[2].cells[1].text == "7,5"
    assert [c.text for c in risks.rows[1].cells] == [
        "Te weinig capaciteit",
        "Hoog",
        "Gemiddeld",
        "Extra inzet vanuit het programmabureau",
    ]
    assert [c.text for c in risks.rows[2].cells] == ["Vertraging in de besluitvorming", "", "", ""]


def test_card_document_groups_the_project_structure_by_role(full_docx):
    paragraphs = full_docx.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Projectstructuur")
    structure = [(p.style.name, p.text) for p in paragraphs[start + 1 :]]

    assert structure == [
        ("Heading 2", "Bestuurlijk opdrachtgever"),
        (
            "List Bullet",
            "Testwethouder Twee (Gemeente Testdorp), wethouder Economische Zaken",
        ),
        ("Heading 2", "Ambtelijk opdrachtgever"),
        ("List Bullet", "Testambtenaar Drie"),
        ("Heading 2", "Projectleider"),
        ("List Bullet", "Testpersoon Een (Gemeente Testdorp), Ambtelijk projectleider"),
        ("Heading 2", "Werkgroep"),
        ("List Bullet", "Ondernemersvereniging Test"),
        ("Heading 2", "Aanspreekpunt"),
        ("List Bullet", "Testpersoon Vier — A: Centra"),
        ("Heading 2", "Aangesloten partner"),
        ("List Bullet", "alle winkeliersverenigingen"),
    ]


def test_card_document_is_dutch_whatever_the_active_language(snapshot):
    with translation.override("en"):
        document = Document(BytesIO(card_docx(snapshot["projects"][1]["card"])))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == DUTCH_QUESTIONS[0]
    # Without an explicit phase label the card's own is used.
    assert "Projectkaart 2019-H2 · Categorie: Lopend project" in [
        p.text for p in document.paragraphs
    ]


def test_card_document_of_an_empty_card():
    card = _empty_card("leeg", "Leeg testproject", phase_label="")
    document = Document(BytesIO(card_docx(card)))

    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["Leeg testproject", "Projectkaart 2019-H2"]
    assert document.tables == []


def test_card_document_with_a_very_long_section(snapshot):
    card = snapshot["projects"][1]["card"]
    card["impact"] = ("Een **lange** tekst met *nadruk*, een * los sterretje en __meer__. " * 4000)[
        :200_000
    ] + "\x01"
    document = Document(BytesIO(card_docx(card)))

    longest = max(document.paragraphs, key=lambda p: len(p.text))
    assert len(longest.text) > 150_000
    assert "**" not in longest.text


def test_unclosed_markers_stay_text():
    # Untempered patterns took seconds here (each "[" scanned to the end of the text);
    # bench/markdown_bombs.py times this conversion on such inputs.
    plain = markdown_to_plain("**a *b _c `d [e " * 20_000)
    assert plain.startswith("**a *b")


def test_long_backtick_runs_and_unclosed_autolinks_stay_text():
    # Every shorter backtick run was tried at every position, and every "<http://" scanned
    # to the end of the text (tens of seconds on 50,000 characters; bench/markdown_bombs.py).
    assert markdown_to_plain("`" * 5_000) == "`" * 5_000
    assert markdown_to_plain("<http://" * 1_000) == "<http://" * 1_000
    assert markdown_to_plain("a ``b`` c `d` <https://e.org>") == "a b c d https://e.org"


def test_unclosed_link_targets_stay_text():
    # Each "](" used to scan to the end of the text for a ")" (seconds on this input;
    # bench/markdown_bombs.py times it); a link target now ends at the next "[".
    assert markdown_to_plain("[a](" * 5_000) == "[a](" * 5_000
    assert markdown_to_plain("Zie [site](https://e.org/x) en [a](") == (
        "Zie site (https://e.org/x) en [a]("
    )


# --- Helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2019-02-01", "month", "februari 2019"),
        ("2019-06-17", "day", "17 juni 2019"),
        ("2019-03-01", "year", "2019"),
        ("2019-12-05", "", "5 december 2019"),
        ("geen datum", "day", "geen datum"),
    ],
)
def test_milestone_dates_are_dutch_and_as_precise_as_given(value, precision, expected):
    assert format_milestone_date(value, precision) == expected


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("**vet** en *cursief* en ***beide***", "vet en cursief en beide"),
        ("[tekst](https://example.org)", "tekst (https://example.org)"),
        ("<https://example.org>", "https://example.org"),
        ("- een\n- twee", "• een\n• twee"),
        ("3. derde", "3. derde"),
        ("5 * 3 = 15 en snake_case_naam", "5 * 3 = 15 en snake_case_naam"),
        ("\\*geen cursief\\*", "*geen cursief*"),
        ("regel een\nregel twee\n\nalinea twee", "regel een regel twee\nalinea twee"),
        ("---", ""),
    ],
)
def test_markdown_to_plain(markdown, plain):
    assert markdown_to_plain(markdown) == plain


# --- JSON -----------------------------------------------------------------------------------


def _normalised(value):
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_edition_json_round_trips(snapshot):
    data = edition_json(snapshot)

    assert json.loads(data.decode("utf-8")) == snapshot
    assert "Oriëntatiefase" in data.decode("utf-8")  # not \u00eb
    assert data.startswith(b'{\n  "format": 1')


def test_edition_json_writes_decimals_and_dates_as_strings(snapshot):
    snapshot = copy.deepcopy(snapshot)
    snapshot["projects"][1]["budget_lines"][0]["amount"] = Decimal("27000.00")
    snapshot["issued_on"] = datetime.date(2019, 11, 26)

    loaded = json.loads(edition_json(snapshot))
    assert loaded == _normalised(snapshot)
    assert loaded["projects"][1]["budget_lines"][0]["amount"] == "27000.00"
    assert loaded["issued_on"] == "2019-11-26"


def test_edition_json_of_an_edition_without_projects(snapshot):
    snapshot["projects"] = []
    assert json.loads(edition_json(snapshot))["projects"] == []
