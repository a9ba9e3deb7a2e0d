"""Who may do what in governance. Views and services ask here.

The programme office is every body's secretary: it manages bodies, meetings, proposals,
decisions and trails. A current member of a body reads that body's documents (agenda,
proposals, minutes, the meeting pack) before they are published. A project's leader reads
the proposals of their project. Everyone else sees published decisions and minutes only.
"""

from django.utils import timezone

from economie071.core.groups import is_programme_office
from economie071.portfolio import permissions as portfolio_permissions


def can_manage(user) -> bool:
    return is_programme_office(user)


def member_body_ids(user) -> set[int]:
    """The bodies in which the user (through their Person) holds a seat today."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_e071_member_bodies", None)
    if cache is None:
        from economie071.governance.models import Membership

        today = timezone.localdate()
        cache = set(
            Membership.objects.filter(person__user=user)
            .exclude(ends_on__lt=today)
            .exclude(starts_on__gt=today)
            .values_list("body_id", flat=True)
        )
        user._e071_member_bodies = cache
    return cache


def is_member(user, body) -> bool:
    return body.pk in member_body_ids(user)


def can_read_documents(user, body) -> bool:
    """Agenda, proposals, attendance, action items, unpublished minutes, the pack."""
    return can_manage(user) or is_member(user, body)


def can_read_minutes(user, meeting) -> bool:
    return meeting.minutes_published or can_read_documents(user, meeting.body)


def can_view_proposal(user, proposal, *, has_published_decision: bool = False) -> bool:
    return (
        has_published_decision
        or can_read_documents(user, proposal.body)
        or portfolio_permissions.is_project_leader(user, proposal.project)
    )
