"""Reads of the portfolio (portfolio/selectors.py); budget allocation is in test_budgets.py."""

import pytest

from economie071.portfolio import selectors, services
from economie071.portfolio.constants import CardStatus, Phase, RoleKind
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PillarFactory,
    ProjectCardFactory,
    ProjectFactory,
    ReportingPeriodFactory,
    RoleFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_published_revisions_give_the_latest_published_revision_per_card(
    programme, led_project, other_project, office_user
):
    period = ReportingPeriodFactory(programme=programme, year=2019, half=2)
    corrected = ProjectCardFactory(
        project=led_project, period=period, last_half_year="Eerste.", published=True
    )
    services.card_start_correction(card=corrected, actor=office_user, reason="Fout.")
    services.card_update(
        card=corrected,
        actor=office_user,
        content=services.CardContent(sections={"last_half_year": "Gecorrigeerd."}),
        expected_version=corrected.version,
    )
    for step in (services.card_submit, services.card_approve, services.card_publish):
        step(card=corrected, actor=office_user)
    ProjectCardFactory(project=other_project, period=period, submitted=True)

    revisions = list(selectors.published_revisions(programme=programme))

    assert [r.card for r in revisions] == [corrected]
    assert revisions[0].snapshot["last_half_year"] == "Gecorrigeerd."


def test_the_latest_published_revision_is_of_the_latest_period(programme, led_project):
    for year, text in [(2019, "Oud."), (2020, "Nieuw.")]:
        ProjectCardFactory(
            project=led_project,
            period=ReportingPeriodFactory(programme=programme, year=year, half=1),
            last_half_year=text,
            published=True,
        )

    assert (
        selectors.latest_published_revision(project=led_project).snapshot["last_half_year"]
        == "Nieuw."
    )


def test_previous_period_revision_skips_later_and_unpublished_cards(programme, led_project):
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=1),
        last_half_year="2019-H1",
        published=True,
    )
    current = ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=2),
        published=True,
    )
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2020, half=1),
        published=True,
    )

    assert selectors.previous_period_revision(card=current).snapshot["last_half_year"] == "2019-H1"


def test_there_is_no_previous_revision_for_a_first_card(card):
    assert selectors.previous_period_revision(card=card) is None


def test_card_for_user_hides_working_copies_from_outsiders(card, leader_user, other_leader_user):
    assert selectors.card_for_user(user=leader_user, card_id=card.pk) == card
    assert selectors.card_for_user(user=other_leader_user, card_id=card.pk) is None
    assert selectors.card_for_user(user=leader_user, card_id=999_999) is None


def test_card_sections_follow_the_template_then_the_own_sections():
    snapshot = {
        "risks": "Capaciteit.",
        "last_half_year": "Monitor.",
        "impact": "",
        "extra_sections": [{"heading": "Retailmonitor", "body": "Jaarlijks."}],
    }

    sections = selectors.card_sections(snapshot=snapshot)

    assert [s["key"] for s in sections] == ["last_half_year", "risks", "extra-1"]
    assert sections[2]["heading"] == "Retailmonitor"


def test_round_counts_count_every_status(led_project, other_project, period):
    ProjectCardFactory(project=other_project, period=period, submitted=True)

    counts = selectors.round_counts(period=period)

    assert counts == {
        CardStatus.DRAFT: 1,
        CardStatus.SUBMITTED: 1,
        CardStatus.RETURNED: 0,
        CardStatus.APPROVED: 0,
        CardStatus.PUBLISHED: 0,
    }


def test_current_period_and_period_by_label(programme):
    ReportingPeriodFactory(programme=programme, year=2019, half=2)
    latest = ReportingPeriodFactory(programme=programme, year=2020, half=1)

    assert selectors.current_period(programme=programme) == latest
    assert selectors.period_by_label(programme=programme, label="2020-H1") == latest
    assert selectors.period_by_label(programme=programme, label="2018-H1") is None


def test_phase_pillar_matrix_counts_projects_per_phase_and_pillar(programme):
    verleiden = PillarFactory(programme=programme, number=4, name="verleiden")
    vertellen = PillarFactory(programme=programme, number=5, name="vertellen")
    ProjectFactory(programme=programme, phase=Phase.RUNNING, pillars=[verleiden])
    ProjectFactory(programme=programme, phase=Phase.RUNNING, pillars=[verleiden, vertellen])
    ProjectFactory(programme=programme, phase=Phase.RESTART, pillars=[vertellen])

    matrix = selectors.phase_pillar_matrix(programme=programme)

    assert matrix["pillars"] == [verleiden, vertellen]
    rows = {row["phase"]: (row["cells"], row["total"]) for row in matrix["rows"]}
    assert rows[Phase.RUNNING] == ([2, 1], 3)
    assert rows[Phase.RESTART] == ([0, 1], 1)
    assert rows[Phase.ORIENTATION] == ([0, 0], 0)
    assert "" not in rows  # no project without a phase, so no row for it


