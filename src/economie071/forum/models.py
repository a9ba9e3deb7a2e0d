"""Forum071: stakeholders find each other, ask questions and share knowledge.

Topics follow the programme's pillars and themes (circular building, education and the
labour market, starters…). Questions and answers are Markdown, rendered through the
platform's sanitiser. Moderators hide posts (with a reason that moderators see), lock
questions and topics, and handle reports of abuse. Every change goes through services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from economie071.core.markdown import RenderedMarkdownField
from economie071.forum.constants import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ReportState,
)

# A report or an earlier version belongs to exactly one post: a question or an answer.
QUESTION_OR_ANSWER = Q(question__isnull=False, answer__isnull=True) | Q(
    question__isnull=True, answer__isnull=False
)


class Topic(models.Model):
    """A subject of the forum, usually one of the programme's pillars or themes."""

    programme = models.ForeignKey(
        "programme.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="forum_topics",
    )
    pillar = models.ForeignKey(
        "programme.Pillar",
        verbose_name=_("pillar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    theme = models.ForeignKey(
        "programme.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_topics",
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new questions or answers in this topic.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="forum_topic_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_questions",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = RenderedMarkdownField(source="body")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When its author last changed the title or text (None: never); the earlier versions
    # are kept as PostVersion rows, for moderators.
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # The last time an answer was posted (or the question asked): lists sort on it.
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=REASON_MAX_LENGTH, blank=True
    )
    locked = models.BooleanField(_("locked"), default=False)
    accepted_answer = models.ForeignKey(
        "Answer",
        verbose_name=_("solution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_example = models.BooleanField(
        _("example content"), default=False, help_text=_("Demo content, labelled as an example.")
    )

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""),
                name="forum_question_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def solved(self) -> bool:
        return self.accepted_answer_id is not None


class Answer(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_answers",
    )
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = RenderedMarkdownField(source="body")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=REASON_MAX_LENGTH, blank=True
    )
    is_example = models.BooleanField(_("example content"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden=False) | ~Q(hidden_reason=""),
                name="forum_answer_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: #{self.pk}"


class PostVersion(models.Model):
    """An earlier version of a question or an answer, kept when its author edits it.

    Moderators read them (on the forum and in the admin), so an edit cannot make what
    was written disappear; other readers see only the current text and when it changed.
    `written_at` is when this version was posted or last edited; `replaced_at` when the
    edit that replaced it was saved.
    """

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versions",
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="versions",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    body_html = RenderedMarkdownField(source="body")
    written_at = models.DateTimeField(_("written at"))
    replaced_at = models.DateTimeField(_("replaced at"), db_index=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        constraints = [
            models.CheckConstraint(
                condition=QUESTION_OR_ANSWER,
                name="forum_version_one_post",
            ),
        ]

    def __str__(self) -> str:
        written = timezone.localtime(self.written_at)
        return f"{self.question or self.answer} ({written:%Y-%m-%d %H:%M})"

    @property
    def post(self):
        return self.question if self.question_id else self.answer


class Follow(models.Model):
    """A user follows a topic (new questions) or a question (new answers) by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="forum_follows",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(topic__isnull=False, question__isnull=True)
                    | Q(topic__isnull=True, question__isnull=False)
                ),
                name="forum_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forum_follow_unique_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="forum_follow_unique_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.topic or self.question}"


class AbuseReport(models.Model):
    """A user reports a question or an answer; a moderator handles the report."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_reports",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    answer = models.ForeignKey(
        Answer,
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.TextField(_("reason"), max_length=REPORT_REASON_MAX_LENGTH)
    state = models.CharField(
        pgettext_lazy("moderation", "state"),
        max_length=10,
        choices=ReportState.choices,
        default=ReportState.OPEN,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = models.CharField(_("note"), max_length=REASON_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [
            models.CheckConstraint(
                condition=QUESTION_OR_ANSWER,
                name="forum_report_one_target",
            ),
            models.CheckConstraint(
                condition=Q(state=ReportState.OPEN) | Q(handled_at__isnull=False),
                name="forum_report_handled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.question or self.answer}"

    @property
    def target(self):
        return self.question if self.question_id else self.answer

    @property
    def target_question(self) -> Question:
        return self.question if self.question_id else self.answer.question
