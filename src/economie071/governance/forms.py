"""Forms of the governance pages. They only parse input; services check the rules."""

from django import forms
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from economie071.core.dates import DatePrecision
from economie071.core.forms import DATE_WIDGET, MARKDOWN_HELP, TIME_WIDGET
from economie071.governance.constants import (
    AttendanceStatus,
    DecisionOutcome,
    MeetingStatus,
    ProposalStatus,
    StepState,
)
from economie071.governance.models import Body, Meeting, Proposal
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.models import Project, ProjectCard
from economie071.programme.models import Municipality, Organisation, Person


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.order_by("name"),
        required=False,
        help_text=_("Leave empty when only the seat is known (e.g. the alderman of Katwijk)."),
    )
    role = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("For example: chair, alderman of Katwijk, representative of VNO NCW."),
    )
    is_chair = forms.BooleanField(label=_("Chair"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("On behalf of municipality"), queryset=Municipality.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            region_id=body.programme.region_id
        )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    time = forms.TimeField(
        label=_("Time"),
        widget=TIME_WIDGET,
        required=False,
        help_text=_(
            "Leave empty when the time is not known yet; the meeting shows “time unknown”."
        ),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=MeetingStatus.choices,
        initial=MeetingStatus.PLANNED,
        help_text=_("A meeting in the past is registered as held or cancelled."),
    )


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HELP,
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cards = forms.ModelMultipleChoiceField(
        label=_("Project cards"), queryset=ProjectCard.objects.none(), required=False
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Submitted proposals to this body."),
    )
    is_public = forms.BooleanField(
        label=_("Public item"),
        required=False,
        initial=True,
        help_text=_(
            "Shown on the agenda once it is published. Turn off for a confidential item: "
            "only the office and the members see it."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        programme = meeting.body.programme
        self.fields["projects"].queryset = Project.objects.filter(programme=programme)
        self.fields["cards"].queryset = ProjectCard.objects.filter(
            project__programme=programme
        ).select_related("project", "period")
        self.fields["proposals"].queryset = Proposal.objects.filter(
            body=meeting.body, status__in=[ProposalStatus.SUBMITTED, ProposalStatus.ON_AGENDA]
        )


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.order_by("name"))
    status = forms.ChoiceField(
        label=_("Attendance"), choices=AttendanceStatus.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ActionItemForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.order_by("name"))
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE_WIDGET)


class FollowUpForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Followed up at"), queryset=Meeting.objects.none())
    done = forms.BooleanField(label=_("Done"), required=False)
    note = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = body.meetings.order_by(
            "-date", F("time").desc(nulls_last=True)
        )


class ProposalForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    body = forms.ModelChoiceField(
        label=pgettext_lazy("addressee", "To"), queryset=Body.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )
    requested_decision = forms.CharField(
        label=_("Requested decision"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    budget_amount = forms.CharField(
        label=_("Budget implications (EUR)"),
        required=False,
        help_text=_("Leave empty when the proposal costs nothing. Example: 12500.00"),
    )
    allocation_key = forms.ChoiceField(
        label=_("Allocation key"),
        required=False,
        choices=[
            ("", "—"),
            (AllocationKey.BY_INHABITANTS, AllocationKey.BY_INHABITANTS.label),
            (AllocationKey.SINGLE_FUNDER, AllocationKey.SINGLE_FUNDER.label),
        ],
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Participating municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    population_year = forms.IntegerField(
        label=_("Inhabitants on 1 January of"), required=False, min_value=1900, max_value=2100
    )
    funder = forms.ModelChoiceField(
        label=_("Funder"), queryset=Organisation.objects.order_by("name"), required=False
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(programme=programme)
        self.fields["body"].queryset = Body.objects.filter(programme=programme)
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            region_id=programme.region_id
        )


class DecisionForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=Proposal.objects.none())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Decision text"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    publish = forms.BooleanField(label=_("Publish the decision now"), required=False)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # Every open proposal to the body is offered; the service refuses one that was
        # not on this meeting's agenda, with a message that says so.
        self.fields["proposal"].queryset = Proposal.objects.filter(
            body=meeting.body, status__in=[ProposalStatus.SUBMITTED, ProposalStatus.ON_AGENDA]
        )


class TrailStepStateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=StepState.choices, widget=forms.RadioSelect)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    date_precision = forms.ChoiceField(
        label=_("Date shown as"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


def _upload_help() -> str:
    from django.conf import settings

    from economie071.governance import uploads

    limit = getattr(settings, "GOVERNANCE_MAX_UPLOAD_BYTES", uploads.MAX_UPLOAD_BYTES)
    return _("%(types)s; at most %(limit)s.") % {
        "types": uploads.ALLOWED_LABELS,
        "limit": filesizeformat(limit),
    }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=lazy(_upload_help, str)(),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to show the file name."),
    )
