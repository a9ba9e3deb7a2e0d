"""economie071 export_portfolio --format json [--period LABEL].

The data is built here through the real services (this file needs no shared fixtures); the
region and its figures are invented for the test (GM99xx codes do not exist).
"""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import AllocationKey, Phase, RoleKind, StatusLight
from economie071.portfolio.services import CardContent
from economie071.programme import services as programme_services
from economie071.programme.constants import HelixSide

pytestmark = pytest.mark.django_db


def _content(text: str) -> CardContent:
    return CardContent(
        sections={"last_half_year": text, "risks": "Few partners."},
        status_light=StatusLight.AT_RISK,
        quote_text="Onward.",
        milestones=[{"date": datetime.date(2019, 10, 1), "title": "Launch"}],
        results=[{"label": "Visitors", "value": "1250.5", "unit": "people"}],
    )


def _save(card, text):
    return portfolio.card_update(
        card=card, actor=None, content=_content(text), expected_version=card.version
    )


@pytest.fixture
def portfolio_state():
    region = programme_services.region_upsert(actor=None, slug="testregio", name="Testregio")
    programme = programme_services.programme_upsert(
        actor=None,
        region=region,
        slug="testprogramma",
        name="Testprogramma",
        tagline="Samen sterk",
    )
    pillar = programme_services.pillar_upsert(
        actor=None,
        programme=programme,
        slug="verbinden",
        number=3,
        name="Verbinden",
        colour="#123456",
    )
    theme = programme_services.theme_upsert(
        actor=None, programme=programme, slug="mobiliteit", name="Duurzame mobiliteit"
    )
    north = programme_services.municipality_upsert(
        actor=None, region=region, slug="noordstad", name="Noordstad", cbs_code="GM9901"
    )
    south = programme_services.municipality_upsert(
        actor=None, region=region, slug="zuiddorp", name="Zuiddorp", cbs_code="GM9902"
    )
    for municipality, inhabitants in ((north, 2000), (south, 1000)):
        programme_services.population_figure_upsert(
            actor=None,
            municipality=municipality,
            year=2019,
            inhabitants=inhabitants,
            source="Test figure",
        )
    school = programme_services.organisation_upsert(
        actor=None, slug="school", name="School", helix=HelixSide.EDUCATION
    )
    leader = programme_services.person_upsert(
        actor=None, slug="pim", name="Pim", organisation=school, job_title="Teacher"
    )
    alpha = portfolio.project_create(
        programme=programme,
        actor=None,
        name="Alpha",
        slug="alpha",
        phase=Phase.RUNNING,
        pillars=[pillar],
        themes=[theme],
    )
    beta = portfolio.project_create(
        programme=programme, actor=None, name="Beta", slug="beta", phase=Phase.NEW
    )
    line = portfolio.line_of_action_create(project=alpha, actor=None, code="B", name="Skills")
    portfolio.role_assign(
        project=alpha,
        actor=None,
        kind=RoleKind.PROJECT_LEADER,
        person=leader,
        organisation=school,
        title="Projectleider",
        starts_on=datetime.date(2019, 1, 1),
    )
    portfolio.role_assign(
        project=alpha, actor=None, kind=RoleKind.CONTACT_POINT, person=leader, line_of_action=line
    )
    portfolio.role_assign(project=alpha, actor=None, kind=RoleKind.PARTNER, organisation=school)
    portfolio.role_assign(
        project=alpha,
        actor=None,
        kind=RoleKind.PARTNER,
        label="Ondernemers",
        ends_on=datetime.date(2019, 3, 31),  # left before 2019-H2
    )
    period = portfolio.period_open(programme=programme, actor=None, label="2019-H2")
    alpha_card = _save(alpha.cards.get(period=period), "Published text")
    for step in (portfolio.card_submit, portfolio.card_approve, portfolio.card_publish):
        alpha_card = step(card=alpha_card, actor=None)
    alpha_card = portfolio.card_start_correction(card=alpha_card, actor=None, reason="Typo")
    _save(alpha_card, "Correction in progress")
    _save(beta.cards.get(period=period), "Beta draft")
    portfolio.budget_line_create(
        project=alpha,
        period=period,
        actor=None,
        description="Event",
        amount="1000.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=[north, south],
        population_year=2019,
    )
    portfolio.budget_line_create(
        project=alpha,
        period=period,
        actor=None,
        description="Website",
        amount="99.99",
        allocation_key=AllocationKey.FIXED_SHARES,
        shares={north: Decimal(1), south: Decimal(2)},
    )
    return {"programme": programme, "alpha": alpha, "beta": beta}


