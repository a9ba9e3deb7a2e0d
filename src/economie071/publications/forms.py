from django import forms
from django.utils.translation import gettext_lazy as _

from economie071.core.forms import DATE_WIDGET, MARKDOWN_HELP


class ForewordForm(forms.Form):
    text = forms.CharField(
        label=_("Foreword"), widget=forms.Textarea(attrs={"rows": 12}), help_text=MARKDOWN_HELP
    )
    author_name = forms.CharField(label=_("Author"), max_length=200)
    author_title = forms.CharField(
        label=_("Author's title"),
        max_length=200,
        required=False,
        help_text=_("For example: voorzitter Economie071"),
    )


class IssueForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Empty: “Projectenoverzicht <programme> <month year>”."),
    )
    issued_on = forms.DateField(label=_("Date of the edition"), widget=DATE_WIDGET)
    correction_reason = forms.CharField(
        label=_("What does this corrected edition change?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a new version of an edition that has been issued before."),
    )
