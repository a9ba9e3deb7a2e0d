"""Forms of the House of Skills pages. They only parse input; services check the rules.

Skills are chosen by search (a list of tens of thousands does not fit a select): the
passport editor and the vacancy page search labels (nl/en, alternative labels included)
and post the chosen skill's id; a training module lists its skills one per line as
"label: level", each label looked up exactly (clear error naming the line otherwise).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from economie071.programme.models import Municipality, Organisation
from economie071.skills.constants import (
    LEVEL_MAX,
    LEVEL_MIN,
    PRIVACY_TEXT_VERSION,
    CoverObjective,
    Evidence,
    Lang,
    Level,
    OverrideAction,
)
from economie071.skills.models import (
    Occupation,
    Sector,
    Skill,
    SkillLabel,
    TrainingModule,
    TrainingProvider,
)

MAX_UPLOAD_BYTES = 200_000
MAX_TEXT_CHARS = 20_000  # skills.extraction.MAX_TEXT_CHARS: the analyser reads no more


class SkillField(forms.ModelChoiceField):
    """A skill by its id (from a search result), rendered as a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": _("Choose a skill from the search results."),
                "required": _("Choose a skill from the search results."),
            },
        )
        super().__init__(queryset=Skill.objects.all(), **kwargs)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Dutch and English")), *Lang.choices],
        required=False,
    )


class ConsentForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, initial=PRIVACY_TEXT_VERSION)
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that my skills passport is "
            "stored and used for matching as described there."
        ),
        error_messages={"required": _("Without your consent no passport is made.")},
    )
    discoverable = forms.BooleanField(
        label=_("Employers may find me among the candidates for their vacancies"),
        required=False,
        help_text=_(
            "You can change this at any time. Without it, only you and career "
            "advisers see your matches."
        ),
    )


class PassportSkillForm(forms.Form):
    skill = SkillField()
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    evidence = forms.ChoiceField(
        label=_("Evidence"), choices=Evidence.choices, initial=Evidence.SELF_ASSESSED
    )
    module = forms.ModelChoiceField(
        label=_("Training module"),
        queryset=TrainingModule.objects.filter(active=True).order_by("title"),
        required=False,
        help_text=_("Only when the skill was earned in a training module."),
    )

    def clean(self):
        data = super().clean()
        if data.get("evidence") == Evidence.TRAINING_MODULE and not data.get("module"):
            self.add_error("module", _("Say which module the skill was earned in."))
        return data


class SkillRemoveForm(forms.Form):
    skill = SkillField()


class ExperienceForm(forms.Form):
    occupation = forms.ModelChoiceField(
        queryset=Occupation.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose an occupation from the search results."),
            "required": _("Choose an occupation from the search results."),
        },
    )
    years = forms.IntegerField(
        label=_("Years"),
        min_value=0,
        max_value=60,
        initial=1,
        error_messages={"invalid": _("Give a whole number of years from 0 to 60.")},
    )


class ExperienceRemoveForm(forms.Form):
    occupation = forms.ModelChoiceField(queryset=Occupation.objects.all(), widget=forms.HiddenInput)


