"""Forms of the events pages. They only parse input; services check the rules."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from economie071.core.dates import DatePrecision
from economie071.core.forms import MARKDOWN_HELP, TIME_WIDGET
from economie071.events.constants import EventKind
from economie071.events.models import Event
from economie071.portfolio.models import Project
from economie071.programme.models import Organisation, Person, Pillar

DATETIME_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The confirmation and the cancel link are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(EventKind.choices)
        self.fields["pillar"].choices = everything + [
            (p.slug, p.name) for p in programme.pillars.order_by("number")
        ]


def _users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name (in the web address)"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to make one from the title."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DATETIME_WIDGET)
    time_known = forms.BooleanField(
        label=_("The time is known"),
        required=False,
        initial=True,
        help_text=_("Untick when only the date is known."),
    )
    date_precision = forms.ChoiceField(
        label=_("Date known to the"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_("For an event of the past known only by its month or year."),
    )
    date_note = forms.CharField(label=_("Note on the date"), max_length=300, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        help_text=_("Empty: no limit. When full, new registrations go on a waiting list."),
    )
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Empty: as soon as the event is published."),
    )
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Empty: when the event begins."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organised by"), queryset=Organisation.objects.order_by("name"), required=False
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars"),
        queryset=Pillar.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    managers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("The users who manage this event (besides the programme office)."),
    )
    is_example = forms.BooleanField(
        label=_("Example data"),
        required=False,
        help_text=_("Not a real event: it is labelled as an example everywhere."),
    )

    def __init__(self, *args, programme, can_name_organisers: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.filter(programme=programme)
        self.fields["pillars"].queryset = Pillar.objects.filter(programme=programme).order_by(
            "number"
        )
        if can_name_organisers:
            self.fields["managers"].queryset = _users()
        else:
            del self.fields["managers"]

    @staticmethod
    def initial_for(event: Event) -> dict:
        local = timezone.localtime
        return {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "description": event.description,
            "starts_at": local(event.starts_at),
            "ends_at": local(event.ends_at) if event.ends_at else None,
            "time_known": event.time_known,
            "date_precision": event.date_precision,
            "date_note": event.date_note,
            "venue": event.venue,
            "address": event.address,
            "capacity": event.capacity,
            "registration_opens_at": local(event.registration_opens_at)
            if event.registration_opens_at
            else None,
            "registration_closes_at": local(event.registration_closes_at)
            if event.registration_closes_at
            else None,
            "organisation": event.organisation,
            "projects": list(event.projects.all()),
            "pillars": list(event.pillars.all()),
            "managers": list(event.managers.all()),
            "is_example": event.is_example,
        }


class SessionForm(forms.Form):
    """A session on the event's (first) day: times only."""

    starts = forms.TimeField(label=_("Start time"), required=False, widget=TIME_WIDGET)
    ends = forms.TimeField(label=_("End time"), required=False, widget=TIME_WIDGET)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )
    speakers = forms.ModelMultipleChoiceField(
        label=_("Speakers"),
        queryset=Person.objects.select_related("organisation").order_by("name"),
        required=False,
        help_text=_("People in the register. Others: type their names below."),
    )
    speaker_names = forms.CharField(
        label=_("Other speakers"),
        max_length=300,
        required=False,
        help_text=_("Names of speakers who are not in the register, separated by commas."),
    )

    def session_values(self, event: Event) -> dict:
        """The cleaned data as the service takes it: times on the event's date."""
        data = self.cleaned_data
        day = timezone.localtime(event.starts_at).date()

        def on_day(value):
            if value is None:
                return None
            return timezone.make_aware(datetime.datetime.combine(day, value))

        return {
            "title": data["title"],
            "starts_at": on_day(data["starts"]),
            "ends_at": on_day(data["ends"]),
            "description": data["description"],
            "speakers": data["speakers"],
            "speaker_names": data["speaker_names"],
        }


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone who registered."),
    )
