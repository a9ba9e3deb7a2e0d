"""Markdown rendering: safe HTML, linear-time renderer, HTML stored when the text is saved
and never shown stale."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from economie071.core import markdown
from economie071.core.markdown import (
    MAX_SOURCE_LENGTH,
    MAX_START_TAGS,
    is_current,
    render_markdown,
    rerender_stale,
    stored_html,
)
from economie071.forum import services as forum_services
from economie071.forum.models import Question
from tests.forum.conftest import *  # noqa: F403 - the forum's fixtures: topic, asker…


def test_bare_web_addresses_become_links_and_markdown_links_stay_as_they_are():
    html = render_markdown("Zie https://www.cpb.nl/a_b.pdf. En [tekst](https://e.org/y).")
    assert '<a href="https://www.cpb.nl/a_b.pdf"' in html
    assert ">https://www.cpb.nl/a_b.pdf</a>." in html  # the full stop stays outside the link
    assert '<a href="https://e.org/y" rel="noopener noreferrer">tekst</a>' in html


def test_script_and_javascript_links_are_removed():
    html = render_markdown("[x](javascript:alert(1)) <script>alert(2)</script> **vet**")
    assert "javascript:" not in html and "<script" not in html
    assert "<strong>vet</strong>" in html


def test_lists_tables_and_harmless_inline_html_keep_working():
    html = render_markdown("Punten:\n\n- een\n- twee\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nx<br>y")
    assert "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>" in html
    assert "<table>" in html and "<td>2</td>" in html
    assert "x<br>y" in html


@pytest.mark.parametrize(
    "bomb",
    [
        "[" * 20_000,
        "![" * 10_000,
        "[a](" * 5_000,
        "*a_" * 6_000,
        "<" * 20_000,
        ">" * 20_000 + " x",
        "- " * 10_000 + "x",
    ],
)
def test_pathological_inputs_render_to_their_text(bomb):
    # The renderer copes with what made Python-Markdown take minutes; the text survives
    # as text (bench/markdown_bombs.py measures the time).
    html = render_markdown(bomb)
    assert html.count("<script") == 0
    assert len(html) >= len(bomb.strip("- >")) // 2


def test_deep_nesting_is_shown_as_plain_paragraphs():
    # The HTML cleaner's time grows with the square of the nesting depth: past the bound on
    # start tags the text is shown as escaped paragraphs, with nothing lost.
    html = render_markdown("Eerste alinea.\n\n" + ">" * (MAX_START_TAGS + 1) + " diep")
    assert html.startswith("<p>Eerste alinea.</p>")
    assert "<blockquote>" not in html and "&gt;" * MAX_START_TAGS + " diep</p>" in html
    nested = render_markdown("<ul><li>" * MAX_START_TAGS)
    assert "<ul>" not in nested and nested.count("&lt;ul&gt;") == MAX_START_TAGS
    # Below the bound, nesting is rendered as usual.
    assert render_markdown("> > citaat").count("<blockquote>") == 2


def test_text_beyond_the_bound_is_shown_as_plain_text():
    text = "**vet** " + "a" * MAX_SOURCE_LENGTH + " **niet vet**"
    html = render_markdown(text)
    assert html.startswith("<p><strong>vet</strong>")
    assert "**niet vet**" in html  # past the bound: escaped text, not Markdown


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_stored_html_is_current_for_its_own_source_only(text):
    stored = stored_html(text)
    assert is_current(text, stored)
    assert not is_current(text + "x", stored)


def test_a_post_keeps_its_html_and_pages_read_it(db, client, topic, asker):
    question = forum_services.question_ask(
        topic=topic, actor=asker, title="Hergebruik", body="Wie heeft **ervaring**?"
    )
    raw = Question.objects.values_list("body_html", flat=True).get(pk=question.pk)
    assert raw.startswith("<!--md:") and raw.endswith("<p>Wie heeft <strong>ervaring</strong>?</p>")
    # What a page shows is the stored copy: replace it (keeping its marker) and the page
    # shows the replacement, so nothing is rendered on reading.
    marker = raw[: raw.index("-->") + 3]
    Question.objects.filter(pk=question.pk).update(body_html=marker + "<p>opgeslagen</p>")
    page = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "<p>opgeslagen</p>" in page and "<strong>ervaring</strong>" not in page
    api = client.get(f"/api/v1/forum/questions/{question.pk}").json()
    assert api["bodyHtml"] == "<p>opgeslagen</p>"


def test_a_source_changed_behind_save_is_never_shown_stale(db, client, topic, asker):
    question = forum_services.question_ask(
        topic=topic, actor=asker, title="Hergebruik", body="Oude tekst"
    )
    Question.objects.filter(pk=question.pk).update(body="Nieuwe *tekst*")
    page = client.get(f"/forum/vragen/{question.pk}/").content.decode()
    assert "Nieuwe <em>tekst</em>" in page and "Oude tekst" not in page
    assert rerender_stale(Question) == 1
    assert rerender_stale(Question) == 0  # twice changes nothing
    raw = Question.objects.values_list("body_html", flat=True).get(pk=question.pk)
    assert raw.endswith("<p>Nieuwe <em>tekst</em></p>")


def test_a_new_renderer_version_renders_again(db, topic, asker, monkeypatch):
    question = forum_services.question_ask(
        topic=topic, actor=asker, title="Hergebruik", body="*tekst*"
    )
    monkeypatch.setattr(markdown, "RENDERER_VERSION", "next-version")
    fresh = Question.objects.get(pk=question.pk)
    assert not is_current(fresh.body, fresh.__dict__["body_html"])
    assert fresh.body_html == "<p><em>tekst</em></p>"  # rendered afresh, not stale
    call_command("rerender_markdown", verbosity=0)
    raw = Question.objects.values_list("body_html", flat=True).get(pk=question.pk)
    assert raw.startswith("<!--md:next-version:")


def test_bulk_created_rows_get_their_html(db, topic, asker):
    now = timezone.now()
    Question.objects.bulk_create(
        [
            Question(
                topic=topic, author=asker, title=f"V{i}", body=f"**{i}**", last_activity_at=now
            )
            for i in range(3)
        ]
    )
    for raw in Question.objects.values_list("body_html", flat=True):
        assert raw.startswith("<!--md:") and "<strong>" in raw
