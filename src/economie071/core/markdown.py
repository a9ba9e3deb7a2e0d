"""Markdown to safe HTML, in linear time, rendered once when the text is saved.

People write Markdown in many places (forum posts, event and organisation descriptions,
governance texts, project cards). Rendering must never be a way to slow the site down:

- The renderer is cmark-gfm (GitHub's CommonMark implementation, in C, through
  `cmarkgfm`), whose time grows linearly with the input. Python-Markdown, used before,
  is quadratic on nested brackets: 20,000 `[` took minutes. `bench/markdown_bombs.py`
  measures both on pathological inputs.
- The HTML is cleaned by nh3 (ammonia), so no markup gets through that could run a script
  or change the page around it, whatever the renderer lets through.
- Texts stored in model fields keep their HTML beside the source (`RenderedMarkdownField`),
  rendered when the row is saved. The stored HTML starts with a marker that names the
  renderer version and a digest of the source; when either no longer matches (the renderer
  was upgraded, or the source was changed by a bulk update that skipped `save()`), reading
  the field renders afresh, so a reader never sees stale HTML, and
  `economie071 rerender_markdown` brings the stored copies up to date.
- Texts inside frozen documents (card revisions, editions) are rendered through a small
  in-process cache keyed by the text: they never change, so their HTML never goes stale.
- Every text is bounded: beyond `MAX_SOURCE_LENGTH` characters the rest is shown as plain
  text, so no path can hand the renderer an unbounded input.
"""

import functools
import hashlib
import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bump when the renderer, its options or the allowed markup change: stored HTML with
# another version is rendered again on reading and by `rerender_markdown`.
RENDERER_VERSION = "cmark-gfm-0.29-1"

# Longer than any form allows (forum posts: 20,000); a last bound for texts from elsewhere.
MAX_SOURCE_LENGTH = 50_000

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "del",
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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}

# Raw HTML is passed to nh3 rather than dropped by cmark, so the harmless inline markup
# people already use (<br>, <b>) keeps working; nh3 removes everything else.
_CMARK_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_VALIDATE_UTF8


def render_markdown(text: str | None) -> SafeString:
    """Markdown source to cleaned HTML. Bare web addresses become links."""
    text = text or ""
    rest = ""
    if len(text) > MAX_SOURCE_LENGTH:
        text, rest = text[:MAX_SOURCE_LENGTH], text[MAX_SOURCE_LENGTH:]
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=_CMARK_OPTIONS)
    if len(_START_TAG.findall(html)) > MAX_START_TAGS:
        return _plain_paragraphs(text + rest)
    if rest:
        html += f"<p>{escape(rest)}</p>"
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean.strip())  # noqa: S308 - sanitised by nh3 just above


# nh3's HTML parser (html5ever) takes time that grows with the square of how deeply
# elements nest (20,000 nested blockquotes: seconds). A text whose HTML would hold more
# start tags than this is shown as plain paragraphs instead; real texts stay far below
# (a 20,000-character post with a large table has a few hundred), and at this bound the
# worst nesting costs nh3 some tens of milliseconds.
MAX_START_TAGS = 2_000
# What the HTML parser treats as the start of a tag: "<" and a letter.
_START_TAG = re.compile(r"<[A-Za-z]")


def _plain_paragraphs(text: str) -> SafeString:
    """The text as escaped paragraphs, without Markdown: safe by construction."""
    paragraphs = (part.strip() for part in re.split(r"\n\s*\n", text))
    return mark_safe(  # noqa: S308 - every piece is escaped
        "\n".join(f"<p>{escape(part)}</p>" for part in paragraphs if part)
    )


@functools.lru_cache(maxsize=4096)
def render_markdown_cached(text: str) -> SafeString:
    """`render_markdown` for texts that never change once written (card revisions and
    editions): each distinct text is rendered once per process."""
    return render_markdown(text)


# --- stored HTML ------------------------------------------------------------------------

_MARKER = re.compile(r"<!--md:(?P<version>[^:]+):(?P<digest>[0-9a-f]{16})-->")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def stored_html(text: str | None) -> str:
    """What a `RenderedMarkdownField` stores: a marker with the renderer version and the
    source's digest, then the HTML."""
    text = text or ""
    return f"<!--md:{RENDERER_VERSION}:{_digest(text)}-->{render_markdown(text)}"


def _current_marker(text: str | None, stored: str | None) -> re.Match | None:
    match = _MARKER.match(stored or "")
    if match and match["version"] == RENDERER_VERSION and match["digest"] == _digest(text or ""):
        return match
    return None


def is_current(text: str | None, stored: str | None) -> bool:
    """Whether `stored` is this renderer's HTML of exactly `text`."""
    return _current_marker(text, stored) is not None


def html_of(text: str | None, stored: str | None) -> SafeString:
    """The HTML to show: the stored copy (without its marker) when it is current, else a
    fresh rendering."""
    match = _current_marker(text, stored)
    if match:
        return mark_safe(stored[match.end() :])  # noqa: S308 - from stored_html(), nh3-cleaned
    return render_markdown(text)


class _RenderedMarkdownAttribute(DeferredAttribute):
    """Reading the field gives safe HTML that is never stale. A data descriptor (it has
    `__set__`), so it is consulted even though the stored value sits in the instance's
    `__dict__`."""

    def __get__(self, instance, cls=None):
        stored = super().__get__(instance, cls)
        if instance is None:
            return stored
        return html_of(getattr(instance, self.field.source), stored)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class RenderedMarkdownField(models.TextField):
    """The HTML of the Markdown in the field named `source`, stored beside it.

    Filled on every save (also `bulk_create`); read it like any attribute
    (`question.body_html`) to get safe HTML for a template or an API response.
    """

    descriptor_class = _RenderedMarkdownAttribute

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, not value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        source = getattr(model_instance, self.source)
        stored = model_instance.__dict__.get(self.attname)
        if not is_current(source, stored):
            stored = stored_html(source)
            model_instance.__dict__[self.attname] = stored
        return stored

    def value_from_object(self, obj):
        # The raw stored value (marker included), for serialisation and forms.
        return obj.__dict__.get(self.attname)


def rerender_stale(model, *, batch_size: int = 500) -> int:
    """Re-render the stored HTML of every row of `model` whose copy is stale; the number
    of rows updated. Used by the data migrations and by `rerender_markdown`; works on
    historical models in migrations too, as it only needs the fields' `source`."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, RenderedMarkdownField)]
    if not fields:
        return 0
    columns = [model._meta.pk.attname]
    for field in fields:
        columns += [field.source, field.attname]
    updated = 0
    pending = []
    for row in model._base_manager.values(*columns).iterator(chunk_size=batch_size):
        changes = {
            field.attname: stored_html(row[field.source])
            for field in fields
            if not is_current(row[field.source], row[field.attname])
        }
        if changes:
            pending.append((row[model._meta.pk.attname], changes))
        if len(pending) >= batch_size:
            updated += _write(model, pending)
            pending = []
    updated += _write(model, pending)
    return updated


def _write(model, pending) -> int:
    for pk, changes in pending:
        model._base_manager.filter(pk=pk).update(**changes)
    return len(pending)
