"""A service's refusal on a form (core/forms.py): next to the field its code names, or above
the form, with all its messages."""

from django import forms
from django.core.exceptions import ValidationError

from economie071.core.forms import apply_error, error_message


class MeetingForm(forms.Form):
    date = forms.DateField(required=False)
    starts = forms.TimeField(required=False)


def bound_form() -> MeetingForm:
    form = MeetingForm(data={})
    assert form.is_valid()
    return form


def test_the_message_goes_next_to_the_field_the_code_names():
    form = bound_form()
    apply_error(form, ValidationError("Die dag is al voorbij.", code="date"))
    assert form.errors == {"date": ["Die dag is al voorbij."]}


def test_without_a_code_or_with_one_the_form_lacks_it_is_an_error_of_the_whole_form():
    form = bound_form()
    apply_error(form, ValidationError("Dit mag niet."))
    apply_error(form, ValidationError("Onbekend orgaan.", code="body"))
    assert form.non_field_errors() == ["Dit mag niet.", "Onbekend orgaan."]


def test_an_alias_maps_the_services_name_onto_the_forms():
    form = bound_form()
    error = ValidationError("Het begin ligt na het einde.", code="starts_at")
    apply_error(form, error, aliases={"starts_at": "starts"})
    assert form.errors == {"starts": ["Het begin ligt na het einde."]}


def test_all_messages_are_shown_as_one_text():
    error = ValidationError(["Eerste.", "Tweede."])
    assert error_message(error) == "Eerste. Tweede."
