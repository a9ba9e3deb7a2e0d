"""The printed project overview: the 2019 edition rendered to PDF and read back."""

import json
import re
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from pypdf import PdfReader

from economie071.portfolio.constants import CARD_SECTIONS, RoleKind
from economie071.publications.models import Edition
from economie071.publications.rendering import (
    render_edition_html_for_print,
    render_edition_pdf,
)

SEED_HEADINGS = {
    # Each card's headings as the printed overview of November 2019 gives them, in its order.
    "smart071": [
        "Wat biedt Smart071 het MKB in de Leidse regio?",
        "Wat hebben we tot nu toe gedaan in 2019?",
        "Waar zijn we de rest van 2019 en begin 2020 mee bezig?",
        "Urgentie en opdracht",
    ],
    "human-capital-actieplan": [
        "Verkenning afgelopen maanden",
        "Wat is een House of Skills",
        "Doelstelling HCA",
        "De focus",
        "Vooruitblik",
        "Triple Change!",
    ],
    "be-good-and-tell-it": [
        "De urgentie",
        "Welke stappen zijn gezet?",
        "Welke stappen volgen?",
        "Welke kostenstructuur wordt gehanteerd?",
    ],
    "aansluiting-onderwijs-en-arbeidsmarkt": [
        "Doel en thema’s",
        "Eerste Kenniskring",
        "Derde Kenniskring",
        "Welke kostenstructuur wordt gehanteerd?",
        "De urgentie",
        "De opdracht",
    ],
    "green-deal-zes": ["Urgentie", "Belang van ondernemers", "Economie071 verkent mogelijkheden"],
    "retailvisie": [
        "Wat is er het afgelopen half jaar gebeurd?",
        "Welke stappen volgen?",
        "Welke kostenstructuur wordt gehanteerd?",
        "De urgentie",
        "De opdracht",
    ],
}


def normalise(text: str) -> str:
    """Text as comparable words: undo line-end hyphenation, drop spacing and dashes."""
    text = re.sub(r"[\u2010\u00ad]\s*\n", "", text)  # hyphenation inserted by the renderer
    return re.sub(r"[\s\-\u2010\u2011\u00ad]+", "", text).lower()


