"""The factories reach their states through the real services, so other tests can trust them."""

import pytest

from economie071.audit.models import AuditEntry
from economie071.core.groups import is_programme_office, is_steering_group
from economie071.portfolio import permissions
from economie071.portfolio.constants import CardStatus, RoleKind
from economie071.portfolio.models import CardRevision
from tests.factories import BudgetLineFactory, ProjectCardFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("trait", "status", "actions"),
    [
        ("submitted", CardStatus.SUBMITTED, ["portfolio.card.submitted"]),
        ("returned", CardStatus.RETURNED, ["portfolio.card.submitted", "portfolio.card.returned"]),
        ("approved", CardStatus.APPROVED, ["portfolio.card.submitted", "portfolio.card.approved"]),
        (
            "published",
            CardStatus.PUBLISHED,
            ["portfolio.card.submitted", "portfolio.card.approved", "portfolio.card.published"],
        ),
    ],
)
def test_card_traits_walk_the_real_workflow(trait, status, actions):
    card = ProjectCardFactory(**{trait: True})

    card.refresh_from_db()
    assert card.status == status
    logged = list(
        AuditEntry.objects.filter(object_id=str(card.pk), action__in=actions)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert logged == actions


def test_published_trait_leaves_a_published_revision():
    card = ProjectCardFactory(published=True, last_half_year="Winkelstraten geteld.")

    revision = CardRevision.objects.get(card=card, published=True)
    assert revision.snapshot["last_half_year"] == "Winkelstraten geteld."


def test_card_factory_uses_the_draft_that_period_open_made(led_project, period):
    card = ProjectCardFactory(project=led_project, period=period)

    assert led_project.cards.filter(period=period).count() == 1
    assert card.status == CardStatus.DRAFT


def test_user_traits_and_leader_of():
    project = ProjectFactory()
    office = UserFactory(programme_office=True)
    steering = UserFactory(steering_group=True)
    leader = UserFactory(leader_of=project)

    assert is_programme_office(office)
    assert is_steering_group(steering) and not is_programme_office(steering)
    assert permissions.is_project_leader(leader, project)
    assert project.roles.get(kind=RoleKind.PROJECT_LEADER).person.user == leader


def test_budget_line_by_inhabitants_covers_the_region(programme, period, led_project):
    line = BudgetLineFactory(by_inhabitants=True, project=led_project, period=period)

    assert line.municipalities.count() == 6
    assert line.funder is None


def test_build_makes_unsaved_objects_without_touching_the_database(row_counts):
    before = row_counts()

    user = UserFactory.build(programme_office=True)
    project = ProjectFactory.build()

    assert user.pk is None and project.pk is None
    assert row_counts() == before