class PreferencesForm(forms.Form):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors I would like to work in"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any sector."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Where I want to work"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anywhere."),
    )
    min_hours = forms.IntegerField(
        label=_("Minimum hours a week"), min_value=1, max_value=80, required=False
    )
    max_hours = forms.IntegerField(
        label=_("Maximum hours a week"), min_value=1, max_value=80, required=False
    )
    discoverable = forms.BooleanField(
        label=_("Employers may find me among the candidates for their vacancies"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_hours"), data.get("max_hours")
        if low is not None and high is not None and low > high:
            self.add_error("max_hours", _("Cannot be below the minimum hours."))
        return data


class TrainingPlanForm(forms.Form):
    vacancy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    occupation = forms.IntegerField(required=False, widget=forms.HiddenInput)
    objective = forms.ChoiceField(
        label=_("Plan for"),
        choices=CoverObjective.choices,
        initial=CoverObjective.COST,
        required=False,
        widget=forms.RadioSelect,
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase my skills passport and everything in it for good"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


# --- Employers -----------------------------------------------------------------------------


class VacancyForm(forms.Form):
    """A vacancy's details and text. With `suggestions` (occupations proposed from the title
    and text: [(Occupation, why)]), the employer picks the occupation from them
    (`occupation_choice`) or from the full list (`occupation`)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    occupation_choice = forms.ChoiceField(
        label=_("Proposed occupations"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Read from the title and the text. Its skills are proposed, ranked by what "
            "the text asks for."
        ),
    )
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=Occupation.objects.all(),
        required=False,
        help_text=_(
            "Or choose another occupation. Its essential and optional skills are "
            "proposed, below the skills the text asks for."
        ),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), required=False
    )
    hours = forms.IntegerField(label=_("Hours a week"), min_value=1, max_value=80, required=False)
    text = forms.CharField(
        label=_("Vacancy text"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        error_messages={
            "max_length": _(
                "Vacancy text: at most %(limit_value)d characters are read (this text has "
                "%(show_value)d). Shorten it to the tasks and requirements."
            )
        },
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Dutch or English, at most %(limit)s characters. Skills found in it are "
            "proposed, with the words they were found in."
        )
        % {"limit": "20.000"},
    )
    text_file = forms.FileField(
        label=_("Or upload the text as a .txt file"),
        required=False,
        help_text=_("Plain text in UTF-8 or UTF-16; replaces the text above."),
    )

    def __init__(self, *args, organisations, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.suggestions = list(suggestions)
        if self.suggestions:
            self.fields["occupation_choice"].choices = [
                (str(occ.pk), f"{occ.label} ({why})" if why else occ.label)
                for occ, why in self.suggestions
            ] + [("", _("None of these"))]
        else:
            del self.fields["occupation_choice"]

    def clean_text_file(self):
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(kb)s kB.") % {"kb": MAX_UPLOAD_BYTES // 1000}
            )
        from economie071.skills.exceptions import SkillsError
        from economie071.skills.services import decode_upload

        try:
            return decode_upload(upload.read(), "text_file")
        except SkillsError as exc:
            raise forms.ValidationError(" ".join(exc.messages)) from None

    def clean(self):
        data = super().clean()
        if data.get("text_file"):
            if len(data["text_file"]) > MAX_TEXT_CHARS:
                self.add_error(
                    "text_file",
                    _(
                        "Vacancy text: at most %(limit)s characters are read (this file has "
                        "%(length)s). Shorten it to the tasks and requirements."
                    )
                    % {"limit": MAX_TEXT_CHARS, "length": len(data["text_file"])},
                )
            else:
                data["text"] = data["text_file"]
        choice = data.get("occupation_choice")
        if choice:
            chosen = {str(occ.pk): occ for occ, _why in self.suggestions}.get(choice)
            if chosen is None:
                self.add_error("occupation_choice", _("Choose one of the proposed occupations."))
            else:
                data["occupation"] = chosen
        return data


class OccupationConfirmForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=_("Occupation"),
        queryset=Occupation.objects.all(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose one of the proposed occupations."),
            "required": _("Choose one of the proposed occupations."),
        },
    )


class DemandConfirmForm(forms.Form):
    must = forms.TypedChoiceField(
        label=_("Kind"),
        choices=[("1", _("Must-have")), ("0", _("Nice-to-have"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    min_level = forms.TypedChoiceField(
        label=_("Minimum level"), choices=Level.choices, coerce=int, initial=Level.BASIC
    )


class DemandAddForm(DemandConfirmForm):
    skill = SkillField()


# --- Training providers --------------------------------------------------------------------


def parse_skill_lines(text: str) -> dict:
    """ "label: level" per line -> {Skill: level}; a ValidationError naming the line."""
    result: dict = {}
    errors = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, sep, level_text = line.rpartition(":")
        if not sep:
            label, level_text = line, ""
        label = label.strip()
        try:
            level = int(level_text.strip())
        except ValueError:
            level = None
        if level is None or not LEVEL_MIN <= level <= LEVEL_MAX:
            errors.append(
                _(
                    "Line %(line)s: give the level after a colon, a whole number from "
                    "%(min)s to %(max)s (“%(text)s”)."
                )
                % {"line": number, "min": LEVEL_MIN, "max": LEVEL_MAX, "text": line}
            )
            continue
        ids = set(SkillLabel.objects.filter(text__iexact=label).values_list("skill_id", flat=True))
        if len(ids) != 1:
            message = (
                _(
                    "Line %(line)s: no skill is called “%(label)s”; use the exact name "
                    "from the skills search."
                )
                if not ids
                else _(
                    "Line %(line)s: more than one skill is called “%(label)s”; use "
                    "its preferred name."
                )
            )
            errors.append(message % {"line": number, "label": label})
            continue
        skill = Skill.objects.get(pk=ids.pop())
        result[skill] = level
    if errors:
        raise forms.ValidationError(errors)
    return result


def skill_lines(rows) -> str:
    """The module's skills as the form's lines."""
    return "\n".join(f"{row.skill.label}: {row.level}" for row in rows)


class ModuleForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=TrainingProvider.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    skills = forms.CharField(
        label=_("Skills taught"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One skill per line with the level reached after a colon (1–4), e.g. "
            "“gastvrij zijn: 3”. Use the names from the skills search."
        ),
    )
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"), min_value=0.1, max_digits=7, decimal_places=1
    )
    cost = forms.DecimalField(label=_("Cost (euro)"), min_value=0, max_digits=9, decimal_places=2)
    workplace_based = forms.BooleanField(label=_("Workplace-based"), required=False)

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if providers.count() == 1:
            self.fields["provider"].initial = providers.first()

    def clean_skills(self):
        skills = parse_skill_lines(self.cleaned_data.get("skills", ""))
        if not skills:
            raise forms.ValidationError(_("Say which skills the module teaches."))
        return skills


# --- Advisers ------------------------------------------------------------------------------


class OverrideForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=OverrideAction.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Read by career advisers, the programme office and the person it is about (with "
            "your name); kept in the match log and in the person's data download. Never "
            "shown to employers."
        ),
    )
    vacancy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    occupation = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PlanFilterForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("The whole region"),
    )


def int_or_none(value):
    """A whole number from a query parameter, or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