def export(*args) -> dict:
    out = io.StringIO()
    call_command("export_portfolio", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _project(data, slug) -> dict:
    return next(p for p in data["projects"] if p["slug"] == slug)


def test_programme_and_period(portfolio_state):
    data = export("--period", "2019-H2")

    assert data["programme"]["slug"] == "testprogramma"
    assert data["programme"]["tagline"] == "Samen sterk"
    assert data["programme"]["region"] == {"slug": "testregio", "name": "Testregio"}
    assert data["programme"]["pillars"] == [
        {"slug": "verbinden", "number": 3, "name": "Verbinden", "subtitle": "", "colour": "#123456"}
    ]
    assert data["programme"]["themes"] == [{"slug": "mobiliteit", "name": "Duurzame mobiliteit"}]
    assert data["period"] == {"label": "2019-H2", "status": "open", "deadline": None}
    assert [p["slug"] for p in data["projects"]] == ["alpha", "beta"]


def test_project_structure(portfolio_state):
    alpha = _project(export("--period", "2019-H2"), "alpha")

    assert alpha["name"] == "Alpha"
    assert alpha["phase"] == "running"
    assert alpha["pillars"] == [{"slug": "verbinden", "name": "Verbinden"}]
    assert alpha["themes"] == [{"slug": "mobiliteit", "name": "Duurzame mobiliteit"}]
    assert alpha["lines_of_action"] == [{"code": "B", "name": "Skills"}]
    leader = alpha["roles"][0]
    assert leader["kind"] == "project_leader"
    assert leader["person"] == {"slug": "pim", "name": "Pim"}
    assert leader["organisation"] == {"slug": "school", "name": "School"}
    assert leader["holder"] == "Pim, School"
    assert leader["title"] == "Projectleider"
    assert leader["starts_on"] == "2019-01-01"
    assert leader["ends_on"] is None
    contact = next(r for r in alpha["roles"] if r["kind"] == "contact_point")
    assert contact["line_of_action"] == "B"
    # All partner roles are in the roles; `partners` names those still there in the period.
    assert [r["holder"] for r in alpha["roles"] if r["kind"] == "partner"] == [
        "School",
        "Ondernemers",
    ]
    assert alpha["partners"] == ["School"]


def test_budget_lines_with_allocation_as_two_decimal_strings(portfolio_state):
    alpha = _project(export("--period", "2019-H2"), "alpha")

    event, website = alpha["budget_lines"]
    assert event["description"] == "Event"
    assert event["amount"] == "1000.00"
    assert event["allocation_key"] == "by_inhabitants"
    assert event["population_year"] == 2019
    assert event["allocation"] == [
        {"municipality": "noordstad", "party": "Noordstad", "basis": "2000", "amount": "666.67"},
        {"municipality": "zuiddorp", "party": "Zuiddorp", "basis": "1000", "amount": "333.33"},
    ]
    assert event["allocation_error"] is None
    assert website["amount"] == "99.99"
    assert [row["amount"] for row in website["allocation"]] == ["33.33", "66.66"]
    assert _project(export("--period", "2019-H2"), "beta")["budget_lines"] == []


def test_budget_line_that_cannot_be_allocated_says_why(portfolio_state):
    alpha, period = portfolio_state["alpha"], portfolio_state["alpha"].cards.get().period
    north = portfolio_state["programme"].region.municipalities.get(slug="noordstad")
    portfolio.budget_line_create(
        project=alpha,
        period=period,
        actor=None,
        description="Later",
        amount="10.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=[north],
        population_year=2031,
    )

    later = _project(export(), "alpha")["budget_lines"][-1]

    assert later["allocation"] == []
    assert "2031" in later["allocation_error"]


def test_card_comes_from_the_published_revision_when_there_is_one(portfolio_state):
    data = export("--period", "2019-H2")
    alpha_card = _project(data, "alpha")["card"]
    beta_card = _project(data, "beta")["card"]

    # Alpha is being corrected: the export keeps to the published revision ...
    assert alpha_card["published"] is True
    assert alpha_card["status"] == "draft"  # ... and says where the working copy is.
    assert alpha_card["period"] == "2019-H2"
    sections = {s["key"]: s["body"] for s in alpha_card["sections"]}
    assert sections == {"last_half_year": "Published text", "risks": "Few partners."}
    assert alpha_card["status_light"] == "at_risk"
    assert alpha_card["quote"]["text"] == "Onward."
    assert alpha_card["milestones"][0]["date"] == "2019-10-01"
    assert alpha_card["results"] == [
        {"label": "Visitors", "value": "1250.50", "unit": "people", "date": None, "note": ""}
    ]
    # Beta was never published: its latest revision.
    assert beta_card["published"] is False
    assert beta_card["status"] == "draft"
    assert beta_card["sections"][0]["body"] == "Beta draft"


def test_without_period_the_latest_period(portfolio_state):
    portfolio.period_open(programme=portfolio_state["programme"], actor=None, label="2020-H1")

    data = export()

    assert data["period"]["label"] == "2020-H1"
    alpha = _project(data, "alpha")
    assert alpha["card"]["period"] == "2020-H1"
    assert alpha["card"]["published"] is False
    # the budget of 2019-H2, carried over until the office confirms it for 2020-H1
    assert {line["carried_over_from"] for line in alpha["budget_lines"]} == {"2019-H2"}
    assert export("--period", "2019-H2")["period"]["label"] == "2019-H2"


def test_format_defaults_to_json(portfolio_state):
    out = io.StringIO()
    call_command("export_portfolio", stdout=out)

    assert json.loads(out.getvalue())["period"]["label"] == "2019-H2"


def test_without_any_period_projects_have_no_card(db):
    region = programme_services.region_upsert(actor=None, slug="r", name="R")
    programme = programme_services.programme_upsert(actor=None, region=region, slug="p", name="P")
    portfolio.project_create(programme=programme, actor=None, name="Solo", slug="solo")

    data = export()

    assert data["period"] is None
    assert data["projects"][0]["card"] is None
    assert data["projects"][0]["budget_lines"] == []


@pytest.mark.parametrize("label", ["bogus", "2019-H3", "19-H2"])
def test_malformed_period_is_an_error_naming_it(portfolio_state, label):
    with pytest.raises(CommandError, match=label):
        export("--period", label)


def test_unknown_period_is_an_error_naming_it(portfolio_state):
    with pytest.raises(CommandError, match="2031-H1"):
        export("--period", "2031-H1")


def test_only_json_is_a_format(portfolio_state):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("export_portfolio", "--format", "xml", stdout=io.StringIO())


def test_no_programme_is_an_error(db):
    with pytest.raises(CommandError, match="no programme"):
        export()


def test_output_is_utf8_json_with_iso_dates(portfolio_state):
    out = io.StringIO()
    call_command("export_portfolio", "--format", "json", stdout=out)

    text = out.getvalue()
    assert "Duurzame mobiliteit" in text
    revised_at = _project(json.loads(text), "alpha")["card"]["revised_at"]
    datetime.datetime.fromisoformat(revised_at.replace("Z", "+00:00"))
