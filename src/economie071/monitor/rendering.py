"""The yearly monitor report as PDF: its print template through the same rendering route
(stylesheets, shipped fonts, local-only fetching) as the project overview.

Rendering takes seconds, so a PDF is made once per version of what it shows and kept: the
file is named after a hash of the report's HTML (which holds every figure, note and the
date of the report), so new figures, a new edition of the index, new templates or a new
day give a new file and the same data is served from the file.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from economie071.core.files import write_file_atomically
from economie071.core.pdf import PDF_VARIANT, html_to_pdf, print_stylesheets

# How many rendered reports are kept; older ones are removed when a new one is written.
CACHE_KEEP = 8


def stylesheets() -> list[str]:
    """The printed documents' stylesheets plus the monitor's (notes, shortfall marks)."""
    extra = [Path(found).as_uri() for found in [finders.find("monitor/monitor.css")] if found]
    return print_stylesheets() + extra


def render_report_html_for_print(context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "monitor/print/report.html",
            {**context, "print": True, "stylesheets": stylesheets()},
        )


def report_cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "cache" / "monitor-report"


def _stylesheet_bytes() -> bytes:
    return b"".join(Path(uri.removeprefix("file://")).read_bytes() for uri in stylesheets())


def render_report_pdf(context: dict) -> bytes:
    """The report as PDF: from the cache when this very report was rendered before."""
    html = render_report_html_for_print(context)
    digest = hashlib.sha256(
        html.encode("utf-8") + _stylesheet_bytes() + PDF_VARIANT.encode()
    ).hexdigest()[:32]
    folder = report_cache_dir()
    cached = folder / f"{digest}.pdf"
    if cached.is_file():
        return cached.read_bytes()
    pdf = html_to_pdf(html)
    try:
        write_file_atomically(cached, pdf)
        for old in sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written costs time, not the report
    return pdf
