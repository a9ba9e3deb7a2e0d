"""Every write to the forum: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``forum.<entity>.<verb>``).

`actor` is the user doing it. For posting (asking, answering, following, reporting) the
actor is the author and must be a logged-in user. For managing topics and moderating,
None means the platform itself (the demo loader), which is trusted. Every check runs
before anything is written, so a refused request leaves the database as it was; a refusal
is a ForumError whose ``code`` names the field.

Followers hear of new questions in a topic and new answers to a question by e-mail, never
the person who wrote the post; the mails are written to the outbox (economie071.core.mail)
with the post and sent once the transaction commits.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import throttle
from economie071.core.mail import mail_send
from economie071.forum import permissions
from economie071.forum.constants import (
    BODY_MAX_LENGTH,
    POST_THROTTLE_SCOPES,
    REASON_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    UNSUBSCRIBE_SALT,
    ReportState,
)
from economie071.forum.exceptions import ForumError, Locked, NotAllowed, RateLimited
from economie071.forum.models import AbuseReport, Answer, Follow, PostVersion, Question, Topic
from economie071.programme.models import Pillar, Programme, Theme

# --- Checks ----------------------------------------------------------------------------------


def _error(message: str, field: str) -> ForumError:
    return ForumError(message, code=field)


def _require_poster(actor) -> None:
    if not permissions.can_post(actor):
        raise NotAllowed(_("Log in to post on the forum."), code="not_allowed")


def _require_moderator(actor) -> None:
    if actor is not None and not permissions.is_moderator(actor):
        raise NotAllowed(_("Only forum moderators may do this."), code="not_allowed")


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise _error(_("Title: required."), "title")
    if len(title) < TITLE_MIN_LENGTH:
        raise _error(
            _("Title: use at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}, "title"
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise _error(
            _("Title: use at most %(max)d characters (this one has %(length)d).")
            % {"max": TITLE_MAX_LENGTH, "length": len(title)},
            "title",
        )
    return title


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise _error(_("Text: required."), "body")
    if len(body) > BODY_MAX_LENGTH:
        raise _error(
            _("Text: use at most %(max)d characters (this one has %(length)d).")
            % {"max": BODY_MAX_LENGTH, "length": len(body)},
            "body",
        )
    return body


def _clean_reason(reason: str, *, maximum: int = REASON_MAX_LENGTH) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise _error(_("Reason: required."), "reason")
    if len(reason) > maximum:
        raise _error(_("Reason: use at most %(max)d characters.") % {"max": maximum}, "reason")
    return reason


def _require_open_topic(topic: Topic) -> None:
    if topic.locked:
        raise Locked(
            _("The topic “%(topic)s” is locked: it takes no new questions or answers.")
            % {"topic": topic.name},
            code="topic",
        )


def _require_open_question(question: Question) -> None:
    if question.hidden:
        raise Locked(_("This question has been hidden: it takes no answers."), code="body")
    if question.locked:
        raise Locked(_("This question is locked: it takes no new answers."), code="body")
    if question.topic.locked:
        raise Locked(
            _("The topic “%(topic)s” is locked: it takes no new answers.")
            % {"topic": question.topic.name},
            code="body",
        )


def _require_post_allowance(actor) -> None:
    """Refuse a new post when its author is at a rate limit (without counting it)."""
    for scope in POST_THROTTLE_SCOPES:
        if throttle.exceeded(scope, str(actor.pk)):
            minutes = throttle.window_minutes(scope)
            if minutes >= 120:
                message = _(
                    "You have posted as many messages as the forum takes in %(hours)d hours. "
                    "Please try again later; your text has been kept below."
                ) % {"hours": minutes // 60}
            else:
                message = _(
                    "You have posted as many messages as the forum takes in %(minutes)d "
                    "minutes. Please wait a few minutes and try again; your text has been "
                    "kept below."
                ) % {"minutes": minutes}
            raise RateLimited(message, code="body")


def _count_post(actor) -> None:
    for scope in POST_THROTTLE_SCOPES:
        throttle.hit(scope, str(actor.pk))


# --- Topics ----------------------------------------------------------------------------------


def topic_create(
    *,
    programme: Programme,
    actor: User | None,
    name: str,
    slug: str,
    description: str = "",
    pillar: Pillar | None = None,
    theme: Theme | None = None,
    order: int = 0,
) -> Topic:
    _require_moderator(actor)
    name = " ".join((name or "").split())
    if not name:
        raise _error(_("Name: required."), "name")
    if not slug:
        raise _error(_("Slug: required."), "slug")
    if pillar is not None and pillar.programme_id != programme.pk:
        raise _error(_("Pillar: belongs to another programme."), "pillar")
    if theme is not None and theme.programme_id != programme.pk:
        raise _error(_("Theme: belongs to another programme."), "theme")
    if Topic.objects.filter(programme=programme, slug=slug).exists():
        raise _error(
            _("Slug: there is already a topic with the short name “%(slug)s”.") % {"slug": slug},
            "slug",
        )
    with transaction.atomic():
        topic = Topic.objects.create(
            programme=programme,
            name=name,
            slug=slug,
            description=(description or "").strip(),
            pillar=pillar,
            theme=theme,
            order=order,
        )
        audit_record(action="forum.topic.created", actor=actor, target=topic, summary=name)
    return topic


def _topic_set_locked(*, topic: Topic, actor, locked: bool) -> Topic:
    _require_moderator(actor)
    with transaction.atomic():
        topic = Topic.objects.select_for_update().get(pk=topic.pk)
        if topic.locked == locked:
            return topic
        topic.locked = locked
        topic.save(update_fields=["locked"])
        audit_record(
            action="forum.topic.locked" if locked else "forum.topic.unlocked",
            actor=actor,
            target=topic,
            summary=topic.name,
        )
    return topic


def topic_lock(*, topic: Topic, actor: User | None) -> Topic:
    return _topic_set_locked(topic=topic, actor=actor, locked=True)


def topic_unlock(*, topic: Topic, actor: User | None) -> Topic:
    return _topic_set_locked(topic=topic, actor=actor, locked=False)


# --- Questions and answers -------------------------------------------------------------------


def question_ask(
    *,
    topic: Topic,
    actor: User,
    title: str,
    body: str,
    is_example: bool = False,
    notify: bool = True,
    rate_limited: bool = True,
) -> Question:
    """Ask a question; its author follows it, and the topic's followers hear of it.

    `notify=False` and `rate_limited=False` are for the demo loader, which should not
    send e-mail nor count its example posts against the example authors.
    """
    _require_poster(actor)
    _require_open_topic(topic)
    title = _clean_title(title)
    body = _clean_body(body)
    if rate_limited:
        _require_post_allowance(actor)
    with transaction.atomic():
        question = Question.objects.create(
            topic=topic,
            author=actor,
            title=title,
            body=body,
            last_activity_at=timezone.now(),
            is_example=is_example,
        )
        Follow.objects.get_or_create(user=actor, question=question)
        audit_record(
            action="forum.question.asked",
            actor=actor,
            target=question,
            summary=title,
            data={"topic": topic.slug, "is_example": is_example},
        )
        if notify:
            _notify_new_question(question)
    if rate_limited:
        _count_post(actor)
    return question


def answer_post(
    *,
    question: Question,
    actor: User,
    body: str,
    is_example: bool = False,
    notify: bool = True,
    rate_limited: bool = True,
) -> Answer:
    """Answer a question that is open; the question's followers hear of it."""
    _require_poster(actor)
    body = _clean_body(body)
    if rate_limited:
        _require_post_allowance(actor)
    with transaction.atomic():
        # Lock the question row: a moderator locking it meanwhile wins or waits.
        question = Question.objects.select_for_update().select_related("topic").get(pk=question.pk)
        _require_open_question(question)
        answer = Answer.objects.create(
            question=question, author=actor, body=body, is_example=is_example
        )
        Question.objects.filter(pk=question.pk).update(last_activity_at=answer.created_at)
        audit_record(
            action="forum.answer.posted",
            actor=actor,
            target=answer,
            summary=question.title,
            data={"question": question.pk, "is_example": is_example},
        )
        if notify:
            _notify_new_answer(answer)
    if rate_limited:
        _count_post(actor)
    return answer


