"""Forms of the network pages. They only parse input; services check the rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from economie071.core.dates import DatePrecision
from economie071.core.forms import DATE_WIDGET, MARKDOWN_HELP
from economie071.network.constants import (
    CLOSED_TRAJECTORY_STATUSES,
    ChallengeStatus,
    ExchangeDirection,
    ExchangeKind,
    ResultKind,
    Sector,
    TrajectoryPhase,
    TrajectoryStatus,
)
from economie071.network.models import Challenge, ExpertEntry, NetworkProfile, Trajectory
from economie071.programme.constants import HelixSide
from economie071.programme.models import Organisation

ANY = [("", _("All"))]


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    helix = forms.ChoiceField(
        label=_("Helix side"), required=False, choices=ANY + HelixSide.choices
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + Sector.choices)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, choices=ANY)
    offers = forms.ChoiceField(
        label=_("Offers"), required=False, choices=ANY + ExchangeKind.choices
    )
    seeks = forms.ChoiceField(label=_("Seeks"), required=False, choices=ANY + ExchangeKind.choices)
    partners = forms.BooleanField(label=_("Only covenant partners"), required=False)

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = ANY + [(m.slug, m.name) for m in municipalities]


class ContactForm(forms.Form):
    """A message to an organisation, optionally about one of the offers or needs it shows
    or one of its published challenges (`?over=aanbod-12`, `?over=uitdaging-3` picks one).
    """

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The organisation answers you at this address."),
    )
    about = forms.ChoiceField(label=_("What is your message about?"), required=False)
    message = forms.CharField(label=_("Message"), widget=_area(6), max_length=3000)

    def __init__(self, *args, profile: NetworkProfile, challenges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._subjects: dict[str, object] = {}
        choices = [("", _("Nothing in particular"))]
        shown = {
            ExchangeDirection.OFFERS: profile.show_offers,
            ExchangeDirection.SEEKS: profile.show_seeks,
        }
        for exchange in profile.exchanges.all():
            if not shown.get(exchange.direction):
                continue
            offers = exchange.direction == ExchangeDirection.OFFERS
            key = f"{'aanbod' if offers else 'vraag'}-{exchange.pk}"
            label = _("Offer: %(kind)s") if offers else _("Need: %(kind)s")
            label = label % {"kind": exchange.get_kind_display()}
            choices.append((key, f"{label} – {exchange.text}" if exchange.text else label))
            self._subjects[key] = exchange
        for challenge in challenges:
            key = f"uitdaging-{challenge.pk}"
            choices.append((key, _("Challenge: %(title)s") % {"title": challenge.title}))
            self._subjects[key] = challenge
        self.fields["about"].choices = choices
        if len(choices) == 1:
            del self.fields["about"]

    def subject(self) -> dict:
        """The service's `exchange` or `challenge` argument for the chosen subject."""
        chosen = self._subjects.get(self.cleaned_data.get("about") or "")
        if chosen is None:
            return {}
        return {"challenge": chosen} if isinstance(chosen, Challenge) else {"exchange": chosen}


class ContactHandledForm(forms.Form):
    handled = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class ProfileCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(network_profile__isnull=True).order_by("name"),
    )


class ProfileForm(forms.ModelForm):
    """The profile's own fields; the office also sees the partnership fields."""

    class Meta:
        model = NetworkProfile
        fields = [
            "is_published",
            "sector",
            "description",
            "contact_email",
            "accepts_contact",
            "show_partnership",
            "show_sector",
            "show_municipality",
            "show_website",
            "show_description",
            "show_offers",
            "show_seeks",
            "covenant_partner",
            "covenant_signed_on",
            "partner_note",
            "source",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "covenant_signed_on": DATE_WIDGET,
        }
        help_texts = {"description": MARKDOWN_HELP}

    OFFICE_ONLY = ("covenant_partner", "covenant_signed_on", "partner_note", "source")

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            for name in self.OFFICE_ONLY:
                del self.fields[name]

    def _post_clean(self):
        """No model validation here: the service checks (and the form must not save)."""


