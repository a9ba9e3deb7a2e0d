"""Network fixtures, set up through the real services (actor None: the platform).

Organisation names, addresses and amounts here are test data, not real-world facts.
"""

import datetime

import pytest
from django.utils import timezone

from economie071.network import services
from economie071.network.constants import ExchangeDirection, ExchangeKind, Sector
from economie071.network.services import ExchangeInput
from economie071.programme.constants import HelixSide
from tests.factories import OrganisationFactory, UserFactory

HIDDEN_DESCRIPTION = "GEHEIMEBESCHRIJVING"
HIDDEN_SEEK = "VERBORGENVRAAG"
CONTACT_ADDRESS = "verborgen-contact@waterschap.example"


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


@pytest.fixture
def water_board(programme, municipalities):
    return OrganisationFactory(
        name="Waterschap Test",
        slug="waterschap-test",
        helix=HelixSide.GOVERNMENT,
        municipality=municipalities["leiden"],
        website="https://waterschap.example",
    )


@pytest.fixture
def school(programme, municipalities):
    return OrganisationFactory(
        name="Testhogeschool",
        slug="testhogeschool",
        helix=HelixSide.EDUCATION,
        municipality=municipalities["leiden"],
    )


@pytest.fixture
def company(municipalities):
    return OrganisationFactory(
        name="Installatiebedrijf Test",
        slug="installatiebedrijf-test",
        helix=HelixSide.BUSINESS,
        municipality=municipalities["voorschoten"],
    )


@pytest.fixture
def expert_org():
    return OrganisationFactory(name="Databureau Test", slug="databureau-test")


@pytest.fixture
def profile(water_board):
    """Published; shows everything except its description and its needs; takes messages."""
    profile = services.profile_create(
        organisation=water_board,
        actor=None,
        is_published=True,
        sector=Sector.WATER,
        description=HIDDEN_DESCRIPTION,
        show_description=False,
        show_seeks=False,
        contact_email=CONTACT_ADDRESS,
        covenant_partner=True,
        covenant_signed_on=datetime.date(2017, 3, 1),
    )
    services.profile_set_exchanges(
        profile=profile,
        actor=None,
        exchanges=[
            ExchangeInput(ExchangeDirection.OFFERS, ExchangeKind.CHALLENGES, "Actief kool"),
            ExchangeInput(ExchangeDirection.SEEKS, ExchangeKind.INTERNSHIPS, HIDDEN_SEEK),
        ],
    )
    return profile


@pytest.fixture
def school_profile(school):
    profile = services.profile_create(
        organisation=school,
        actor=None,
        is_published=True,
        sector=Sector.EDUCATION,
        description="Laboratoriumonderwijs",
        contact_email="school@example.org",
    )
    services.profile_set_exchanges(
        profile=profile,
        actor=None,
        exchanges=[ExchangeInput(ExchangeDirection.OFFERS, ExchangeKind.SPACE, "Labruimte")],
    )
    return profile


@pytest.fixture
def editor_user(profile):
    """Keeps the water board's profile."""
    user = UserFactory(username="redacteur", first_name="Rita", last_name="Redacteur")
    services.profile_editor_add(profile=profile, user=user, actor=None)
    return user


@pytest.fixture
def challenge(programme, water_board):
    return services.challenge_post(
        programme=programme,
        organisation=water_board,
        actor=None,
        title="Actief kool tegen medicijnresten",
        description="Welke soorten actief kool?",
        starts_on=datetime.date(2019, 4, 1),
        starts_on_precision="month",
        duration_weeks=10,
    )


@pytest.fixture
def trajectory(programme, company, school):
    return services.trajectory_create(
        programme=programme,
        actor=None,
        company=company,
        title="Sensoren in de installatie",
        started_on=days_ago(100),
        school=school,
        study_programme="Informatica",
        student_count=3,
    )


@pytest.fixture
def expert(programme, expert_org):
    return services.expert_entry_upsert(
        programme=programme,
        organisation=expert_org,
        actor=None,
        description="Data science",
        tags=[("data", "Data"), ("ict", "ICT")],
    )
