"""The card editor and the office's forms, through HTTP like a browser posts them."""

import pytest
from django.urls import reverse
from django.utils import translation

from economie071.audit.models import AuditEntry
from economie071.portfolio.constants import CARD_SECTION_KEYS, CardStatus, Phase
from economie071.portfolio.models import PhaseChange, ProjectCard, ReportingPeriod

pytestmark = pytest.mark.django_db


def editor_post(card, **overrides) -> dict:
    """A complete editor form as the browser would send it, with one empty row per list."""
    data = {
        "version": card.version,
        "status_light": "not_set",
        "quote_text": "",
        "quote_person": "",
        "quote_attribution": "",
    }
    data.update({key: getattr(card, key) for key in CARD_SECTION_KEYS})
    for prefix in ("extra", "milestone", "result", "risk"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data["milestone-0-date_precision"] = "day"
    data.update(overrides)
    return data


def test_leader_saves_text_milestone_key_figure_and_risk(client, leader_user, card):
    client.force_login(leader_user)
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(
            card,
            last_half_year="Nieuwe **voortgang**.",
            status_light="at_risk",
            **{
                "milestone-0-date": "2019-09-25",
                "milestone-0-title": "Startbijeenkomst",
                "milestone-0-links": "LinkedIn | https://www.linkedin.com/x\nFilm",
                "result-0-label": "deelnemers",
                "result-0-value": "100",
                "result-0-unit": "personen",
                "risk-0-description": "Draagvlak",
                "risk-0-likelihood": "medium",
                "risk-0-mitigation": "Stuurgroep monitort",
            },
        ),
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.last_half_year == "Nieuwe **voortgang**."
    assert card.status_light == "at_risk"
    milestone = card.milestones.get()
    assert milestone.title == "Startbijeenkomst"
    assert milestone.links == [
        {"label": "LinkedIn", "url": "https://www.linkedin.com/x"},
        {"label": "Film", "url": ""},
    ]
    assert card.results.get().unit == "personen"
    assert card.risk_items.get().likelihood == "medium"


def test_incomplete_rows_are_refused_and_nothing_is_saved(client, leader_user, card):
    client.force_login(leader_user)
    before = card.version
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(
            card,
            last_half_year="Verloren?",
            **{
                "milestone-0-title": "Zonder datum",
                "result-0-label": "zonder waarde",
                "milestone-0-links": "Site | ftp://example.org",
            },
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A milestone needs a date." in html or "mijlpaal" in html.lower()
    assert "Verloren?" in html  # the person's text is kept in the form
    card.refresh_from_db()
    assert card.version == before
    assert card.last_half_year != "Verloren?"


def test_second_save_from_an_old_version_is_refused_and_the_text_kept(
    client, leader_user, office_user, card
):
    url = reverse("portfolio:card_edit", args=[card.pk])
    old = editor_post(card)
    client.force_login(office_user)
    assert (
        client.post(url, {**old, "next_steps": "Tekst van het programmabureau."}).status_code == 302
    )

    client.force_login(leader_user)
    response = client.post(url, {**old, "next_steps": "Tekst van de projectleider."})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Tekst van de projectleider." in html  # kept in the form
    assert "<del>" in html and "<ins>" in html  # and compared with the saved card
    card.refresh_from_db()
    assert card.next_steps == "Tekst van het programmabureau."
    # The form now carries the current version, so a deliberate second save goes through.
    assert f'value="{card.version}"' in html


def test_a_refused_save_compares_only_what_differs(client, leader_user, card):
    import datetime

    from economie071.portfolio import services

    content = services.CardContent.from_card(card)
    content.milestones = [
        {"date": datetime.date(2019, 9, 25), "date_precision": "month", "title": "Start"}
    ]
    content.results = [{"label": "deelnemers", "value": "100", "unit": "personen"}]
    content.risk_items = [{"description": "Draagvlak", "likelihood": "medium"}]
    card = services.card_update(
        card=card, actor=None, content=content, expected_version=card.version
    )
    # The editor as the leader opened it: the saved rows are its initial forms.
    opened = editor_post(
        card,
        **{
            "milestone-INITIAL_FORMS": "1",
            "milestone-0-date": "2019-09-25",
            "milestone-0-date_precision": "month",
            "milestone-0-title": "Start",
            "result-INITIAL_FORMS": "1",
            "result-0-label": "deelnemers",
            "result-0-value": "100",
            "result-0-unit": "personen",
            "risk-INITIAL_FORMS": "1",
            "risk-0-description": "Draagvlak",
            "risk-0-likelihood": "medium",
        },
    )
    content.sections["next_steps"] = "Tekst van het programmabureau."
    services.card_update(card=card, actor=None, content=content, expected_version=card.version)

    client.force_login(leader_user)
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        {**opened, "next_steps": "Tekst van de projectleider."},
    )

    assert response.status_code == 409
    # Milestones, key figures, risks, phase and structure are the same on both sides.
    assert [c["key"] for c in response.context["conflict"]["changes"]] == ["next_steps"]


def test_save_and_submit(client, leader_user, card):
    client.force_login(leader_user)
    response = client.post(
        reverse("portfolio:card_edit", args=[card.pk]), {**editor_post(card), "submit": "1"}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED
    # Frozen for the leader now: the editor sends them back to the card with a message.
    response = client.get(reverse("portfolio:card_edit", args=[card.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portfolio:card", args=[card.pk])
    with translation.override("nl"):
        expected = translation.gettext(
            "This card has been submitted and is frozen until it is returned."
        )
    assert expected in [str(m) for m in response.context["messages"]]


def test_return_needs_a_comment_and_unfreezes_the_card(client, office_user, led_project, period):
    from tests.factories import ProjectCardFactory

    card = ProjectCardFactory(project=led_project, period=period, submitted=True)
    client.force_login(office_user)
    client.post(reverse("portfolio:card_return", args=[card.pk]), {"comment": ""})
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED
    client.post(
        reverse("portfolio:card_return", args=[card.pk]), {"comment": "Risico's aanvullen."}
    )
    card.refresh_from_db()
    assert card.status == CardStatus.RETURNED
    assert card.return_comment == "Risico's aanvullen."


def test_posting_a_step_twice_gives_a_message_not_an_error(
    client, office_user, led_project, period
):
    from tests.factories import ProjectCardFactory

    card = ProjectCardFactory(project=led_project, period=period, submitted=True)
    client.force_login(office_user)
    url = reverse("portfolio:card_approve", args=[card.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert response.context["messages"]
    assert AuditEntry.objects.filter(action="portfolio.card.approved").count() == 1


def test_office_opens_a_period_and_bad_labels_are_named(
    client, office_user, led_project, programme
):
    client.force_login(office_user)
    url = reverse("portfolio:period_open")
    response = client.post(url, {"label": "2020-H3"})
    assert response.status_code == 200
    assert "2020-H3" in response.content.decode()
    assert not ReportingPeriod.objects.exists()
    assert client.post(url, {"label": "2020-H1"}).status_code == 302
    assert ProjectCard.objects.filter(project=led_project, period__year=2020).exists()
    response = client.post(url, {"label": "2020-H1"})
    assert response.status_code == 200
    assert ReportingPeriod.objects.count() == 1


def test_phase_change_from_stopped_needs_a_reason(client, office_user, led_project):
    client.force_login(office_user)
    url = reverse("portfolio:project_phase", args=[led_project.slug])
    assert client.post(url, {"phase": Phase.STOPPED, "date": "2020-01-15"}).status_code == 302
    response = client.post(url, {"phase": Phase.RUNNING, "date": "2020-02-01", "reason": ""})
    assert response.status_code == 200
    led_project.refresh_from_db()
    assert led_project.phase == Phase.STOPPED
    response = client.post(
        url, {"phase": Phase.RUNNING, "date": "2020-02-01", "reason": "Nieuwe financiering"}
    )
    assert response.status_code == 302
    change = PhaseChange.objects.filter(project=led_project).latest("recorded_at")
    assert (change.from_phase, change.to_phase, change.reason) == (
        Phase.STOPPED,
        Phase.RUNNING,
        "Nieuwe financiering",
    )
    assert change.actor == office_user


def test_history_shows_a_readable_diff(client, office_user, card):
    client.force_login(office_user)
    client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(card, impact="Eerste versie van de impact."),
    )
    card.refresh_from_db()
    client.post(
        reverse("portfolio:card_edit", args=[card.pk]),
        editor_post(card, impact="Tweede versie van de impact."),
    )
    html = client.get(reverse("portfolio:card_history", args=[card.pk])).content.decode()
    assert "<del>Eerste</del>" in html
    assert "<ins>Tweede</ins>" in html


def test_card_downloads_as_word_for_those_who_may_see_it(client, leader_user, plain_user, card):
    from io import BytesIO

    from docx import Document

    url = reverse("portfolio:card_docx", args=[card.pk])
    client.force_login(plain_user)
    assert client.get(url).status_code == 404
    client.force_login(leader_user)
    response = client.get(url)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert card.project.name in text
