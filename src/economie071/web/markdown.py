"""Card text is Markdown; it is rendered to HTML and then cleaned, so no markup gets through
that could run a script or change the page around it."""

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


# A bare web address in card text ("Zie ook: https://www.cpb.nl/…") becomes a link, as a
# reader expects; addresses already inside Markdown link syntax are left alone.
_BARE_URL = re.compile(r"(?<![(<\[\w/\"'=])https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]")


def render_markdown(text: str) -> SafeString:
    text = _BARE_URL.sub(lambda match: f"<{match.group(0)}>", text or "")
    html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
