"""The meeting pack as PDF: the pack's print template through the same rendering route
(stylesheets, fonts, local-only fetching) as the project overview."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from economie071.core.pdf import html_to_pdf, print_stylesheets


def render_pack_html_for_print(pack: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = {**pack, "print": True, "stylesheets": print_stylesheets()}
        return render_to_string("governance/print/pack.html", context)


def render_pack_pdf(pack: dict) -> bytes:
    return html_to_pdf(render_pack_html_for_print(pack))
