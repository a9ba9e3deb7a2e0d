"""The printed project overview: the 2019 edition rendered to PDF and read back."""

import re
from io import BytesIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from pypdf import PdfReader

from economie071.portfolio.constants import CARD_SECTIONS, RoleKind
from economie071.publications.models import Edition
from economie071.publications.rendering import render_edition_pdf


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
        assert not previous.startswith(normalise("Projectkaart")), (project["name"], number)


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
