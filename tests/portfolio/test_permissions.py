"""Who may do what (portfolio/permissions.py): one matrix of users × checks × card states."""

import pytest
from django.contrib.auth import get_user_model

from economie071.portfolio import permissions
from economie071.portfolio.constants import CardStatus, RoleKind
from tests.factories import ProjectCardFactory, RoleFactory, UserFactory, days_from_today

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "plain", "office", "steering", "leader", "other_leader", "former_leader"]
STATUSES = [s.value for s in CardStatus]
USER_FIXTURES = {
    "anonymous": "anonymous_user",
    "plain": "plain_user",
    "office": "office_user",
    "steering": "steering_user",
    "leader": "leader_user",
    "other_leader": "other_leader_user",
    "former_leader": "former_leader_user",
}


@pytest.fixture
def user_named(request):
    def get(name):
        return request.getfixturevalue(USER_FIXTURES[name])

    return get


@pytest.fixture
def card_in(led_project, period):
    """The card of `led_project` in a given state, reached through the real workflow."""

    def make(status):
        return ProjectCardFactory(project=led_project, period=period, workflow=status)

    return make


def expected_view(user):
    return user in {"office", "steering", "leader"}


def expected_edit(user, status):
    if status == CardStatus.PUBLISHED:
        return False
    if user == "office":
        return True
    return user == "leader" and status in {CardStatus.DRAFT, CardStatus.RETURNED}


def expected_submit(user, status):
    return user in {"office", "leader"} and status in {CardStatus.DRAFT, CardStatus.RETURNED}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("user", USERS)
def test_card_permission_matrix(user_named, card_in, user, status):
    card = card_in(status)
    who = user_named(user)

    assert permissions.can_view_card(who, card) is expected_view(user)
    assert permissions.can_edit_card(who, card) is expected_edit(user, status)
    assert permissions.can_submit_card(who, card) is expected_submit(user, status)
    assert permissions.can_review_card(who, card) is (user == "office")


@pytest.mark.parametrize("user", USERS)
def test_only_the_programme_office_manages_the_portfolio(user_named, led_project, user):
    assert permissions.can_manage_portfolio(user_named(user)) is (user == "office")


@pytest.mark.parametrize("user", USERS)
def test_office_and_steering_group_read_unpublished_cards(user_named, led_project, user):
    assert permissions.can_read_unpublished(user_named(user)) is (user in {"office", "steering"})


def test_a_superuser_counts_as_programme_office(card):
    superuser = UserFactory(is_superuser=True)

    assert permissions.can_review_card(superuser, card)
    assert permissions.can_manage_portfolio(superuser)


def test_a_leader_role_that_starts_later_gives_no_rights_yet(card):
    future = UserFactory()
    RoleFactory(
        project=card.project,
        kind=RoleKind.PROJECT_LEADER,
        person__user=future,
        starts_on=days_from_today(1),
    )

    assert not permissions.can_edit_card(future, card)


def test_other_roles_in_the_project_give_no_edit_rights(card):
    member = UserFactory()
    RoleFactory(project=card.project, kind=RoleKind.WORKING_GROUP_MEMBER, person__user=member)

    assert not permissions.can_view_card(member, card)
    assert not permissions.can_edit_card(member, card)


def test_a_role_ending_today_still_counts(card):
    leaving = UserFactory()
    RoleFactory(
        project=card.project,
        kind=RoleKind.PROJECT_LEADER,
        person__user=leaving,
        ends_on=days_from_today(0),
    )

    assert permissions.can_edit_card(leaving, card)


def test_led_projects_are_those_with_a_current_leader_role(leader_user, led_project, other_project):
    fresh = get_user_model().objects.get(pk=leader_user.pk)

    assert permissions.led_project_ids(fresh) == {led_project.pk}


# The programme office's steps and the states each is offered in (and the services accept).
OFFICE_STEPS = {
    "approve": (permissions.can_approve_card, {CardStatus.SUBMITTED}),
    "publish": (permissions.can_publish_card, {CardStatus.APPROVED}),
    "return": (permissions.can_return_card, {CardStatus.SUBMITTED, CardStatus.APPROVED}),
    "correct": (permissions.can_correct_card, {CardStatus.PUBLISHED}),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("user", ["office", "steering", "leader"])
def test_the_office_steps_are_offered_only_in_their_states(user_named, card_in, user, status):
    card = card_in(status)
    who = user_named(user)

    for name, (check, states) in OFFICE_STEPS.items():
        assert check(who, card) is (user == "office" and status in states), name


@pytest.mark.parametrize(
    ("user", "status", "told"),
    [
        ("leader", CardStatus.DRAFT, None),
        ("leader", CardStatus.SUBMITTED, CardStatus.SUBMITTED),
        ("leader", CardStatus.APPROVED, CardStatus.APPROVED),
        ("leader", CardStatus.PUBLISHED, CardStatus.PUBLISHED),
        ("office", CardStatus.SUBMITTED, None),
        ("office", CardStatus.PUBLISHED, CardStatus.PUBLISHED),
        ("steering", CardStatus.SUBMITTED, None),
        ("other_leader", CardStatus.SUBMITTED, None),
    ],
)
def test_why_a_card_is_frozen_is_told_to_those_who_edit_it(user_named, card_in, user, status, told):
    from economie071.portfolio.constants import FROZEN_CARD_MESSAGES

    message = permissions.card_frozen_message(user_named(user), card_in(status))

    assert message == (str(FROZEN_CARD_MESSAGES[told]) if told else "")


@pytest.mark.parametrize("status", STATUSES)
def test_a_leader_may_edit_a_draft_or_returned_card(card_in, status):
    assert card_in(status).editable_by_leader is (status in {CardStatus.DRAFT, CardStatus.RETURNED})
