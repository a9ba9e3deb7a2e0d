"""The yearly monitor report as PDF: its print template through the same rendering route
(stylesheets, shipped fonts, local-only fetching, tagged PDF/UA) as the project overview.
The rendered PDF is kept per version of the monitor's data by the report job
(monitor/tasks.py), not here.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from economie071.core.pdf import html_to_pdf, print_stylesheets


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


def render_report_pdf(context: dict) -> bytes:
    return html_to_pdf(render_report_html_for_print(context))
