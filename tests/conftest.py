"""Shared fixtures: the Leidse regio with its six municipalities, the programme, the people
who use the platform (programme office, steering group, project leaders) and a draft card.

Inhabitants here are round test numbers, not CBS figures: the demo tests use the real ones.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from economie071.portfolio.constants import Phase
from tests.factories import (
    MunicipalityFactory,
    ProgrammeFactory,
    ProjectCardFactory,
    ProjectFactory,
    RegionFactory,
    ReportingPeriodFactory,
    UserFactory,
    days_from_today,
)

POPULATION_YEAR = 2019

# (slug, name, CBS code, test inhabitants on 1 January POPULATION_YEAR)
TEST_MUNICIPALITIES = [
    ("katwijk", "Katwijk", "GM0537", 60_000),
    ("leiden", "Leiden", "GM0546", 120_000),
    ("leiderdorp", "Leiderdorp", "GM0547", 30_000),
    ("oegstgeest", "Oegstgeest", "GM0579", 25_000),
    ("voorschoten", "Voorschoten", "GM0626", 25_000),
    ("zoeterwoude", "Zoeterwoude", "GM0638", 10_000),
]


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache: every test starts without any."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the test module that asks for it and rolled back after
    the module's last test. Each test still runs in a transaction of its own inside it (ask
    for `db` too), so a test may change the demo: its changes are undone before the next.
    Returns what `load_demo` printed."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def region(db):
    """The Leidse regio with its six municipalities, each with a (test) population figure."""
    region = RegionFactory(name="Leidse regio", slug="leidse-regio")
    for slug, name, cbs_code, inhabitants in TEST_MUNICIPALITIES:
        MunicipalityFactory(
            region=region,
            slug=slug,
            name=name,
            cbs_code=cbs_code,
            population__year=POPULATION_YEAR,
            population__inhabitants=inhabitants,
        )
    return region


@pytest.fixture
def municipalities(region):
    """The six municipalities by slug."""
    return {m.slug: m for m in region.municipalities.all()}


@pytest.fixture
def programme(region):
    return ProgrammeFactory(region=region, name="Economie071", slug="economie071")


@pytest.fixture
def office_user(db):
    return UserFactory(
        username="programmabureau",
        first_name="Jasmijn",
        last_name="Bongers",
        programme_office=True,
    )


@pytest.fixture
def steering_user(db):
    return UserFactory(
        username="stuurgroeplid",
        first_name="Yvonne",
        last_name="van Delft",
        steering_group=True,
    )


@pytest.fixture
def plain_user(db):
    """Logged in, but no group and no role."""
    return UserFactory(username="inwoner")


@pytest.fixture
def anonymous_user():
    return AnonymousUser()


@pytest.fixture
def led_project(programme):
    """A running project of the programme; `leader_user` leads it."""
    return ProjectFactory(
        programme=programme, name="Regionale Retailvisie", slug="retailvisie", phase=Phase.RUNNING
    )


@pytest.fixture
def leader_user(led_project):
    return UserFactory(
        username="projectleider", first_name="Ton", last_name="Orleans", leader_of=led_project
    )


@pytest.fixture
def other_project(programme):
    return ProjectFactory(
        programme=programme, name="Smart071", slug="smart071", phase=Phase.RUNNING
    )


@pytest.fixture
def other_leader_user(other_project):
    """Project leader of another project than `led_project`."""
    return UserFactory(
        username="andere-projectleider",
        first_name="Joost",
        last_name="Bruggeman",
        leader_of=other_project,
    )


@pytest.fixture
def former_leader_user(led_project):
    """Was project leader of `led_project`; the role ended yesterday."""
    return UserFactory(
        username="oud-projectleider",
        first_name="Roy",
        last_name="van Cooten",
        leader_of=led_project,
        leader_of__starts_on=days_from_today(-365),
        leader_of__ends_on=days_from_today(-1),
    )


@pytest.fixture
def period(programme):
    """Reporting period 2019-H2, opened (so running projects have a draft card)."""
    return ReportingPeriodFactory(programme=programme, year=2019, half=2)


@pytest.fixture
def card(led_project, period):
    """The draft card of `led_project` for 2019-H2."""
    return ProjectCardFactory(project=led_project, period=period)


@pytest.fixture
def row_counts(db):
    """A function that counts the rows of every model of the platform (and users, groups):
    compare two calls to show that a refused action wrote nothing."""
    from django.apps import apps

    app_labels = {"audit", "programme", "portfolio", "publications", "governance", "auth"}

    def count() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label in app_labels
        }

    return count
