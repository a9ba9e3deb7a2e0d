"""Forum fixtures, set up through the real services (actor None: the platform)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from economie071.forum import services
from economie071.forum.constants import FORUM_MODERATORS_GROUP
from tests.factories import PillarFactory, ThemeFactory, UserFactory


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def theme(programme):
    return ThemeFactory(programme=programme, slug="circulaire-economie", name="Circulaire Economie")


@pytest.fixture
def pillar(programme):
    return PillarFactory(programme=programme, slug="verbinden", name="verbinden", number=3)


@pytest.fixture
def topic(programme, theme):
    return services.topic_create(
        programme=programme,
        actor=None,
        name="Circulair bouwen",
        slug="circulair-bouwen",
        description="Kennis over circulaire sloop en bouw.",
        theme=theme,
    )


@pytest.fixture
def other_topic(programme, pillar):
    return services.topic_create(
        programme=programme,
        actor=None,
        name="Onderwijs en arbeidsmarkt",
        slug="onderwijs-arbeidsmarkt",
        pillar=pillar,
    )


@pytest.fixture
def moderator_user(db):
    user = UserFactory(username="moderator", first_name="Mo", last_name="Derator")
    group, _created = Group.objects.get_or_create(name=FORUM_MODERATORS_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def asker(db):
    return UserFactory(username="vragensteller", first_name="Vera", last_name="Vraag")


@pytest.fixture
def answerer(db):
    return UserFactory(username="antwoorder", first_name="Anton", last_name="Woord")


@pytest.fixture
def question(topic, asker):
    return services.question_ask(
        topic=topic,
        actor=asker,
        title="Wie heeft ervaring met circulair slopen?",
        body="We verbouwen ons pand en willen **materialen hergebruiken**.",
    )


@pytest.fixture
def answer(question, answerer):
    return services.answer_post(
        question=question, actor=answerer, body="Maak eerst een inventarisatie van materialen."
    )
