"""The meeting pack as PDF: the pack's print template through WeasyPrint, with the same
stylesheets, fonts and local-only fetcher as the project overview."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from economie071.publications.rendering import _local_only_fetcher, _static_path


def render_pack_html_for_print(pack: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **pack,
            "print": True,
            "stylesheets": [
                _static_path("web/site.css").as_uri(),
                _static_path("publications/print.css").as_uri(),
            ],
        }
        return render_to_string("governance/print/pack.html", context)


def render_pack_pdf(pack: dict) -> bytes:
    import weasyprint

    html = render_pack_html_for_print(pack)
    document = weasyprint.HTML(
        string=html,
        base_url=_static_path("publications/print.css").parent.as_uri() + "/",
        url_fetcher=_local_only_fetcher(),
    )
    return document.write_pdf()
