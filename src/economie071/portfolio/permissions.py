"""Who may do what in the portfolio. Views, API and services all ask here.

The roles: the programme office may do everything; a project leader edits the cards of
their own projects; a steering group member reads everything, submitted cards included;
everyone else (the public) reads published cards only.
"""

from django.utils import timezone

from economie071.core.groups import is_programme_office, is_steering_group
from economie071.portfolio.constants import (
    APPROVABLE_STATUSES,
    CORRECTABLE_STATUSES,
    FROZEN_CARD_MESSAGES,
    PUBLISHABLE_STATUSES,
    RETURNABLE_STATUSES,
    SUBMITTABLE_STATUSES,
    CardStatus,
    RoleKind,
)


def can_read_unpublished(user) -> bool:
    """Office and steering group see every card in every state."""
    return is_programme_office(user) or is_steering_group(user)


def led_project_ids(user) -> set[int]:
    """The projects in which the user currently holds the project leader role."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_e071_led_projects", None)
    if cache is None:
        from economie071.portfolio.models import Role

        today = timezone.localdate()
        cache = set(
            Role.objects.filter(kind=RoleKind.PROJECT_LEADER, person__user=user)
            .exclude(ends_on__lt=today)
            .exclude(starts_on__gt=today)
            .values_list("project_id", flat=True)
        )
        user._e071_led_projects = cache
    return cache


def is_project_leader(user, project) -> bool:
    return project.pk in led_project_ids(user)


def can_view_card(user, card) -> bool:
    """May the user read this card's working copy (not only its published revision)?"""
    return can_read_unpublished(user) or is_project_leader(user, card.project)


def can_edit_card(user, card) -> bool:
    if card.status == CardStatus.PUBLISHED:
        return False  # a published card changes only through a correction
    if is_programme_office(user):
        return True
    return is_project_leader(user, card.project) and card.editable_by_leader


def card_frozen_message(user, card) -> str:
    """Why `user` cannot edit `card` now, though they take part in editing it (as its project
    leader or the programme office): the card has moved on in the round. Empty when they may
    edit it, or have no part in it (then the card is simply not theirs to edit)."""
    if can_edit_card(user, card):
        return ""
    if not (is_programme_office(user) or is_project_leader(user, card.project)):
        return ""
    return str(FROZEN_CARD_MESSAGES.get(card.status, ""))


def can_submit_card(user, card) -> bool:
    if card.status not in SUBMITTABLE_STATUSES:
        return False
    return is_programme_office(user) or is_project_leader(user, card.project)


def can_review_card(user, card) -> bool:
    """Approve, return, publish, correct: the programme office's part of the round."""
    return is_programme_office(user)


# The programme office's steps, each only from the states it can be taken from (what the
# card page offers; the services check the same states).


def can_approve_card(user, card) -> bool:
    return can_review_card(user, card) and card.status in APPROVABLE_STATUSES


def can_publish_card(user, card) -> bool:
    return can_review_card(user, card) and card.status in PUBLISHABLE_STATUSES


def can_return_card(user, card) -> bool:
    return can_review_card(user, card) and card.status in RETURNABLE_STATUSES


def can_correct_card(user, card) -> bool:
    return can_review_card(user, card) and card.status in CORRECTABLE_STATUSES


def can_manage_portfolio(user) -> bool:
    """Open periods, change phases and roles, keep budgets."""
    return is_programme_office(user)