def _require_editable(post, *, actor, question: Question) -> None:
    """Only the author edits a post, and only while it is in view and open: an edit never
    brings back what a moderator hid, nor changes a locked conversation."""
    if not permissions.can_edit(actor, post, question=question):
        if not permissions.is_logged_in(actor) or post.author_id != actor.pk:
            raise NotAllowed(_("Only the author may edit this post."), code="not_allowed")
        if post.hidden or question.hidden:
            raise Locked(
                _("This post has been hidden by a moderator; it can no longer be edited."),
                code="body",
            )
        raise Locked(
            _("This question or its topic is locked; its posts can no longer be edited."),
            code="body",
        )


def _keep_version(*, post, title: str, actor, now) -> PostVersion:
    return PostVersion.objects.create(
        question=post if isinstance(post, Question) else None,
        answer=post if isinstance(post, Answer) else None,
        title=title,
        body=post.body,
        written_at=post.edited_at or post.created_at,
        replaced_at=now,
        replaced_by=actor,
    )


def question_edit(*, question: Question, actor: User, title: str, body: str) -> Question:
    """The author changes their question's title or text; the version before is kept for
    moderators, and the question shows when it was edited. An unchanged text is no edit."""
    _require_poster(actor)
    title = _clean_title(title)
    body = _clean_body(body)
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("topic").get(pk=question.pk)
        _require_editable(question, actor=actor, question=question)
        if question.title == title and question.body == body:
            return question
        now = timezone.now()
        version = _keep_version(post=question, title=question.title, actor=actor, now=now)
        question.title = title
        question.body = body
        question.edited_at = now
        question.save(update_fields=["title", "body", "body_html", "edited_at", "updated_at"])
        audit_record(
            action="forum.question.edited",
            actor=actor,
            target=question,
            summary=title,
            data={"version": version.pk},
        )
    return question


