"""A card keeps its own order of sections and its printed headings, and its key figures and
timeline entries what the source gives (as_printed, date_note)."""

import datetime
from decimal import Decimal

import pytest

from economie071.portfolio import selectors, services
from economie071.portfolio.exceptions import PortfolioError
from economie071.portfolio.snapshots import card_snapshot
from tests.factories import ProjectCardFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(programme, led_project):
    period = ReportingPeriodFactory(programme=programme, year=2019, half=2)
    return ProjectCardFactory(project=led_project, period=period)


def save(card, actor, **content):
    card.refresh_from_db()
    return services.card_update(
        card=card,
        actor=actor,
        content=services.CardContent(**content),
        expected_version=card.version,
    )


def test_sections_follow_the_cards_order_and_headings(card, office_user):
    save(
        card,
        office_user,
        sections={"last_half_year": "Gedaan.", "urgency": "Urgent.", "cost_structure": "Kosten."},
        extra_sections=[{"heading": "Wat biedt Smart071", "body": "Aanbod."}],
        section_layout=[
            {"key": "extra-1"},
            {"key": "last_half_year", "heading": "Wat hebben we tot nu toe gedaan in 2019?"},
            {"key": "urgency", "heading": "Urgentie en opdracht"},
        ],
    )
    card.refresh_from_db()
    sections = selectors.card_sections(snapshot=card_snapshot(card))
    assert [(s["key"], s["heading"]) for s in sections] == [
        ("extra-1", "Wat biedt Smart071"),
        ("last_half_year", "Wat hebben we tot nu toe gedaan in 2019?"),
        ("urgency", "Urgentie en opdracht"),
        ("cost_structure", "Welke kostenstructuur wordt gehanteerd?"),  # not named: follows
    ]


def test_saving_without_a_layout_keeps_the_stored_one(card, office_user):
    layout = [{"key": "urgency", "heading": "Urgentie"}]
    save(card, office_user, sections={"urgency": "U."}, section_layout=layout)
    save(card, office_user, sections={"urgency": "Nieuw."})  # as the edit page saves
    card.refresh_from_db()
    assert card.section_layout == layout


def test_a_layout_naming_no_section_of_the_card_is_refused_and_nothing_changes(card, office_user):
    before = card_snapshot(card)
    with pytest.raises(PortfolioError, match="extra-2"):
        save(
            card,
            office_user,
            sections={"urgency": "Gewijzigd."},
            extra_sections=[{"heading": "Eén", "body": "."}],
            section_layout=[{"key": "extra-2"}],
        )
    card.refresh_from_db()
    assert card_snapshot(card) == before


def test_figures_and_dates_keep_what_the_source_gives(card, office_user):
    save(
        card,
        office_user,
        results=[
            {"label": "deelnemers", "value": Decimal(100), "as_printed": "zo’n 100", "unit": "x"}
        ],
        milestones=[
            {
                "date": datetime.date(2019, 2, 1),
                "date_precision": "month",
                "date_note": "tussen februari en 17 juni 2019; volgorde uit de tekst",
                "title": "MAVOM",
            }
        ],
    )
    card.refresh_from_db()
    snapshot = card_snapshot(card)
    assert snapshot["results"][0]["as_printed"] == "zo’n 100"
    assert snapshot["milestones"][0]["date_note"].startswith("tussen februari")
    # A new half year's draft starts from them.
    assert services.CardContent.from_card(card).results[0]["as_printed"] == "zo’n 100"
