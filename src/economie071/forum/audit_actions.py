"""The sentence for each action this app writes to the audit log (see audit/actions.py)."""

from django.utils.translation import pgettext_lazy

from economie071.audit.actions import register_actions

register_actions(
    {
        "forum.topic.created": pgettext_lazy("audit action", "Topic created"),
        "forum.topic.locked": pgettext_lazy("audit action", "Topic closed"),
        "forum.topic.unlocked": pgettext_lazy("audit action", "Topic reopened"),
        "forum.question.asked": pgettext_lazy("audit action", "Question asked"),
        "forum.question.hidden": pgettext_lazy("audit action", "Question hidden"),
        "forum.question.shown": pgettext_lazy("audit action", "Question shown again"),
        "forum.question.locked": pgettext_lazy("audit action", "Question closed for answers"),
        "forum.question.unlocked": pgettext_lazy("audit action", "Question reopened for answers"),
        "forum.answer.posted": pgettext_lazy("audit action", "Answer posted"),
        "forum.answer.hidden": pgettext_lazy("audit action", "Answer hidden"),
        "forum.answer.shown": pgettext_lazy("audit action", "Answer shown again"),
        "forum.answer.accepted": pgettext_lazy("audit action", "Answer marked as the solution"),
        "forum.answer.unaccepted": pgettext_lazy(
            "audit action", "Answer no longer marked as the solution"
        ),
        "forum.follow.started": pgettext_lazy("audit action", "Started following"),
        "forum.follow.stopped": pgettext_lazy("audit action", "Stopped following"),
        "forum.report.filed": pgettext_lazy("audit action", "Message reported"),
        "forum.report.handled": pgettext_lazy("audit action", "Report handled"),
        "forum.question.edited": pgettext_lazy("audit action", "Question edited by its author"),
        "forum.answer.edited": pgettext_lazy("audit action", "Answer edited by its author"),
    }
)
