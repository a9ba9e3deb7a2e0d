"""A card as plain data (portfolio/snapshots.py): what revisions store and readers see."""

import datetime
import json
from decimal import Decimal

import pytest

from economie071.portfolio.constants import Phase, RoleKind, StatusLight
from economie071.portfolio.services import CardContent
from economie071.portfolio.snapshots import card_snapshot, content_snapshot
from tests.factories import LineOfActionFactory, PersonFactory, ProjectCardFactory, RoleFactory

pytestmark = pytest.mark.django_db


def test_snapshot_holds_the_card_content_as_json_ready_data(led_project, period):
    quoted = PersonFactory(name="Ton Orleans")
    card = ProjectCardFactory(
        project=led_project,
        period=period,
        last_half_year="Retailmonitor opgeleverd.",
        status_light=StatusLight.ON_TRACK,
        quote_text="Samen sterker.",
        quote_person=quoted,
        quote_attribution="projectleider",
        milestones=[
            {
                "date": datetime.date(2019, 9, 1),
                "date_precision": "month",
                "title": "Monitor",
                "links": [{"label": "LinkedIn", "url": ""}],
            }
        ],
        results=[
            {"label": "trajecten", "value": Decimal("25.00"), "unit": "trajecten"},
            {"label": "impact", "value": Decimal("5.90"), "unit": "miljoen euro"},
        ],
    )

    snapshot = card_snapshot(card)

    json.dumps(snapshot)  # stored in a JSONField: must be plain data
    assert snapshot["project"] == {"slug": "retailvisie", "name": "Regionale Retailvisie"}
    assert snapshot["period"] == "2019-H2"
    assert snapshot["phase"] == Phase.RUNNING
    assert snapshot["phase_label"] == str(Phase.RUNNING.label)
    assert snapshot["status_light"] == StatusLight.ON_TRACK
    assert snapshot["last_half_year"] == "Retailmonitor opgeleverd."
    assert snapshot["quote"] == {
        "text": "Samen sterker.",
        "person": "Ton Orleans",
        "attribution": "projectleider",
    }
    assert snapshot["milestones"][0]["date"] == "2019-09-01"
    assert snapshot["milestones"][0]["date_precision"] == "month"
    assert [r["value"] for r in snapshot["results"]] == ["25", "5.9"]


def test_snapshot_lists_the_roles_current_in_the_period_in_role_order(led_project, period):
    line = LineOfActionFactory(project=led_project, code="A", name="Winkelgebieden")
    RoleFactory(
        project=led_project,
        kind=RoleKind.CONTACT_POINT,
        person=PersonFactory(name="Aanspreekpunt A"),
        line_of_action=line,
    )
    RoleFactory(
        project=led_project,
        kind=RoleKind.EXECUTIVE_SPONSOR,
        person=None,
        label="Stuurgroep Economie071",
    )
    RoleFactory(
        project=led_project,
        kind=RoleKind.PARTNER,
        person=PersonFactory(name="Vertrokken partner"),
        ends_on=datetime.date(2019, 6, 30),  # ended before 2019-H2 began
    )
    card = ProjectCardFactory(project=led_project, period=period)

    roles = card_snapshot(card)["roles"]

    assert [(r["kind"], r["person"] or r["label"]) for r in roles] == [
        (RoleKind.EXECUTIVE_SPONSOR, "Stuurgroep Economie071"),
        (RoleKind.CONTACT_POINT, "Aanspreekpunt A"),
    ]
    assert roles[1]["line_of_action"] == "A: Winkelgebieden"


def test_a_project_without_phase_has_an_empty_phase_label(programme, period):
    card = ProjectCardFactory(project__programme=programme, project__phase="", period=period)

    assert card_snapshot(card)["phase_label"] == ""


def test_content_snapshot_has_the_form_of_the_stored_cards_text(led_project, period):
    card = ProjectCardFactory(
        project=led_project,
        period=period,
        last_half_year="Retailmonitor opgeleverd.",
        extra_sections=[{"heading": "", "body": "Inleiding."}],
        status_light=StatusLight.AT_RISK,
        quote_text="Samen sterker.",
        quote_person=PersonFactory(name="Ton Orleans"),
        milestones=[
            {
                "date": datetime.date(2019, 9, 1),
                "date_precision": "month",
                "title": "Monitor",
                "links": [{"label": "LinkedIn", "url": "https://www.linkedin.com/x"}],
            }
        ],
        results=[
            {
                "label": "trajecten",
                "value": Decimal("25.00"),
                "unit": "trajecten",
                "date": datetime.date(2019, 12, 31),
            }
        ],
        risk_items=[{"description": "Draagvlak", "likelihood": "medium", "impact": "high"}],
    )

    stored = card_snapshot(card)
    written = content_snapshot(CardContent.from_card(card))

    assert written == {key: stored[key] for key in written}
    assert set(stored) - set(written) == {"project", "period", "phase", "phase_label", "roles"}
