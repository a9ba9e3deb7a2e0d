"""Forms of the forum pages. They only parse and check input; services do the work (and
check again), so a form here never decides what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from economie071.forum.constants import (
    BODY_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REPORT_REASON_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from economie071.forum.models import Topic
from economie071.programme.models import Pillar, Theme

MARKDOWN_HELP = _(
    "Markdown: *italic*, **bold**, lists with “- ”, links as [text](https://…). "
    "HTML is not allowed. Do not put e-mail addresses or phone numbers in your post."
)


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=100,
        help_text=_("Part of the web address: lower-case letters, digits and hyphens."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pillar = forms.ModelChoiceField(
        label=_("Pillar"), queryset=Pillar.objects.none(), required=False
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = programme.pillars.order_by("number")
        self.fields["theme"].queryset = programme.themes.order_by("order", "name")


class QuestionEditForm(forms.Form):
    """A question's title and text: what its author may change after asking."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Your question in one sentence."),
    )
    body = forms.CharField(
        label=_("Explanation"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )


class QuestionForm(QuestionEditForm):
    """A new question: its topic first, then what an edit may change."""

    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), empty_label=_("Choose a topic")
    )
    field_order = ["topic", "title", "body"]

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class AnswerForm(forms.Form):
    """An answer, new or edited by its author."""

    body = forms.CharField(
        label=_("Your answer"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )


class ReasonForm(forms.Form):
    """Why a moderator hides a post; readers who are moderators see it."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Moderators see this reason with the hidden post."),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=REPORT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the moderators read your report."),
    )


class HandleReportForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=REASON_MAX_LENGTH, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=SEARCH_MAX_LENGTH, required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.none(),
        required=False,
        empty_label=_("All topics"),
        to_field_name="slug",
    )
    solved = forms.ChoiceField(
        label=_("Solved"),
        required=False,
        choices=[("", _("All questions")), ("ja", _("Solved")), ("nee", _("Not solved yet"))],
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics

    def solved_value(self) -> bool | None:
        return {"ja": True, "nee": False}.get(self.cleaned_data.get("solved") or "")
