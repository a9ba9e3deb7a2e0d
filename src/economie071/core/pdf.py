"""Printed documents as PDF: HTML from a print template, rendered by WeasyPrint.

Every PDF of the platform (the project overview, a meeting pack, the monitor report) goes
this one way: the site's look plus the print rules, the shipped fonts, and nothing
fetched from the network. The stylesheets are static files of the site shell
(``web/site.css``) and of the printed overview (``publications/print.css``), found through
the static files finders like any other static file.

Every PDF is a tagged PDF/UA-1 document: a structure tree in reading order, the title
from the template's <title> shown as the window title, the language from <html lang>,
bookmarks from the headings, alternative text on figures, and all fonts embedded. Screen
readers and the accessibility checkers of the municipalities read it as the page reads.
"""

from pathlib import Path

from django.contrib.staticfiles import finders

PRINT_STYLESHEET = "publications/print.css"
# WeasyPrint's variant for PDF/UA-1 (ISO 14289-1): tags, metadata and the UA identifier.
PDF_VARIANT = "pdf/ua-1"


def static_path(relative: str) -> Path:
    """The file of a static path (``web/site.css``); FileNotFoundError when none ships."""
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(relative)
    return Path(found)


def _local_only_fetcher():
    """WeasyPrint may read the shipped stylesheets and fonts, nothing from the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"})


def print_stylesheets() -> list[str]:
    """The stylesheets of every printed document: the site's look plus the print rules."""
    return [
        static_path("web/site.css").as_uri(),
        static_path(PRINT_STYLESHEET).as_uri(),
    ]


def html_to_pdf(html: str) -> bytes:
    """Render a print template's HTML with WeasyPrint as tagged PDF/UA: shipped fonts, no
    network. The template gives the title (<title>), language (<html lang>), author and
    subject (<meta name="author|description">)."""
    import weasyprint

    document = weasyprint.HTML(
        string=html,
        base_url=static_path(PRINT_STYLESHEET).parent.as_uri() + "/",
        url_fetcher=_local_only_fetcher(),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
