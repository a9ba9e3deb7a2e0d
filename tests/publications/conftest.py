"""Fixtures for the project overview tests (services, selectors, views, command).

Everything goes through the real services: cards are published through the workflow,
editions are issued by ``edition_issue``. Texts and figures are test data, not the
programme's.
"""

import datetime

import pytest

from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import Phase, StatusLight
from economie071.portfolio.models import ProjectCard
from economie071.publications import services
from tests.factories import PillarFactory, ProjectCardFactory, ProjectFactory, ThemeFactory

ISSUED_ON = datetime.date(2019, 11, 26)
RETAIL_TEXT = "De Retailmonitor 2019 is opgeleverd en besproken met de centrummanagers."
FOREWORD_TEXT = "Voor u ligt het **projectenoverzicht** van het tweede halfjaar van 2019."


def publish(project, period, **content) -> ProjectCard:
    """The project's card for the period, filled with `content` and walked to published."""
    return ProjectCardFactory(project=project, period=period, published=True, **content)


def republish(card, *, reason: str = "Correctie", **changes) -> ProjectCard:
    """Correct a published card: reopen it, change sections or fields, publish it again."""
    card = ProjectCard.objects.get(pk=card.pk)
    portfolio.card_start_correction(card=card, actor=None, reason=reason)
    card.refresh_from_db()
    content = portfolio.CardContent.from_card(card)
    for key, value in changes.items():
        if key in portfolio.CardContent.__dataclass_fields__ and key != "sections":
            setattr(content, key, value)
        else:
            content.sections[key] = value
    card = portfolio.card_update(
        card=card, actor=None, content=content, expected_version=card.version
    )
    portfolio.card_submit(card=card, actor=None)
    portfolio.card_approve(card=card, actor=None)
    return portfolio.card_publish(card=card, actor=None)


def add_published_projects(programme, period, count: int, *, start: int = 0, pillar=None):
    """`count` running projects ("Project 00", ...), each with a published card."""
    projects = []
    for n in range(start, start + count):
        project = ProjectFactory(
            programme=programme,
            name=f"Project {n:02d}",
            slug=f"project-{n:02d}",
            phase=Phase.RUNNING,
            pillars=[pillar] if pillar else [],
        )
        publish(project, period, last_half_year=f"Tekst van project {n:02d}.")
        projects.append(project)
    return projects


@pytest.fixture
def pillar(programme):
    return PillarFactory(
        programme=programme,
        slug="verleiden",
        name="verleiden",
        number=4,
        subtitle="Vestigingsklimaat",
        colour="#8a4b08",
    )


@pytest.fixture
def theme(programme):
    return ThemeFactory(programme=programme, slug="circulaire-economie", name="Circulaire Economie")


@pytest.fixture
def published_card(led_project, period, pillar):
    """The Retailvisie card of 2019-H2, published, with a quote and a key figure."""
    led_project.pillars.add(pillar)
    return publish(
        led_project,
        period,
        last_half_year=RETAIL_TEXT,
        next_steps="Actieplan fase 2 uitvoeren.",
        status_light=StatusLight.ON_TRACK,
        quote_text="Samen maken we de binnensteden sterker.",
        results=[{"label": "winkelgebieden gemonitord", "value": "12", "unit": "gebieden"}],
    )


@pytest.fixture
def foreword(period):
    return services.foreword_save(
        period=period,
        actor=None,
        text=FOREWORD_TEXT,
        author_name="Yvonne van Delft",
        author_title="voorzitter Economie071",
    )


@pytest.fixture
def edition(programme, period, published_card, foreword):
    """Version 1 of the 2019-H2 overview: the Retailvisie card and the foreword."""
    return services.edition_issue(
        programme=programme,
        period=period,
        actor=None,
        title="Projectenoverzicht test",
        issued_on=ISSUED_ON,
    )
