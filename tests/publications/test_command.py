"""economie071 publish_overview --period LABEL --pdf FILE [--html DIR] [--correction WHY]."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from economie071.programme.models import Programme
from economie071.publications.models import Edition
from economie071.publications.rendering import MARKER
from tests.factories import ProjectFactory
from tests.publications.conftest import RETAIL_TEXT, publish

pytestmark = pytest.mark.django_db


def publish_overview(*args: str) -> str:
    out = io.StringIO()
    call_command("publish_overview", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def tree(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


class _References(HTMLParser):
    """Every href and src of a page, and the ids it defines."""

    def __init__(self):
        super().__init__()
        self.references: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.references.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(page: Path) -> _References:
    parser = _References()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(directory: Path) -> list[str]:
    """Links of the static copy that are not relative or do not resolve to a file (or id)."""
    problems = []
    references: list[tuple[Path, str]] = []
    for page in directory.rglob("*.html"):
        references += [(page, ref) for ref in _parse(page).references]
    for stylesheet in directory.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        references += [(stylesheet, ref) for ref in re.findall(r"url\(\s*[\"']?([^\"')]+)", text)]
    for source, reference in references:
        parts = urlsplit(reference)
        if parts.scheme in ("http", "https", "mailto"):
            continue  # links out of the copy (none in these tests)
        if parts.scheme == "data":
            continue  # an image inside the stylesheet itself (the select arrow)
        where = f"{source.relative_to(directory)}: {reference}"
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            problems.append(f"{where} is not relative")
            continue
        target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
        if not target.is_relative_to(directory.resolve()) or not target.is_file():
            problems.append(f"{where} does not resolve to a file of the copy")
        elif (
            parts.fragment and target.suffix == ".html" and parts.fragment not in _parse(target).ids
        ):
            problems.append(f"{where}: no id {parts.fragment}")
    return problems


@pytest.fixture
def two_cards(programme, period, published_card):
    startersdag = ProjectFactory(programme=programme, name="Startersdag", slug="startersdag")
    publish(startersdag, period, last_half_year="De Startersdag trok 400 bezoekers.")
    return published_card


# --- Writing an edition --------------------------------------------------------------------


def test_writes_the_pdf_and_a_static_copy_then_the_same_edition_again(
    tmp_path, two_cards, foreword, pillar
):
    pdf = tmp_path / "uit" / "projectenoverzicht-2019-H2.pdf"
    site = tmp_path / "site"

    output = publish_overview(
        "--period", "2019-H2", "--pdf", str(pdf), "--html", str(site),
        "--title", "Projectenoverzicht november 2019", "--date", "2019-11-26",
    )  # fmt: skip

    edition = Edition.objects.get()
    assert (edition.version, edition.title, str(edition.issued_on)) == (
        1,
        "Projectenoverzicht november 2019",
        "2019-11-26",
    )
    assert "version 1" in output
    written = pdf.read_bytes()
    assert written.startswith(b"%PDF")
    assert not [p for p in pdf.parent.iterdir() if p != pdf]  # no temporary file left

    files = tree(site)
    for name in (
        "index.html",
        "retailvisie.html",
        "startersdag.html",
        "web/nlds/utrecht-components.css",
        "web/theme.css",
        "web/custom.css",
        "web/brand/logo.svg",
        "pillars.css",
        "web/fonts/NotoSans-Regular.ttf",
        "web/fonts/NotoSans-Bold.ttf",
        "web/fonts/OFL.txt",
        "projectenoverzicht.pdf",
        MARKER,
    ):
        assert name in files, name
    assert files["projectenoverzicht.pdf"] == written
    index = files["index.html"].decode()
    assert "Projectenoverzicht november 2019" in index
    assert "<strong>projectenoverzicht</strong>" in index  # the foreword
    assert 'href="retailvisie.html"' in index
    assert 'href="startersdag.html"' in index
    assert RETAIL_TEXT in files["retailvisie.html"].decode()
    assert ".pillar-verleiden { --pillar: #8a4b08; }" in files["pillars.css"].decode()
    assert broken_links(site) == []

    # Again, without --correction: the same edition, the same PDF, the copy replaced.
    (site / "overblijfsel.html").write_text("van een vorige keer")
    pdf.write_bytes(b"oud")
    output = publish_overview("--period", "2019-H2", "--pdf", str(pdf), "--html", str(site))
    assert Edition.objects.count() == 1
    assert "--correction" in output
    assert pdf.read_bytes() == written
    assert not (site / "overblijfsel.html").exists()
    assert tree(site) == files

    # With --correction: version 2.
    output = publish_overview(
        "--period", "2019-H2", "--pdf", str(pdf), "--correction", "Voorwoord aangevuld."
    )
    second = Edition.objects.get(version=2)
    assert second.correction_reason == "Voorwoord aangevuld."
    assert "version 2" in output
    assert pdf.read_bytes().startswith(b"%PDF")
    assert Edition.objects.count() == 2


def test_default_title_and_date_for_a_new_edition(tmp_path, published_card, monkeypatch):
    from economie071.publications import services

    # This test is about the edition, not the PDF: skip the (slow) rendering.
    monkeypatch.setattr(services, "render_edition_pdf", lambda content: b"%PDF-test")
    publish_overview("--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"))
    edition = Edition.objects.get()
    assert "Economie071" in edition.title
    assert edition.snapshot["title"] == edition.title
    assert (tmp_path / "a.pdf").read_bytes() == b"%PDF-test"


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label, message",
    [
        ("2018-H1", "2018-H1"),  # well-formed, but never opened
        ("2019-H3", "2019-H3"),
        ("2019", "2019"),
        ("negentien", "negentien"),
    ],
)
def test_unknown_or_malformed_period(tmp_path, published_card, label, message):
    pdf = tmp_path / "overzicht.pdf"
    with pytest.raises(CommandError) as excinfo:
        publish_overview("--period", label, "--pdf", str(pdf), "--html", str(tmp_path / "site"))
    assert message in str(excinfo.value)
    assert not Edition.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_period_without_published_cards(tmp_path, card, row_counts):
    pdf = tmp_path / "overzicht.pdf"
    before = row_counts()
    with pytest.raises(CommandError) as excinfo:
        publish_overview("--period", "2019-H2", "--pdf", str(pdf), "--html", str(tmp_path / "s"))
    assert "2019-H2" in str(excinfo.value)
    assert "published" in str(excinfo.value) or "gepubliceerd" in str(excinfo.value)
    assert row_counts() == before
    assert not Edition.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_malformed_date(tmp_path, published_card):
    with pytest.raises(CommandError) as excinfo:
        publish_overview("--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"), "--date", "26-11")
    assert "--date" in str(excinfo.value)
    assert not Edition.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_without_a_programme(tmp_path, db):
    assert not Programme.objects.exists()
    with pytest.raises(CommandError, match="programme"):
        publish_overview("--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"))
    assert list(tmp_path.iterdir()) == []


def _occupied_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "documenten"
    (folder / "sub").mkdir(parents=True)
    (folder / "notulen.docx").write_bytes(b"belangrijk")
    (folder / "sub" / "index.html").write_text("<p>eigen site</p>")
    return folder


def test_html_into_a_folder_that_is_not_an_earlier_copy_is_refused(
    tmp_path, published_card, monkeypatch
):
    from economie071.publications import services

    monkeypatch.setattr(services, "render_edition_pdf", lambda content: b"%PDF-test")
    folder = _occupied_folder(tmp_path)
    before = tree(folder)

    with pytest.raises(CommandError) as excinfo:
        publish_overview(
            "--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"), "--html", str(folder)
        )

    assert str(folder) in str(excinfo.value)
    assert tree(folder) == before  # nothing in it deleted or added
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_refused_html_folder_leaves_no_edition_and_no_pdf(tmp_path, published_card, monkeypatch):
    from economie071.publications import services

    monkeypatch.setattr(services, "render_edition_pdf", lambda content: b"%PDF-test")
    folder = _occupied_folder(tmp_path)
    pdf = tmp_path / "a.pdf"
    with pytest.raises(CommandError):
        publish_overview("--period", "2019-H2", "--pdf", str(pdf), "--html", str(folder))
    assert not pdf.exists()
    assert not Edition.objects.exists()


def test_html_pointing_at_a_file_gives_a_clear_message(tmp_path, published_card, monkeypatch):
    from economie071.publications import services

    monkeypatch.setattr(services, "render_edition_pdf", lambda content: b"%PDF-test")
    existing = tmp_path / "overzicht.html"
    existing.write_text("<p>al aanwezig</p>")
    with pytest.raises(CommandError) as excinfo:
        publish_overview(
            "--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"), "--html", str(existing)
        )
    assert str(existing) in str(excinfo.value)
    assert existing.read_text() == "<p>al aanwezig</p>"


def test_html_into_an_empty_or_new_folder(tmp_path, published_card, monkeypatch):
    from economie071.publications import services

    monkeypatch.setattr(services, "render_edition_pdf", lambda content: b"%PDF-test")
    empty = tmp_path / "leeg"
    empty.mkdir()
    publish_overview("--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"), "--html", str(empty))
    assert (empty / "index.html").is_file()
    new = tmp_path / "nieuw" / "diep"
    publish_overview("--period", "2019-H2", "--pdf", str(tmp_path / "a.pdf"), "--html", str(new))
    assert tree(new) == tree(empty)
    assert Edition.objects.count() == 1


def test_the_link_check_finds_absolute_and_broken_links(tmp_path):
    copy = tmp_path / "kopie"
    (copy / "web").mkdir(parents=True)
    (copy / "web" / "site.css").write_text('@font-face { src: url("fonts/missing.ttf"); }')
    (copy / "a.html").write_text(
        '<link rel="stylesheet" href="web/site.css"><a href="b.html#top">b</a>'
        '<a href="/overzichten/">site</a><a href="c.html">c</a><a href="#nergens">x</a>'
        '<a href="https://example.org/">out</a><img src="logo.svg">'
    )
    (copy / "b.html").write_text('<h1 id="top">B</h1><a href="../buiten.html">up</a>')
    (tmp_path / "buiten.html").write_text("outside the copy")
    assert sorted(broken_links(copy)) == [
        "a.html: #nergens: no id nergens",
        "a.html: /overzichten/ is not relative",
        "a.html: c.html does not resolve to a file of the copy",
        "a.html: logo.svg does not resolve to a file of the copy",
        "b.html: ../buiten.html does not resolve to a file of the copy",
        "web/site.css: fonts/missing.ttf does not resolve to a file of the copy",
    ]
