"""The card editor as a page: one formatting hint, text boxes sized to their text, lists that
take new rows in place (and one empty row without scripts), and a preview that saves
nothing."""

import re

import pytest
from django.urls import reverse

from economie071.audit.models import AuditEntry
from economie071.portfolio.forms import CARD_FORMAT_HINT_ID, text_rows
from tests.portfolio.test_views_card_editor import editor_post

pytestmark = pytest.mark.django_db


def _page(client, card) -> str:
    response = client.get(reverse("portfolio:card_edit", args=[card.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_one_formatting_hint_for_the_whole_form(client, leader_user, card):
    client.force_login(leader_user)
    html = _page(client, card)
    assert html.count("**vet**") == 1  # the Dutch Markdown hint, once for the whole form
    assert f'id="{CARD_FORMAT_HINT_ID}"' in html
    area = re.search(r'<textarea[^>]*name="last_half_year"[^>]*>', html).group(0)
    assert f'aria-describedby="{CARD_FORMAT_HINT_ID}"' in area


def test_text_boxes_are_as_tall_as_their_text(client, leader_user, card):
    card.last_half_year = "\n".join(f"Regel {n}" for n in range(12))
    card.next_steps = "Kort."
    card.save()
    client.force_login(leader_user)
    html = _page(client, card)

    def rows(name):
        area = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', html).group(0)
        return int(re.search(r'rows="(\d+)"', area).group(1))

    assert rows("last_half_year") == 13
    assert rows("next_steps") == 3
    assert text_rows("x" * 900, minimum=3) == 11  # long lines wrap
    assert text_rows("\n" * 200, minimum=3) == 24  # and a box never grows past 24


def test_without_scripts_each_list_has_one_empty_row_and_a_template_for_more(
    client, leader_user, card
):
    client.force_login(leader_user)
    html = _page(client, card)
    for prefix in ("extra", "milestone", "result", "risk"):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"' in html
        assert f'data-formset="{prefix}"' in html
        assert f'name="{prefix}-__prefix__-' in html  # the empty row, inside a <template>
    # The add buttons start hidden; the script shows them.
    assert html.count("data-add-row hidden") == 4
    assert 'src="/static/portfolio/card_edit.js"' in html


def test_rows_added_in_place_are_saved_like_the_others(client, leader_user, card):
    """What the page posts after "Nog een mijlpaal" twice: three rows, counted."""
    client.force_login(leader_user)
    data = editor_post(
        card,
        **{
            "milestone-TOTAL_FORMS": "3",
            "milestone-0-date": "2019-09-25",
            "milestone-0-title": "Start",
            "milestone-1-date": "2019-10-25",
            "milestone-1-date_precision": "month",
            "milestone-1-title": "Tweede",
            "milestone-2-date_precision": "day",
        },
    )
    response = client.post(reverse("portfolio:card_edit", args=[card.pk]), data)
    assert response.status_code == 302
    assert [m.title for m in card.milestones.order_by("date")] == ["Start", "Tweede"]


def test_preview_shows_the_card_as_printed_and_saves_nothing(client, leader_user, card):
    client.force_login(leader_user)
    version = card.version
    entries = AuditEntry.objects.count()
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(
            card,
            preview="",
            last_half_year="Nieuwe **voortgang** in het voorbeeld.",
            status_light="on_track",
            **{"risk-0-description": "Te weinig deelnemers"},
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="form card-form"')
    preview = html[html.index('id="voorbeeld"') : start]
    assert "Nieuwe <strong>voortgang</strong> in het voorbeeld." in preview
    assert "Te weinig deelnemers" in preview
    assert "Nog niet opgeslagen" in preview
    # The form below keeps the typed text and the version it was loaded with.
    form = html[start:]
    assert "Nieuwe **voortgang** in het voorbeeld." in form
    assert f'name="version" value="{version}"' in form
    card.refresh_from_db()
    assert card.version == version
    assert "voorbeeld" not in card.last_half_year
    assert AuditEntry.objects.count() == entries


def test_preview_of_an_incomplete_row_shows_the_error_and_no_preview(client, leader_user, card):
    client.force_login(leader_user)
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(card, preview="", **{"milestone-0-title": "Zonder datum"}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="voorbeeld"' not in html
    assert "Een mijlpaal heeft een datum nodig." in html
    assert "Zonder datum" in html


def test_preview_does_not_get_around_the_version_check(client, leader_user, office_user, card):
    url = reverse("portfolio:card_edit", args=[card.pk])
    old = editor_post(card)
    client.force_login(office_user)
    assert client.post(url, {**old, "next_steps": "Van het bureau."}).status_code == 302
    client.force_login(leader_user)
    # A preview of the old version renders (it saves nothing) …
    assert client.post(url, {**old, "preview": "", "next_steps": "Van mij."}).status_code == 200
    # … and saving it afterwards is still refused, with the text kept.
    response = client.post(url, {**old, "next_steps": "Van mij."})
    assert response.status_code == 409
    card.refresh_from_db()
    assert card.next_steps == "Van het bureau."