def test_project_search_filters(programme, municipalities):
    pillar = PillarFactory(programme=programme, slug="verleiden")
    theme = ThemeFactory(programme=programme, slug="circulaire-economie")
    kov = OrganisationFactory(slug="kov", municipality=municipalities["katwijk"])
    ton = PersonFactory(slug="ton-orleans")
    retail = ProjectFactory(programme=programme, name="Regionale Retailvisie", pillars=[pillar])
    cirkelstad = ProjectFactory(
        programme=programme, name="Cirkelstad", phase=Phase.NEW, themes=[theme]
    )
    RoleFactory(project=retail, kind=RoleKind.CONTACT_POINT, person=None, organisation=kov)
    RoleFactory(project=retail, kind=RoleKind.PROJECT_LEADER, person=ton)
    unphased = ProjectFactory(programme=programme, name="Zzp-event", phase="")
    ProjectFactory(name="Retail elders")  # another programme

    def search(**filters):
        return list(
            selectors.project_search(
                programme=programme, filters=selectors.ProjectFilters(**filters)
            )
        )

    assert search(q="retail") == [retail]
    assert search(pillar="verleiden") == [retail]
    assert search(theme="circulaire-economie") == [cirkelstad]
    assert search(phase=Phase.NEW) == [cirkelstad]
    assert search(phase="none") == [unphased]
    assert search(organisation="kov") == [retail]
    assert search(municipality="katwijk") == [retail]
    assert search(person="ton-orleans") == [retail]
    assert search() == [cirkelstad, retail, unphased]


def test_project_search_finds_published_card_text_once(programme, led_project):
    for year in (2019, 2020):
        ProjectCardFactory(
            project=led_project,
            period=ReportingPeriodFactory(programme=programme, year=year, half=1),
            last_half_year="Winkelstraten geteld.",
            published=True,
        )

    found = list(
        selectors.project_search(
            programme=programme, filters=selectors.ProjectFilters(q="winkelstraten")
        )
    )

    assert found == [led_project]


def test_project_search_finds_draft_text_only_for_who_may_read_it(programme, led_project):
    ProjectCardFactory(
        project=led_project,
        period=ReportingPeriodFactory(programme=programme, year=2019, half=2),
        next_steps="Geheim conceptplan.",
        submitted=True,
    )
    filters = selectors.ProjectFilters(q="conceptplan")

    assert list(selectors.project_search(programme=programme, filters=filters)) == []
    assert list(
        selectors.project_search(programme=programme, filters=filters, include_unpublished=True)
    ) == [led_project]


def test_project_roles_and_phase_history(led_project, leader_user, office_user):
    services.project_change_phase(project=led_project, actor=office_user, phase=Phase.STOPPED)

    assert [r.kind for r in selectors.project_roles(project=led_project)] == [
        RoleKind.PROJECT_LEADER
    ]
    assert [c.to_phase for c in selectors.phase_history(project=led_project)] == [
        Phase.RUNNING,
        Phase.STOPPED,
    ]


# --- card_revisions_visible: what each user reads ------------------------------------------


@pytest.fixture
def two_cards(programme, led_project, other_project, office_user):
    """The led project's card published, then corrected into a new draft text; the other
    project's card never published."""
    period = ReportingPeriodFactory(programme=programme, year=2019, half=2)
    led = ProjectCardFactory(
        project=led_project, period=period, last_half_year="Gepubliceerd.", published=True
    )
    services.card_start_correction(card=led, actor=office_user, reason="Aanvullen.")
    services.card_update(
        card=led,
        actor=office_user,
        content=services.CardContent(sections={"last_half_year": "Werkversie."}),
        expected_version=led.version,
    )
    other = ProjectCardFactory(
        project=other_project, period=period, last_half_year="Nooit gepubliceerd."
    )
    return led, other


def visible_texts(programme, user, **kwargs):
    return {
        r.card.project.slug: r.snapshot["last_half_year"]
        for r in selectors.card_revisions_visible(programme=programme, user=user, **kwargs)
    }


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anonymous_user", {"retailvisie": "Gepubliceerd."}),
        ("other_leader_user", {"retailvisie": "Gepubliceerd.", "smart071": "Nooit gepubliceerd."}),
        ("leader_user", {"retailvisie": "Werkversie."}),
        ("steering_user", {"retailvisie": "Werkversie.", "smart071": "Nooit gepubliceerd."}),
        ("office_user", {"retailvisie": "Werkversie.", "smart071": "Nooit gepubliceerd."}),
    ],
)
def test_each_user_reads_the_revisions_they_may_see(request, programme, two_cards, user, expected):
    who = request.getfixturevalue(user)

    assert visible_texts(programme, who, include_unpublished=True) == expected


@pytest.mark.parametrize("user", ["anonymous_user", "leader_user", "office_user"])
def test_without_include_unpublished_everyone_reads_the_published_text(
    request, programme, two_cards, user
):
    who = request.getfixturevalue(user)

    assert visible_texts(programme, who) == {"retailvisie": "Gepubliceerd."}


def test_revisions_can_be_narrowed_to_one_card(programme, two_cards, office_user):
    led, other = two_cards

    texts = visible_texts(programme, office_user, include_unpublished=True, card_id=other.pk)

    assert texts == {"smart071": "Nooit gepubliceerd."}
