"""What the forms of every app share: a service's refusal shown on the form, and the date
and time widgets and help text every form uses the same way."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Browsers' date and time pickers need ISO values whatever the language of the page.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})

MARKDOWN_HELP = _("Markdown: *italic*, **bold**, lists with “- ”, links as [text](https://…).")


def error_message(error: ValidationError) -> str:
    """A service's refusal as one text, its messages joined: for a message on the page, or
    for a form field chosen by the view."""
    return " ".join(error.messages)


def apply_error(form, error: ValidationError, *, aliases: Mapping[str, str] | None = None):
    """Show a service's refusal next to the field it is about, or above the form.

    The services name the field a refusal is about in the error's ``code``
    (``GovernanceError(message, code="date")``). When the form has a field of that name the
    message goes there; without a code, or with one the form has no field for, it is an
    error of the whole form. `aliases` maps a service's name to the form's where the two
    differ (``{"starts_at": "starts"}``).
    """
    code = getattr(error, "code", None)
    code = (aliases or {}).get(code, code)
    field = code if code in form.fields else None
    form.add_error(field, error_message(error))
