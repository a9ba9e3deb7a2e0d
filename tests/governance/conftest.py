"""Governance fixtures, set up through the real services (actor None: the platform)."""

import datetime

import pytest
from django.utils import timezone

from economie071.governance import services
from economie071.governance.constants import BodyKind
from tests.factories import PersonFactory, UserFactory


def at(days: int, hour: int = 14) -> datetime.datetime:
    """An aware datetime `days` from today at `hour` o'clock."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def when(days: int, hour: int | None = 14) -> dict:
    """The `date` and `time` of a meeting `days` from today at `hour` o'clock (None: the
    time is not known)."""
    return {
        "date": timezone.localdate() + datetime.timedelta(days=days),
        "time": datetime.time(hour, 0) if hour is not None else None,
    }


@pytest.fixture
def body(programme):
    return services.body_create(
        programme=programme,
        actor=None,
        name="Stuurgroep Economie071",
        slug="stuurgroep-economie071",
        kind=BodyKind.PROGRAMME_STEERING_GROUP,
        min_meetings_per_year=3,
    )


@pytest.fixture
def member_user(body):
    """A login whose Person holds a seat in `body` today."""
    user = UserFactory(username="stuurgroeplid-ed", first_name="Yvonne", last_name="Lid")
    person = PersonFactory(name="Yvonne Lid", user=user)
    services.membership_add(body=body, actor=None, person=person, role="voorzitter")
    return user


@pytest.fixture
def past_meeting(body):
    return services.meeting_create(
        body=body, actor=None, **when(-10), place="Stadhuis Leiden", status="held"
    )


@pytest.fixture
def future_meeting(body):
    return services.meeting_create(
        body=body, actor=None, **when(20), place="Raadhuis Katwijk, zaal 2; boven"
    )


@pytest.fixture
def proposal(led_project, body):
    proposal = services.proposal_create(
        project=led_project,
        body=body,
        actor=None,
        title="Pilot koksopleiding",
        text="Een pilot hospitality.",
        requested_decision="Instemmen met de pilot.",
    )
    return services.proposal_submit(proposal=proposal, actor=None)


@pytest.fixture
def on_agenda(past_meeting, proposal):
    services.agenda_item_add(
        meeting=past_meeting, actor=None, title="Human Capital", proposals=[proposal]
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def trail(programme, municipalities, led_project):
    return services.trail_create(
        programme=programme,
        actor=None,
        title="Vaststelling strategie",
        slug="vaststelling-strategie",
        project=led_project,
        steps=["Stuurgroep stemt in", "College geeft vrij", "Raad stelt vast"],
        municipalities=municipalities.values(),
    )


@pytest.fixture
def gov_counts(db):
    """Rows of every governance, audit and portfolio model: compare two calls."""
    from django.apps import apps

    def count() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label in {"governance", "audit", "portfolio", "programme"}
        }

    return count


@pytest.fixture(autouse=True)
def english_messages():
    """Service and selector messages in these tests are read in English, the source
    language; pages choose their language per request (Dutch unless asked otherwise)."""
    from django.utils import translation

    with translation.override("en"):
        yield
