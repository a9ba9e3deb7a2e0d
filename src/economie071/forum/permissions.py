"""Who may do what on the forum. Views, API and services all ask here.

Everyone reads (hidden posts excepted). A logged-in user asks, answers, follows and
reports abuse. The question's author marks an answer as the solution. Authors edit their
own posts while these are in view and open; the earlier versions are for moderators. Moderators (the
group FORUM_MODERATORS_GROUP) and the programme office, which may do everything, hide and
show posts, lock and unlock questions and topics, handle reports and manage topics.
"""

from economie071.core.groups import is_programme_office
from economie071.forum.constants import FORUM_MODERATORS_GROUP


def _group_names(user) -> set[str]:
    # Same per-request cache the portfolio's permissions keep: one query per user.
    cache = getattr(user, "_e071_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._e071_groups = cache
    return cache


def is_logged_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", False)
    )


def is_moderator(user) -> bool:
    if not is_logged_in(user):
        return False
    return is_programme_office(user) or (FORUM_MODERATORS_GROUP in _group_names(user))


def can_post(user) -> bool:
    """Ask, answer, follow, report: any logged-in user."""
    return is_logged_in(user)


def can_see_hidden(user) -> bool:
    return is_moderator(user)


def can_accept(user, question) -> bool:
    if not is_logged_in(user):
        return False
    return question.author_id == user.pk or is_moderator(user)


def is_closed_for_answers(question) -> bool:
    return question.locked or question.hidden or question.topic.locked


def can_answer(user, question) -> bool:
    return can_post(user) and not is_closed_for_answers(question)


def can_edit(user, post, *, question) -> bool:
    """The author edits their own question or answer while it is in view (not hidden, nor
    its question) and the conversation is open (question and topic not locked). Nobody
    else edits a post: moderators hide it instead."""
    if not is_logged_in(user) or post.author_id != user.pk:
        return False
    if post.hidden or question.hidden:
        return False
    return not (question.locked or question.topic.locked)


def can_see_versions(user) -> bool:
    """Earlier versions of edited posts: moderators only."""
    return is_moderator(user)
