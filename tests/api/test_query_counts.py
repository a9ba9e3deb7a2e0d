"""Every list runs a fixed number of queries, however many rows it returns (no N+1).

Each test measures a list with 2 rows, adds 8 more, and measures again: the counts must be
equal. The counts themselves are asserted too, so a change shows up in review.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import RoleKind
from economie071.programme import services as programme_services
from economie071.programme.constants import HelixSide

pytestmark = pytest.mark.django_db


def _measure(api_client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == expected_rows
    return len(queries)


def _two_then_ten(api_client, url, add_row) -> tuple[int, int]:
    for _ in range(2):
        add_row()
    with_two = _measure(api_client, url, 2)
    for _ in range(8):
        add_row()
    with_ten = _measure(api_client, url, 10)
    return with_two, with_ten


def _counter():
    count = 0

    def next_number():
        nonlocal count
        count += 1
        return count

    return next_number


def test_municipalities(api_client, api_programme):
    number = _counter()

    def add_row():
        n = number()
        municipality = programme_services.municipality_upsert(
            actor=None,
            region=api_programme.region,
            slug=f"m{n}",
            name=f"M{n}",
            cbs_code=f"GM98{n:02d}",
        )
        for year in (2019, 2020):
            programme_services.population_figure_upsert(
                actor=None,
                municipality=municipality,
                year=year,
                inhabitants=100,
                source="Test figure",
            )

    # programme, count, municipalities, their figures
    assert _two_then_ten(api_client, "/api/v1/municipalities", add_row) == (4, 4)


@pytest.mark.parametrize("resource", ["pillars", "themes"])
def test_pillars_and_themes(api_client, api_programme, resource):
    api_programme.pillars.all().delete()
    api_programme.themes.all().delete()
    number = _counter()

    def add_row():
        n = number()
        if resource == "pillars":
            programme_services.pillar_upsert(
                actor=None,
                programme=api_programme,
                slug=f"p{n}",
                number=n,
                name=f"P{n}",
                colour="#000000",
            )
        else:
            programme_services.theme_upsert(
                actor=None, programme=api_programme, slug=f"t{n}", name=f"T{n}"
            )

    assert _two_then_ten(api_client, f"/api/v1/{resource}", add_row) == (3, 3)


def test_organisations(api_client, api_municipalities):
    number = _counter()

    def add_row():
        n = number()
        programme_services.organisation_upsert(
            actor=None,
            slug=f"o{n}",
            name=f"O{n}",
            helix=HelixSide.BUSINESS,
            municipality=api_municipalities[n % 2],
        )

    assert _two_then_ten(api_client, "/api/v1/organisations", add_row) == (2, 2)


def _project_maker(api_programme, build):
    pillar = api_programme.pillars.first()
    theme = api_programme.themes.first()
    organisation = programme_services.organisation_upsert(
        actor=None, slug="org", name="Org", helix=HelixSide.OTHER
    )
    number = _counter()

    def add_row():
        n = number()
        project = build.project(api_programme, slug=f"p{n}", pillars=[pillar], themes=[theme])
        line = portfolio.line_of_action_create(project=project, actor=None, code="A", name="A")
        person = programme_services.person_upsert(
            actor=None, slug=f"person-{n}", name=f"Person {n}", organisation=organisation
        )
        portfolio.role_assign(
            project=project, actor=None, kind=RoleKind.PROJECT_LEADER, person=person
        )
        portfolio.role_assign(
            project=project,
            actor=None,
            kind=RoleKind.CONTACT_POINT,
            organisation=organisation,
            line_of_action=line,
        )
        return project

    return add_row


def test_projects(api_client, api_programme, build):
    add_row = _project_maker(api_programme, build)

    # programme, count, projects, pillars, themes, lines of action, roles
    assert _two_then_ten(api_client, "/api/v1/projects", add_row) == (7, 7)


def test_projects_filtered(api_client, api_programme, build):
    add_row = _project_maker(api_programme, build)

    # The same plus one query per filter value checked.
    assert _two_then_ten(
        api_client, "/api/v1/projects?pillar=versterken&organisation=org", add_row
    ) == (9, 9)


def _published_card_maker(api_programme, build):
    period = portfolio.period_open(programme=api_programme, actor=None, label="2019-H2")
    number = _counter()

    def add_row():
        project = build.project(api_programme, slug=f"c{number()}")
        card = portfolio.card_create(project=project, period=period, actor=None)
        build.publish(build.fill_card(card, "Text"))
        return project

    return add_row


def test_cards(api_client, api_programme, build):
    add_row = _published_card_maker(api_programme, build)

    # programme, count, the revisions (with card, project and period joined)
    assert _two_then_ten(api_client, "/api/v1/cards", add_row) == (3, 3)


def test_cards_filtered(api_client, api_programme, build):
    add_row = _published_card_maker(api_programme, build)

    # The same plus the period looked up.
    assert _two_then_ten(api_client, "/api/v1/cards?period=2019-H2", add_row) == (4, 4)


def test_cards_with_unpublished_for_the_office(api_client, api_programme, build, office_user):
    add_row = _published_card_maker(api_programme, build)
    api_client.force_login(office_user)

    # The same plus the session, the user and the user's groups.
    assert _two_then_ten(api_client, "/api/v1/cards?include=unpublished", add_row) == (6, 6)


def test_cards_with_unpublished_for_a_leader(api_client, api_programme, build):
    add_row = _published_card_maker(api_programme, build)
    led = build.project(api_programme, slug="led")  # opened after the period: no card
    api_client.force_login(build.leader("leader", led))

    # Session, user, groups, the projects the user leads; then programme, count, revisions.
    assert _two_then_ten(api_client, "/api/v1/cards?include=unpublished", add_row) == (7, 7)
