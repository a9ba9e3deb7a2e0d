"""Opening a reporting round: period_open and card_create (portfolio/services.py)."""

import datetime
from decimal import Decimal

import pytest

from economie071.audit.models import AuditEntry
from economie071.portfolio import selectors, services
from economie071.portfolio.constants import CardStatus, Level, Phase, StatusLight
from economie071.portfolio.exceptions import NotAllowed, PortfolioError
from economie071.portfolio.models import BudgetLine, ProjectCard, ReportingPeriod
from economie071.publications.selectors import edition_content
from tests.factories import (
    BudgetLineFactory,
    ProgrammeFactory,
    ProjectCardFactory,
    ProjectFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db

REPORTING_PHASES = [Phase.ORIENTATION, Phase.NEW, Phase.KICK_START, Phase.RUNNING, Phase.RESTART]


def test_period_open_gives_every_reporting_project_a_draft_card(programme, office_user):
    reporting = {p: ProjectFactory(programme=programme, phase=p) for p in REPORTING_PHASES}
    completed = ProjectFactory(programme=programme, phase=Phase.COMPLETED)
    stopped = ProjectFactory(programme=programme, phase=Phase.STOPPED)
    no_phase = ProjectFactory(programme=programme, phase="")
    elsewhere = ProjectFactory(phase=Phase.RUNNING)  # another programme

    period = services.period_open(
        programme=programme,
        actor=office_user,
        label="2019-H2",
        deadline=datetime.date(2019, 11, 1),
    )

    assert (period.year, period.half, period.deadline) == (2019, 2, datetime.date(2019, 11, 1))
    carded = set(period.cards.values_list("project_id", flat=True))
    assert carded == {p.pk for p in reporting.values()}
    assert not carded & {completed.pk, stopped.pk, no_phase.pk, elsewhere.pk}
    assert set(period.cards.values_list("status", flat=True)) == {CardStatus.DRAFT}
    entry = AuditEntry.objects.get(action="portfolio.period.opened")
    assert entry.actor == office_user
    assert entry.data == {"cards": len(REPORTING_PHASES)}
    assert AuditEntry.objects.filter(action="portfolio.card.created").count() == len(
        REPORTING_PHASES
    )


def test_a_first_card_starts_from_the_projects_urgency_and_assignment(programme, office_user):
    project = ProjectFactory(
        programme=programme, urgency="Leegstand neemt toe.", assignment="Stel een visie op."
    )

    period = services.period_open(programme=programme, actor=office_user, label="2019-H2")

    card = period.cards.get(project=project)
    assert card.urgency == "Leegstand neemt toe."
    assert card.assignment == "Stel een visie op."
    assert card.last_half_year == ""
    assert card.revisions.count() == 1


def test_a_new_card_is_filled_from_the_last_card_with_the_light_reset(
    programme, led_project, office_user
):
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=1),
        last_half_year="Oude tekst.",
        status_light=StatusLight.OFF_TRACK,
        published=True,
    )
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=2),
        last_half_year="Retailmonitor opgeleverd.",
        next_steps="Actielijn B starten.",
        status_light=StatusLight.AT_RISK,
        extra_sections=[{"heading": "Retailmonitor", "body": "Jaarlijks."}],
        milestones=[{"date": datetime.date(2019, 9, 1), "title": "Monitor klaar"}],
        results=[{"label": "winkelgebieden", "value": Decimal("12"), "unit": "gebieden"}],
        risk_items=[{"description": "Te weinig capaciteit", "likelihood": Level.HIGH}],
        published=True,
    )

    period = services.period_open(programme=programme, actor=office_user, label="2020-H1")

    card = period.cards.get(project=led_project)
    assert card.status == CardStatus.DRAFT
    assert card.last_half_year == "Retailmonitor opgeleverd."
    assert card.next_steps == "Actielijn B starten."
    assert card.extra_sections == [{"heading": "Retailmonitor", "body": "Jaarlijks."}]
    assert card.status_light == StatusLight.NOT_SET
    assert list(card.milestones.values_list("title", flat=True)) == ["Monitor klaar"]
    assert list(card.results.values_list("value", flat=True)) == [Decimal("12")]
    assert list(card.risk_items.values_list("likelihood", flat=True)) == [Level.HIGH]
    created = AuditEntry.objects.get(action="portfolio.card.created", object_id=str(card.pk))
    assert created.data == {"prefilled_from": "2019-H2"}


def test_a_card_opened_for_an_earlier_half_year_is_not_filled_from_a_later_one(
    programme, led_project, office_user
):
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=1),
        last_half_year="Tekst van 2019-H1.",
    )
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2020, half=1),
        last_half_year="Tekst van 2020-H1.",
    )

    period = services.period_open(programme=programme, actor=office_user, label="2019-H2")

    assert period.cards.get(project=led_project).last_half_year == "Tekst van 2019-H1."


def test_the_previous_card_is_left_as_it_was(programme, led_project, office_user):
    old = ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=2),
        status_light=StatusLight.ON_TRACK,
        published=True,
    )

    services.period_open(programme=programme, actor=office_user, label="2020-H1")

    old.refresh_from_db()
    assert (old.status, old.status_light) == (CardStatus.PUBLISHED, StatusLight.ON_TRACK)


def test_a_period_cannot_be_opened_twice(programme, led_project, office_user, row_counts):
    services.period_open(programme=programme, actor=office_user, label="2019-H2")
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.period_open(programme=programme, actor=office_user, label="2019-H2")

    assert excinfo.value.code == "period"
    assert "2019-H2" in excinfo.value.message
    assert row_counts() == before