def answer_edit(*, answer: Answer, actor: User, body: str) -> Answer:
    """The author changes their answer's text; the version before is kept for moderators."""
    _require_poster(actor)
    body = _clean_body(body)
    with transaction.atomic():
        question = (
            Question.objects.select_for_update().select_related("topic").get(pk=answer.question_id)
        )
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        _require_editable(answer, actor=actor, question=question)
        if answer.body == body:
            return answer
        now = timezone.now()
        version = _keep_version(post=answer, title="", actor=actor, now=now)
        answer.body = body
        answer.edited_at = now
        answer.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
        audit_record(
            action="forum.answer.edited",
            actor=actor,
            target=answer,
            summary=question.title,
            data={"question": question.pk, "version": version.pk},
        )
    answer.question = question
    return answer


def answer_accept(*, answer: Answer, actor: User | None) -> Question:
    """Mark the answer as the question's solution (replacing an earlier one)."""
    question = answer.question
    if actor is not None and not permissions.can_accept(actor, question):
        raise NotAllowed(
            _("Only the person who asked the question, or a moderator, marks the solution."),
            code="not_allowed",
        )
    if answer.hidden:
        raise _error(_("A hidden answer cannot be the solution."), "answer")
    if question.hidden:
        raise _error(_("This question has been hidden."), "answer")
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.accepted_answer_id == answer.pk:
            return question
        previous = question.accepted_answer_id
        question.accepted_answer = answer
        question.save(update_fields=["accepted_answer", "updated_at"])
        audit_record(
            action="forum.answer.accepted",
            actor=actor,
            target=answer,
            summary=question.title,
            data={"question": question.pk, "previous": previous},
        )
    return question


def answer_unaccept(*, question: Question, actor: User | None) -> Question:
    """The question has no solution (any more)."""
    if actor is not None and not permissions.can_accept(actor, question):
        raise NotAllowed(
            _("Only the person who asked the question, or a moderator, marks the solution."),
            code="not_allowed",
        )
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.accepted_answer_id is None:
            return question
        previous = question.accepted_answer_id
        question.accepted_answer = None
        question.save(update_fields=["accepted_answer", "updated_at"])
        audit_record(
            action="forum.answer.unaccepted",
            actor=actor,
            target=question,
            summary=question.title,
            data={"previous": previous},
        )
    return question


# --- Moderation ------------------------------------------------------------------------------


