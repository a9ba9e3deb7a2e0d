"""Fixtures for the read API: a small, made-up programme built through the real services.

The region and its figures are invented for the tests (municipality codes GM99xx do not
exist), so no real-world figure is made up here.
"""

import datetime
import itertools
import types

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP
from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import AllocationKey, Phase, RoleKind, StatusLight
from economie071.portfolio.services import CardContent
from economie071.programme import services as programme_services
from economie071.programme.constants import HelixSide

_numbers = itertools.count(1)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_programme(db):
    """A made-up programme with two pillars and a theme (named so as not to shadow the
    `programme` fixture of tests/conftest.py, which is built differently)."""
    region = programme_services.region_upsert(actor=None, slug="testregio", name="Testregio")
    programme = programme_services.programme_upsert(
        actor=None, region=region, slug="testprogramma", name="Testprogramma"
    )
    programme_services.pillar_upsert(
        actor=None,
        programme=programme,
        slug="versterken",
        number=1,
        name="Versterken",
        colour="#1f6f8b",
    )
    programme_services.pillar_upsert(
        actor=None,
        programme=programme,
        slug="verdienen",
        number=2,
        name="Verdienen",
        colour="#8b1f6f",
    )
    programme_services.theme_upsert(
        actor=None, programme=programme, slug="circulair", name="Circulaire economie"
    )
    return programme


@pytest.fixture
def api_municipalities(api_programme):
    north = programme_services.municipality_upsert(
        actor=None,
        region=api_programme.region,
        slug="noordstad",
        name="Noordstad",
        cbs_code="GM9901",
    )
    south = programme_services.municipality_upsert(
        actor=None,
        region=api_programme.region,
        slug="zuiddorp",
        name="Zuiddorp",
        cbs_code="GM9902",
    )
    for municipality, base in ((north, 3000), (south, 1000)):
        for year in (2019, 2020):
            programme_services.population_figure_upsert(
                actor=None,
                municipality=municipality,
                year=year,
                inhabitants=base + year - 2019,
                source="Test figure",
            )
    return north, south


def make_user(username: str, *groups: str):
    user = get_user_model().objects.create_user(username=username, password="x")
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def office_user(db):
    return make_user("office", PROGRAMME_OFFICE_GROUP)


@pytest.fixture
def steering_user(db):
    return make_user("steering", STEERING_GROUP_GROUP)


def make_leader(username: str, project):
    """A user whose Person holds an active project-leader role on `project`."""
    user = make_user(username)
    person = programme_services.person_upsert(actor=None, slug=username, name=username.title())
    programme_services.person_link_user(actor=None, person=person, user=user)
    portfolio.role_assign(project=project, actor=None, kind=RoleKind.PROJECT_LEADER, person=person)
    return user


def make_project(programme, *, slug=None, phase=Phase.RUNNING, pillars=(), themes=()):
    slug = slug or f"project-{next(_numbers)}"
    return portfolio.project_create(
        programme=programme,
        actor=None,
        name=slug.replace("-", " ").title(),
        slug=slug,
        phase=phase,
        pillars=pillars,
        themes=themes,
    )


def fill_card(card, text: str):
    """Save content on a card the way the edit form does."""
    content = CardContent(
        sections={"last_half_year": text, "next_steps": f"Next: {text}"},
        extra_sections=[{"heading": "Extra", "body": "An extra section."}],
        status_light=StatusLight.ON_TRACK,
        quote_text="We are on our way.",
        milestones=[
            {
                "date": datetime.date(2019, 9, 1),
                "date_precision": "month",
                "title": "Kick-off",
                "links": [{"label": "Site", "url": "https://example.org/kick-off"}],
            }
        ],
        results=[{"label": "Trajectories", "value": "25", "unit": "trajectories"}],
        risk_items=[{"description": "Too few partners", "likelihood": "low", "impact": "high"}],
    )
    return portfolio.card_update(
        card=card, actor=None, content=content, expected_version=card.version
    )


def publish(card):
    for step in (portfolio.card_submit, portfolio.card_approve, portfolio.card_publish):
        card = step(card=card, actor=None)
    return card


@pytest.fixture
def portfolio_data(api_programme, api_municipalities):
    """Two projects in 2019-H2: alpha's card published (then edited again), beta's a draft."""
    versterken, verdienen = api_programme.pillars.order_by("number")
    circulair = api_programme.themes.get()
    north, south = api_municipalities
    organisation = programme_services.organisation_upsert(
        actor=None,
        slug="gemeente-noordstad",
        name="Gemeente Noordstad",
        helix=HelixSide.GOVERNMENT,
        municipality=north,
    )
    partner = programme_services.organisation_upsert(
        actor=None, slug="hogeschool", name="Hogeschool", helix=HelixSide.EDUCATION
    )
    alpha = make_project(api_programme, slug="alpha", pillars=[versterken], themes=[circulair])
    beta = make_project(api_programme, slug="beta", phase=Phase.NEW, pillars=[verdienen])
    line = portfolio.line_of_action_create(project=alpha, actor=None, code="A", name="Retail")
    portfolio.role_assign(
        project=alpha,
        actor=None,
        kind=RoleKind.EXECUTIVE_SPONSOR,
        organisation=organisation,
        title="Alderman",
    )
    portfolio.role_assign(
        project=alpha,
        actor=None,
        kind=RoleKind.CONTACT_POINT,
        organisation=partner,
        line_of_action=line,
        starts_on=datetime.date(2019, 1, 1),
    )
    portfolio.role_assign(project=alpha, actor=None, kind=RoleKind.PARTNER, organisation=partner)
    leader = make_leader("alpha-leader", alpha)
    other_leader = make_leader("beta-leader", beta)

    period = portfolio.period_open(programme=api_programme, actor=None, label="2019-H2")
    alpha_card = alpha.cards.get(period=period)
    beta_card = beta.cards.get(period=period)
    alpha_card = publish(fill_card(alpha_card, "Published text"))
    # A correction in progress: readers must keep seeing the published text.
    alpha_card = portfolio.card_start_correction(card=alpha_card, actor=None, reason="Typo")
    alpha_card = fill_card(alpha_card, "Corrected text, not yet published")
    beta_card = fill_card(beta_card, "Beta draft text")
    portfolio.budget_line_create(
        project=alpha,
        period=period,
        actor=None,
        description="Retail monitor",
        amount="1000.00",
        allocation_key=AllocationKey.BY_INHABITANTS,
        municipalities=[north, south],
        population_year=2019,
    )
    return {
        "alpha": alpha,
        "beta": beta,
        "period": period,
        "alpha_card": alpha_card,
        "beta_card": beta_card,
        "leader": leader,
        "other_leader": other_leader,
        "organisation": organisation,
        "partner": partner,
    }


@pytest.fixture
def build():
    """The helpers above, for tests that make their own rows."""
    return types.SimpleNamespace(
        user=make_user,
        leader=make_leader,
        project=make_project,
        fill_card=fill_card,
        publish=publish,
    )
