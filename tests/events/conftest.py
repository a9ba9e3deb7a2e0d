"""Events fixtures, set up through the real services (actor None: the platform)."""

import datetime

import pytest
from django.utils import timezone

from economie071.events import services
from economie071.events.constants import EVENT_ORGANISER_GROUP
from tests.factories import PillarFactory, UserFactory


def at(days: int, hour: int = 14, minute: int = 0) -> datetime.datetime:
    """An aware datetime `days` from today at hour:minute (local time)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def pillar(programme):
    return PillarFactory(programme=programme, number=2, name="verdienen", slug="verdienen")


@pytest.fixture
def organiser_user(db):
    """In the event organisers group; manages `event` (see that fixture)."""
    return UserFactory(
        username="organisator",
        first_name="Olga",
        last_name="Organisator",
        groups=[EVENT_ORGANISER_GROUP],
    )


@pytest.fixture
def other_organiser_user(db):
    """An organiser of other events, not of `event`."""
    return UserFactory(username="andere-organisator", groups=[EVENT_ORGANISER_GROUP])


def make_event(programme, *, publish=True, **fields):
    values = {
        "title": "Startersdag Leidse regio",
        "kind": "startersdag",
        "starts_at": at(10, 15),
        "ends_at": at(10, 18),
        "venue": "PLNT",
        "address": "Langegracht 70, Leiden",
        "capacity": 2,
    }
    values.update(fields)
    event = services.event_create(programme=programme, actor=None, **values)
    if publish:
        services.event_publish(event=event, actor=None)
    return event


@pytest.fixture
def event(programme, organiser_user, other_project, pillar):
    """Published, two places, in ten days from 15:00 to 18:00; `organiser_user` manages it;
    linked to the Smart071 project (`other_project`) and a pillar."""
    return make_event(
        programme,
        slug="startersdag-2030",
        managers=[organiser_user],
        projects=[other_project],
        pillars=[pillar],
        description="Een **middag** voor starters.",
    )


def register(event, n: int, **kwargs):
    """Register n people (persoon1@example.org …) through the service."""
    return [
        services.registration_create(
            event=event, name=f"Persoon {i}", email=f"persoon{i}@example.org", **kwargs
        )
        for i in range(1, n + 1)
    ]