class ExchangesForm(forms.Form):
    """What the organisation offers and seeks: the kinds ticked by their Dutch names, each
    with an optional line of details. Stored as one Exchange per ticked kind, by its code."""

    DIRECTIONS = (
        (ExchangeDirection.OFFERS, _("What the organisation offers")),
        (ExchangeDirection.SEEKS, _("What the organisation seeks")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for direction, label in self.DIRECTIONS:
            self.fields[direction] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=ExchangeKind.choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Tick what applies; add details below if you wish."),
            )
            details = (
                _("Offers, %(kind)s: details")
                if direction == ExchangeDirection.OFFERS
                else _("Seeks, %(kind)s: details")
            )
            for kind, kind_label in ExchangeKind.choices:
                self.fields[self.details_name(direction, kind)] = forms.CharField(
                    label=details % {"kind": kind_label}, required=False, max_length=300
                )

    @staticmethod
    def details_name(direction: str, kind: str) -> str:
        return f"{direction}_{kind}_details"

    @classmethod
    def initial_for(cls, profile) -> dict:
        initial: dict = {direction: [] for direction, _label in cls.DIRECTIONS}
        for exchange in profile.exchanges.order_by("order", "id"):
            if exchange.kind not in initial[exchange.direction]:
                initial[exchange.direction].append(exchange.kind)
            name = cls.details_name(exchange.direction, exchange.kind)
            if exchange.text:
                initial[name] = "; ".join(filter(None, [initial.get(name), exchange.text]))
        return initial

    def clean(self):
        from economie071.network.services import ExchangeInput

        data = super().clean()
        items = []
        for direction, _label in self.DIRECTIONS:
            ticked = set(data.get(direction) or [])
            for kind, kind_label in ExchangeKind.choices:
                name = self.details_name(direction, kind)
                details = (data.get(name) or "").strip()
                if kind in ticked:
                    items.append(ExchangeInput(direction=direction, kind=kind, text=details))
                elif details:
                    self.add_error(
                        name,
                        _("Details for “%(kind)s”: tick “%(kind)s” as well, or clear the details.")
                        % {"kind": kind_label},
                    )
        data["exchanges"] = items
        return data


class EditorAddForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user with this username."))
        self.cleaned_data["user"] = user
        return username


# --- Challenges ------------------------------------------------------------------------------


class ChallengeForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Question"),
        required=False,
        widget=_area(6),
        help_text=MARKDOWN_HELP,
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=300,
        required=False,
        help_text=_("For example a temporary location or a lab."),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET)
    starts_on_precision = forms.ChoiceField(
        label=_("Start known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE_WIDGET)
    ends_on_precision = forms.ChoiceField(
        label=_("End known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks"), required=False, min_value=1, max_value=520
    )
    school_year = forms.CharField(
        label=_("School year"),
        max_length=9,
        required=False,
        help_text=_(
            "Like 2019-2020. Computed from the start when it is known to the day or month."
        ),
    )
    date_note = forms.CharField(label=_("About the dates"), max_length=400, required=False)
    financial_contribution = forms.DecimalField(
        label=_("Financial contribution (euros)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty when not known."),
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class MatchTeamForm(forms.Form):
    team_name = forms.CharField(label=_("Team name"), max_length=200, required=False)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Organisation.objects.filter(helix=HelixSide.EDUCATION).order_by("name"),
        required=False,
    )
    study_programme = forms.CharField(
        label=_("Study programme"),
        max_length=200,
        required=False,
        help_text=_("For example MLO (laboratory education)."),
    )
    student_count = forms.IntegerField(
        label=_("Number of students"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Only the number: no names are kept."),
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)


class ChallengeStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(s.value, s.label) for s in ChallengeStatus if s != ChallengeStatus.MATCHED],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(
        label=_("Web address"), required=False, max_length=500, assume_scheme="https"
    )


# --- Smart071 --------------------------------------------------------------------------------


class TrajectoryCreateForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("Company"), queryset=Organisation.objects.order_by("name")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    phase = forms.ChoiceField(
        label=_("Phase"), choices=TrajectoryPhase.choices, initial=TrajectoryPhase.AWARENESS
    )
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DATE_WIDGET)
    school = forms.ModelChoiceField(
        label=_("School of the student team"),
        queryset=Organisation.objects.filter(helix=HelixSide.EDUCATION).order_by("name"),
        required=False,
    )
    study_programme = forms.CharField(label=_("Study programme"), max_length=200, required=False)
    student_count = forms.IntegerField(
        label=_("Number of students"), required=False, min_value=1, max_value=500
    )
    concept = forms.CharField(label=_("Concept"), required=False, widget=_area(3))


class TrajectoryEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    concept = forms.CharField(label=_("Concept"), required=False, widget=_area(3))
    prototype = forms.CharField(label=_("Prototype"), required=False, widget=_area(3))
    business_case = forms.CharField(label=_("Business case"), required=False, widget=_area(5))
    outcome = forms.CharField(
        label=pgettext_lazy("trajectory result", "Outcome"), required=False, widget=_area(3)
    )


class PhaseChangeForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("New phase"), choices=TrajectoryPhase.choices)
    changed_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("Required when going back or skipping a phase: say why."),
    )


FOLLOW_UP_CHOICES = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


def _follow_up(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class TrajectoryCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Ended as"),
        choices=[(s.value, s.label) for s in TrajectoryStatus if s in CLOSED_TRAJECTORY_STATUSES],
    )
    ended_on = forms.DateField(label=_("Ended on"), required=False, widget=DATE_WIDGET)
    outcome = forms.CharField(
        label=pgettext_lazy("trajectory result", "Outcome"), required=False, widget=_area(3)
    )
    follow_up = forms.ChoiceField(
        label=pgettext_lazy("next trajectory", "Follow-up"),
        choices=FOLLOW_UP_CHOICES,
        required=False,
        help_text=_("Did the trajectory get a follow-up (e.g. further technical development)?"),
    )

    def clean_follow_up(self):
        return _follow_up(self.cleaned_data.get("follow_up", ""))


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(
        label=pgettext_lazy("next trajectory", "Follow-up"),
        choices=FOLLOW_UP_CHOICES,
        required=False,
    )

    def clean_follow_up(self):
        return _follow_up(self.cleaned_data.get("follow_up", ""))


class ExpertForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    description = forms.CharField(label=_("Expertise"), required=False, widget=_area(4))
    tags = forms.CharField(
        label=_("Expertise tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, for example: ICT, data, sensors."),
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def clean_tags(self):
        from django.utils.text import slugify

        names = [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]
        return [(slugify(name), name) for name in names if slugify(name)]


class ReferralForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Expert"), queryset=ExpertEntry.objects.none())
    trajectory = forms.ModelChoiceField(
        label=_("Trajectory"), queryset=Trajectory.objects.none(), required=False
    )
    company = forms.ModelChoiceField(
        label=_("Company"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("When the referral is not part of a trajectory."),
    )
    referred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, widget=_area(3))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = ExpertEntry.objects.filter(
            programme=programme
        ).select_related("organisation")
        self.fields["trajectory"].queryset = Trajectory.objects.filter(
            programme=programme, is_placeholder=False
        ).order_by("title")