@pytest.fixture(scope="module")
def edition_2019(django_db_setup, django_db_blocker):
    """The demo's 2019 edition and its PDF, made once for this module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        content = Edition.objects.get().snapshot
        transaction.set_rollback(True)
    pdf = render_edition_pdf(content)
    reader = PdfReader(BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    return content, pdf, pages


def cards(content):
    return [p for p in content["projects"] if p["card"]]


def test_is_an_a4_pdf_of_plausible_length(edition_2019):
    content, pdf, pages = edition_2019
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    # Cover, contents, foreword, overview and ten cards of one to five pages each.
    assert 25 <= len(pages) <= 60


def test_every_project_leader_and_name_is_printed(edition_2019):
    content, _pdf, pages = edition_2019
    document = normalise("\n".join(pages))
    for project in content["projects"]:
        assert normalise(project["name"]) in document, project["name"]
        leaders = (
            [
                role["person"] or role["organisation"]
                for role in project["card"]["roles"]
                if role["kind"] == RoleKind.PROJECT_LEADER
            ]
            if project["card"]
            else []
        )
        for leader in leaders:
            assert normalise(leader) in document, (project["name"], leader)


def test_every_section_heading_is_printed_on_its_card(edition_2019):
    content, _pdf, pages = edition_2019
    with translation.override("nl"):
        questions = {key: str(label) for key, label in CARD_SECTIONS}
        timeline = translation.gettext("Timeline")
    document = normalise("\n".join(pages))
    for project in cards(content):
        card = project["card"]
        headings = [questions[key] for key in questions if card.get(key)]
        headings += [s["heading"] for s in card["extra_sections"] if s["heading"]]
        headings += [timeline] if card["milestones"] else []
        assert headings, project["name"]
        for heading in headings:
            assert normalise(heading) in document, (project["name"], heading)


def test_contents_page_numbers_point_at_the_cards(edition_2019):
    content, _pdf, pages = edition_2019
    with translation.override("nl"):
        contents = translation.gettext("Contents")
    toc = next(text for text in pages if contents in text.splitlines())
    numbers = [int(n) for n in re.findall(r"^(\d+)$", toc, flags=re.M)]
    entries = cards(content)
    # The contents list the foreword and the overview page, then every card, in order.
    assert len(numbers) == len(entries) + 2
    card_pages = numbers[2:]
    assert card_pages == sorted(card_pages)
    for project, number in zip(entries, card_pages, strict=True):
        page = pages[number - 1]
        assert "PROJECTKAART" in page.upper(), (project["name"], number)
        assert normalise(project["name"]) in normalise(page), (project["name"], number)
        # ... and it is the card's first page: the page before does not open the same card.
        previous = normalise(pages[number - 2])
        assert not previous.startswith(normalise("Projectkaart" + project["name"])), (
            project["name"],
            number,
        )


def test_charts_are_text_in_the_pdf(edition_2019):
    _content, _pdf, pages = edition_2019
    document = "\n".join(pages)
    assert "€ 192.000" in document  # the retail budget's allocation chart
    assert "Lopend project" in document  # a row of the portfolio chart


@pytest.mark.django_db
def test_empty_parts_are_left_out_and_long_text_still_renders(led_project, period):
    from tests.factories import ProjectCardFactory

    ProjectCardFactory(
        project=led_project,
        period=period,
        published=True,
        quote_text="",
        last_half_year=("Lange tekst. " * 4000) + "x" * 3000,  # and one unbreakable word
    )
    from economie071.publications.services import edition_issue

    edition = edition_issue(programme=led_project.programme, period=period, actor=None)
    pages = [
        p.extract_text() for p in PdfReader(BytesIO(render_edition_pdf(edition.snapshot))).pages
    ]
    document = "\n".join(pages)
    assert len(pages) > 10  # the long text flows over many pages
    assert "Citaat" not in document and "Volgende stappen" not in document
    with translation.override("nl"):
        assert normalise(str(dict(CARD_SECTIONS)["next_steps"])) not in normalise(document)


def test_only_the_shipped_fonts_are_embedded(edition_2019):
    _content, pdf, _pages = edition_2019
    fonts = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts
    assert all(name.startswith("Noto-Sans") for name in fonts), fonts


# --- Accessible, faithful, compact ----------------------------------------------------------


def test_is_a_tagged_pdf_ua_with_title_language_and_bookmarks(edition_2019):
    content, pdf, _pages = edition_2019
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == content["title"]
    # The PDF/UA identification in the XMP metadata.
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for project in cards(content):
        assert project["name"] in outline


def test_every_font_is_embedded(edition_2019):
    _content, pdf, _pages = edition_2019
    reader = PdfReader(BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            descriptor = descendants[0].get_object().get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_the_2019_edition_fits_in_thirty_pages(edition_2019):
    _content, _pdf, pages = edition_2019
    assert len(pages) <= 30


def test_cards_print_their_headings_in_the_seeds_order(edition_2019):
    content, _pdf, _pages = edition_2019
    html = render_edition_html_for_print(content)
    for slug, headings in SEED_HEADINGS.items():
        card = html[html.index(f'id="kaart-{slug}"') :]
        card = card[: card.find('class="card-page"', 1) % len(card) or len(card)]
        positions = [card.find(f">{heading}</h2>") for heading in headings]
        assert -1 not in positions, (slug, headings, positions)
        assert positions == sorted(positions), (slug, positions)


def test_nothing_the_seed_does_not_give_is_printed(edition_2019):
    _content, _pdf, pages = edition_2019
    document = "\n".join(pages)
    oil = normalise(document[document.index("Open Innovatie lab\nCategorie") :])
    # The timeline entries the seed cannot date carry what it does give, not a month.
    assert normalise("tussen februari en 17 juni 2019; volgorde uit de tekst") in oil
    for month in ("maart 2019", "april 2019", "mei 2019", "juli 2019", "september 2019"):
        assert normalise(month) not in oil[: oil.index(normalise("Aansluiting Onderwijs"))]
    # No partner block for a card that prints none, no end date for a role, no status badge,
    # no reporting-period jargon on the cover.
    assert "Partner" not in document[document.index("Open Innovatie lab\nCategorie") :][:6000]
    assert "tot 7 november 2019" not in document
    assert "Status:" not in document
    assert "2019-H2" not in pages[0] and "versie 1" not in pages[0]
    # Key figures keep their printed form; the computed allocation says how it was computed.
    flat = " ".join(document.split())
    for printed in ("zo’n 100 deelnemers", "ongeveer 1/3", "5e plek", "ca. 50 organisaties"):
        assert printed in flat, printed
    assert "0,33" not in flat
    assert "berekend door het platform naar inwonertal op 1 januari 2019" in flat
    assert "03759ned" in flat


def test_line_ends_are_not_hyphenated_into_the_text(edition_2019):
    content, _pdf, pages = edition_2019
    # A word broken by the renderer would read "ont-\nwikkeling" in copied text: every
    # hyphen at a line end must be one the text itself has ("productie- en", "re-design").
    source = " ".join(json.dumps(content, ensure_ascii=False).split())
    for left, right in re.findall(r"(\S+)-\n(\S+)", "\n".join(pages)):
        assert f"{left}-{right}" in source or f"{left}- {right}" in source, (left, right)