def test_the_same_half_year_can_be_opened_by_another_programme(programme, office_user):
    services.period_open(programme=programme, actor=office_user, label="2019-H2")

    services.period_open(programme=ProgrammeFactory(), actor=office_user, label="2019-H2")

    assert ReportingPeriod.objects.filter(year=2019, half=2).count() == 2


@pytest.mark.parametrize("label", ["2019-H3", "2019H2", "", "abcd-H1"])
def test_a_malformed_label_is_refused_naming_it(
    programme, led_project, office_user, row_counts, label
):
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.period_open(programme=programme, actor=office_user, label=label)

    assert f"“{label}”" in str(excinfo.value)
    assert row_counts() == before


def test_only_the_programme_office_opens_periods(programme, leader_user, row_counts):
    before = row_counts()

    with pytest.raises(NotAllowed):
        services.period_open(programme=programme, actor=leader_user, label="2019-H2")

    assert row_counts() == before


def test_card_create_adds_a_card_for_a_project_started_later(programme, period, office_user):
    late = ProjectFactory(programme=programme, phase=Phase.NEW)

    card = services.card_create(project=late, period=period, actor=office_user)

    assert card.status == CardStatus.DRAFT
    assert ProjectCard.objects.filter(project=late, period=period).count() == 1


def test_card_create_refuses_a_second_card(card, office_user, row_counts):
    before = row_counts()

    with pytest.raises(PortfolioError) as excinfo:
        services.card_create(project=card.project, period=card.period, actor=office_user)

    assert excinfo.value.code == "period"
    assert row_counts() == before


# --- Budget lines carry into a new half year --------------------------------------------


def test_opening_a_period_carries_the_budget_lines_over_marked_until_confirmed(
    programme, municipalities, office_user
):
    project = ProjectFactory(programme=programme, phase=Phase.RUNNING)
    h2 = ReportingPeriodFactory(programme=programme, year=2019, half=2)
    shared = BudgetLineFactory(project=project, period=h2, by_inhabitants=True, amount="192000")
    funded = BudgetLineFactory(project=project, period=h2, amount="5000")
    before = selectors.budget_allocation(line=shared).rows

    h1 = services.period_open(programme=programme, actor=office_user, label="2020-H1")

    carried = list(BudgetLine.objects.filter(period=h1).order_by("id"))
    assert [(c.description, c.amount, c.carried_over_from) for c in carried] == [
        (shared.description, Decimal("192000.00"), shared),
        (funded.description, Decimal("5000.00"), funded),
    ]
    # the same shares as before: the figures' year is kept, not moved to 2020
    assert selectors.budget_allocation(line=carried[0]).rows == before
    assert carried[1].funder == funded.funder
    assert AuditEntry.objects.filter(action="portfolio.budget_line.carried_over").count() == 2

    services.budget_line_confirm(line=carried[0], actor=office_user)
    services.budget_line_remove(line=carried[1], actor=office_user)
    assert list(
        BudgetLine.objects.filter(period=h1).values_list("carried_over_from", flat=True)
    ) == [None]
    assert BudgetLine.objects.filter(period=h2).count() == 2  # the earlier half year unchanged


def test_only_the_office_confirms_or_removes_a_budget_line(programme, leader_user):
    line = BudgetLineFactory(project=ProjectFactory(programme=programme))
    with pytest.raises(NotAllowed):
        services.budget_line_confirm(line=line, actor=leader_user)
    with pytest.raises(NotAllowed):
        services.budget_line_remove(line=line, actor=leader_user)
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_the_budget_page_asks_the_office_to_confirm_carried_lines(
    programme, municipalities, office_user, client
):
    project = ProjectFactory(programme=programme, phase=Phase.RUNNING)
    BudgetLineFactory(
        project=project, period=ReportingPeriodFactory(programme=programme, year=2019, half=2)
    )
    services.period_open(programme=programme, actor=office_user, label="2020-H1")
    carried = BudgetLine.objects.get(period__half=1)
    client.force_login(office_user)
    page = f"/projecten/{project.slug}/begroting/"

    html = client.get(page).content.decode()
    assert "2019-H2" in html and 'value="confirm"' in html

    response = client.post(f"{page}{carried.pk}/", {"action": "confirm"})
    assert response.status_code == 302
    assert BudgetLine.objects.get(pk=carried.pk).carried_over_from is None
    assert 'value="confirm"' not in client.get(page).content.decode()


def test_an_edition_prints_a_carried_line_only_once_it_is_confirmed(
    programme, municipalities, office_user
):
    project = ProjectFactory(programme=programme, phase=Phase.RUNNING)
    BudgetLineFactory(
        project=project, period=ReportingPeriodFactory(programme=programme, year=2019, half=2)
    )
    h1 = services.period_open(programme=programme, actor=office_user, label="2020-H1")

    def printed_budget():
        content = edition_content(
            programme=programme,
            period=h1,
            title="Projectenoverzicht",
            issued_on=datetime.date(2020, 6, 1),
            version=1,
        )
        return [p["budget_lines"] for p in content["projects"] if p["slug"] == project.slug]

    assert printed_budget() == [[]]
    services.budget_line_confirm(line=BudgetLine.objects.get(period=h1), actor=office_user)
    assert len(printed_budget()[0]) == 1