def question_hide(*, question: Question, actor: User | None, reason: str) -> Question:
    _require_moderator(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.hidden:
            raise _error(_("This question is already hidden."), "reason")
        question.hidden = True
        question.hidden_reason = reason
        question.save(update_fields=["hidden", "hidden_reason", "updated_at"])
        audit_record(
            action="forum.question.hidden",
            actor=actor,
            target=question,
            summary=question.title,
            data={"reason": reason},
        )
    return question


def question_unhide(*, question: Question, actor: User | None) -> Question:
    _require_moderator(actor)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not question.hidden:
            return question
        previous = question.hidden_reason
        question.hidden = False
        question.hidden_reason = ""
        question.save(update_fields=["hidden", "hidden_reason", "updated_at"])
        audit_record(
            action="forum.question.shown",
            actor=actor,
            target=question,
            summary=question.title,
            data={"hidden_reason": previous},
        )
    return question


def answer_hide(*, answer: Answer, actor: User | None, reason: str) -> Answer:
    """Hide an answer; if it was the solution, the question has no solution any more."""
    _require_moderator(actor)
    reason = _clean_reason(reason)
    with transaction.atomic():
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        if answer.hidden:
            raise _error(_("This answer is already hidden."), "reason")
        answer.hidden = True
        answer.hidden_reason = reason
        answer.save(update_fields=["hidden", "hidden_reason", "updated_at"])
        was_solution = bool(
            Question.objects.filter(pk=answer.question_id, accepted_answer=answer).update(
                accepted_answer=None
            )
        )
        audit_record(
            action="forum.answer.hidden",
            actor=actor,
            target=answer,
            summary=str(answer.question),
            data={"reason": reason, "was_solution": was_solution},
        )
    return answer


def answer_unhide(*, answer: Answer, actor: User | None) -> Answer:
    _require_moderator(actor)
    with transaction.atomic():
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        if not answer.hidden:
            return answer
        previous = answer.hidden_reason
        answer.hidden = False
        answer.hidden_reason = ""
        answer.save(update_fields=["hidden", "hidden_reason", "updated_at"])
        audit_record(
            action="forum.answer.shown",
            actor=actor,
            target=answer,
            summary=str(answer.question),
            data={"hidden_reason": previous},
        )
    return answer


def _question_set_locked(*, question: Question, actor, locked: bool) -> Question:
    _require_moderator(actor)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.locked == locked:
            return question
        question.locked = locked
        question.save(update_fields=["locked", "updated_at"])
        audit_record(
            action="forum.question.locked" if locked else "forum.question.unlocked",
            actor=actor,
            target=question,
            summary=question.title,
        )
    return question


def question_lock(*, question: Question, actor: User | None) -> Question:
    return _question_set_locked(question=question, actor=actor, locked=True)


def question_unlock(*, question: Question, actor: User | None) -> Question:
    return _question_set_locked(question=question, actor=actor, locked=False)


def abuse_report(
    *, actor: User, reason: str, question: Question | None = None, answer: Answer | None = None
) -> AbuseReport:
    """Any logged-in user reports a question or an answer; once per open report."""
    _require_poster(actor)
    if (question is None) == (answer is None):
        raise _error(_("Report a question or an answer."), "reason")
    reason = _clean_reason(reason, maximum=REPORT_REASON_MAX_LENGTH)
    target = question or answer
    already = AbuseReport.objects.filter(
        reporter=actor, question=question, answer=answer, state=ReportState.OPEN
    )
    if already.exists():
        raise _error(_("You have already reported this; a moderator will look at it."), "reason")
    with transaction.atomic():
        report = AbuseReport.objects.create(
            reporter=actor, question=question, answer=answer, reason=reason
        )
        audit_record(
            action="forum.report.filed",
            actor=actor,
            target=report,
            summary=str(target),
            data={"question": getattr(question, "pk", None), "answer": getattr(answer, "pk", None)},
        )
    return report


def report_handle(*, report: AbuseReport, actor: User | None, note: str = "") -> AbuseReport:
    _require_moderator(actor)
    note = (note or "").strip()
    if len(note) > REASON_MAX_LENGTH:
        raise _error(
            _("Note: use at most %(max)d characters.") % {"max": REASON_MAX_LENGTH}, "note"
        )
    with transaction.atomic():
        report = AbuseReport.objects.select_for_update().get(pk=report.pk)
        if report.state == ReportState.HANDLED:
            raise _error(_("This report has already been handled."), "note")
        report.state = ReportState.HANDLED
        report.handled_by = actor if permissions.is_logged_in(actor) else None
        report.handled_at = timezone.now()
        report.handling_note = note
        report.save(update_fields=["state", "handled_by", "handled_at", "handling_note"])
        audit_record(
            action="forum.report.handled",
            actor=actor,
            target=report,
            summary=report.reason[:100],
            data={"note": note},
        )
    return report


# --- Following -------------------------------------------------------------------------------


def _follow(*, actor, topic: Topic | None = None, question: Question | None = None) -> Follow:
    _require_poster(actor)
    existing = Follow.objects.filter(user=actor, topic=topic, question=question).first()
    if existing is not None:
        return existing
    target = topic or question
    try:
        with transaction.atomic():
            follow = Follow.objects.create(user=actor, topic=topic, question=question)
            audit_record(
                action="forum.follow.started", actor=actor, target=follow, summary=str(target)
            )
    except IntegrityError:  # a second click at the same moment
        return Follow.objects.get(user=actor, topic=topic, question=question)
    return follow


def _unfollow(*, actor, topic: Topic | None = None, question: Question | None = None) -> None:
    _require_poster(actor)
    follow = Follow.objects.filter(user=actor, topic=topic, question=question).first()
    if follow is not None:
        _follow_delete(follow, actor)


def _follow_delete(follow: Follow, actor) -> None:
    with transaction.atomic():
        audit_record(
            action="forum.follow.stopped",
            actor=actor,
            target=follow,
            summary=str(follow.topic or follow.question),
        )
        follow.delete()


def topic_follow(*, topic: Topic, actor: User) -> Follow:
    return _follow(actor=actor, topic=topic)


def topic_unfollow(*, topic: Topic, actor: User) -> None:
    _unfollow(actor=actor, topic=topic)


def question_follow(*, question: Question, actor: User) -> Follow:
    return _follow(actor=actor, question=question)


def question_unfollow(*, question: Question, actor: User) -> None:
    _unfollow(actor=actor, question=question)


def unsubscribe_token(follow: Follow) -> str:
    return signing.dumps({"follow": follow.pk}, salt=UNSUBSCRIBE_SALT)


def follow_from_token(token: str) -> Follow | None:
    """The follow an unsubscribe link stands for; None once it has been removed."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        pk = int(data["follow"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise _error(_("This unsubscribe link is not valid."), "token") from None
    return Follow.objects.select_related("topic", "question").filter(pk=pk).first()


def follow_stop_by_token(*, token: str) -> Follow | None:
    """The unsubscribe link in an e-mail: the follow's own user stops it, without login."""
    follow = follow_from_token(token)
    if follow is not None:
        _follow_delete(follow, follow.user)
    return follow


# --- Notifications ---------------------------------------------------------------------------


def _site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _send(
    follows, author_id, subject: str, template: str, context: dict, *, topic: str, reference: int
) -> None:
    """One e-mail per follower (each with their own unsubscribe link), never to the author;
    through the outbox, so they go once the post is committed."""
    site = _site_url()
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for follow in follows:
            user = follow.user
            if user.pk == author_id or not user.email or not user.is_active:
                continue
            link = site + reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(follow)})
            body = render_to_string(template, {**context, "site": site, "unsubscribe_url": link})
            messages.append(
                EmailMessage(
                    str(subject),
                    body,
                    None,
                    [user.email],
                    headers={"List-Unsubscribe": f"<{link}>"},
                )
            )
    mail_send(messages=messages, topic=topic, reference=reference)


def _notify_new_question(question: Question) -> None:
    if question.hidden:
        return
    follows = Follow.objects.filter(topic=question.topic).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Forum071: new question in %(topic)s") % {"topic": question.topic.name}
    _send(
        follows,
        question.author_id,
        subject,
        "forum/email/new_question.txt",
        {
            "question": question,
            "url": _site_url() + reverse("forum:question", kwargs={"pk": question.pk}),
        },
        topic="forum.question.asked",
        reference=question.pk,
    )


def _notify_new_answer(answer: Answer) -> None:
    if answer.hidden or answer.question.hidden:
        return
    follows = Follow.objects.filter(question=answer.question).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Forum071: new answer to “%(title)s”") % {"title": answer.question.title}
    _send(
        follows,
        answer.author_id,
        subject,
        "forum/email/new_answer.txt",
        {
            "answer": answer,
            "question": answer.question,
            "url": _site_url()
            + reverse("forum:question", kwargs={"pk": answer.question_id})
            + f"#antwoord-{answer.pk}",
        },
        topic="forum.answer.posted",
        reference=answer.pk,
    )
