"""The portfolio's forms: the card editor, the steps of the round, the portfolio search and
the programme office's project forms. They only parse and check input; services do the work."""

from django import forms
from django.utils.translation import gettext_lazy as _

from economie071.core.dates import DatePrecision
from economie071.core.forms import DATE_WIDGET
from economie071.portfolio.constants import (
    CARD_SECTIONS,
    AllocationKey,
    Level,
    Phase,
    RoleKind,
    StatusLight,
)
from economie071.programme.models import Municipality, Organisation, Person

# The card editor explains Markdown once, at the top of the form (this id); every text box
# that takes Markdown points to it for screen readers instead of repeating it.
CARD_FORMAT_HINT_ID = "card-format-hint"

# Rough characters per line of a text box in the editor's column, to size it to its text.
_CHARS_PER_LINE = 90


def _markdown_area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "aria-describedby": CARD_FORMAT_HINT_ID})


def text_rows(text, *, minimum: int, maximum: int = 24) -> int:
    """How many rows a text box needs to show `text` without scrolling (within bounds)."""
    lines = 0
    for line in str(text or "").splitlines() or [""]:
        lines += max(1, -(-len(line) // _CHARS_PER_LINE))
    return max(minimum, min(maximum, lines + 1))


class SizedTextareas:
    """A form whose text boxes are as tall as their text (between their own `rows`, the
    minimum, and 24), so a short answer takes little room and a long one needs no scrolling.
    Browsers that size a box to its content themselves (CSS field-sizing) do so as one types.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Textarea):
                minimum = int(widget.attrs.get("rows", 2))
                widget.attrs = {
                    **widget.attrs,
                    "rows": text_rows(self[name].value(), minimum=minimum),
                }


class CardForm(SizedTextareas, forms.Form):
    """The card's own text: the template's questions, the status light and the quote."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    status_light = forms.ChoiceField(
        label=_("Status light"),
        choices=StatusLight.choices,
        widget=forms.RadioSelect,
        help_text=_("How is the project doing? Leave “Not set” if you cannot say yet."),
    )
    quote_text = forms.CharField(label=_("Quote"), required=False, widget=_markdown_area(2))
    quote_person = forms.ModelChoiceField(
        label=_("Quoted person"), queryset=Person.objects.order_by("name"), required=False
    )
    quote_attribution = forms.CharField(
        label=_("Quoted as"),
        required=False,
        max_length=200,
        help_text=_("For example: projectleider vanuit de gemeente Zoeterwoude"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CARD_SECTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, widget=_markdown_area(3)
            )
            # Added after SizedTextareas sized the others: sized here.
            self.fields[key].widget.attrs["rows"] = text_rows(self[key].value(), minimum=3)

    def section_fields(self):
        return [self[key] for key, _label in CARD_SECTIONS]


class ExtraSectionForm(SizedTextareas, forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), required=False, widget=_markdown_area(3))


class MilestoneForm(SizedTextareas, forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    date_precision = forms.ChoiceField(
        label=_("Shown as"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    date_note = forms.CharField(
        label=_("Date as the source gives it"), max_length=200, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), required=False, widget=_markdown_area(2))
    links = forms.CharField(
        label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )

    def clean(self):
        data = super().clean()
        if (data.get("title") or data.get("text")) and not data.get("date"):
            self.add_error("date", _("A milestone needs a date."))
        if data.get("date") and not data.get("title"):
            self.add_error("title", _("A milestone needs a title."))
        return data

    def clean_links(self):
        links = []
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _sep, url = (part.strip() for part in line.partition("|"))
            if url and not url.startswith(("http://", "https://")):
                raise forms.ValidationError(
                    _("Line %(n)s: the address must start with http:// or https://."),
                    params={"n": number},
                )
            links.append({"label": label or url, "url": url})
        return links


class ResultForm(SizedTextareas, forms.Form):
    label = forms.CharField(label=_("Key figure"), max_length=200, required=False)
    value = forms.DecimalField(
        label=_("Value"), required=False, max_digits=16, decimal_places=2, localize=True
    )
    as_printed = forms.CharField(label=_("Figure as printed"), max_length=100, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=100, required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if any(data.get(k) not in (None, "") for k in ("label", "value", "unit")):
            for key in ("label", "value", "unit"):
                if data.get(key) in (None, ""):
                    self.add_error(key, _("Required for a key figure."))
        return data


class RiskForm(SizedTextareas, forms.Form):
    description = forms.CharField(label=_("Risk"), required=False, widget=_markdown_area(2))
    likelihood = forms.ChoiceField(
        label=_("Likelihood"), choices=[("", _("Not assessed")), *Level.choices], required=False
    )
    impact = forms.ChoiceField(
        label=_("Impact"), choices=[("", _("Not assessed")), *Level.choices], required=False
    )
    mitigation = forms.CharField(label=_("Mitigation"), required=False, widget=_markdown_area(2))

    def clean(self):
        data = super().clean()
        if data.get("mitigation") and not data.get("description"):
            self.add_error("description", _("Describe the risk this mitigation is for."))
        return data


# What each list's fields mean, said once above the list instead of under every row.
EXTRA_SECTION_HINT = _("Leave the heading empty for an introduction without a heading.")
MILESTONE_HINT = _(
    "“Date as the source gives it”: when the exact date is not known (“voorjaar 2019”); it "
    "is shown instead of the date. Links: one per line, as label | https://address (the "
    "address may be left out)."
)
RESULT_HINT = _(
    "“Figure as printed”: the figure with its qualifier, e.g. “zo’n 100” or “ongeveer 1/3”; "
    "it is shown instead of the value."
)

ExtraSectionFormSet = forms.formset_factory(ExtraSectionForm, extra=1)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=1)
ResultFormSet = forms.formset_factory(ResultForm, extra=1)
RiskFormSet = forms.formset_factory(RiskForm, extra=1)


class ReturnCardForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the published card need a correction?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhaseChangeForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when a completed or stopped project is taken up again."),
    )


class OpenPeriodForm(forms.Form):
    label = forms.CharField(
        label=_("Reporting period"),
        max_length=7,
        help_text=_("Year and half year, for example 2020-H1."),
    )
    deadline = forms.DateField(
        label=_("Deadline for the cards"),
        required=False,
        widget=DATE_WIDGET,
    )


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All")), *Phase.choices, ("none", _("Not recorded"))],
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    person = forms.ChoiceField(label=_("Person"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["pillar"].choices = everything + [
            (p.slug, p.name) for p in programme.pillars.all()
        ]
        self.fields["theme"].choices = everything + [
            (t.slug, t.name) for t in programme.themes.all()
        ]
        self.fields["municipality"].choices = everything + [
            (m.slug, m.name) for m in Municipality.objects.filter(region=programme.region_id)
        ]
        self.fields["organisation"].choices = everything + [
            (o.slug, o.name) for o in Organisation.objects.order_by("name")
        ]
        self.fields["person"].choices = everything + [
            (p.slug, p.name) for p in Person.objects.order_by("name")
        ]


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=100,
        help_text=_("Lowercase letters, digits and hyphens, e.g. retailvisie."),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    short_description = forms.CharField(
        label=_("Short description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pillars = forms.ModelMultipleChoiceField(
        label=_("Pillars"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillars"].queryset = programme.pillars.all()
        self.fields["themes"].queryset = programme.themes.all()


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.order_by("name"), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    label = forms.CharField(
        label=_("Or another holder"),
        max_length=300,
        required=False,
        help_text=_("For a body or group, e.g. Stuurgroep Economie071."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    line_of_action = forms.ModelChoiceField(
        label=_("Line of action"), queryset=None, required=False
    )
    starts_on = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line_of_action"].queryset = project.lines_of_action.all()


class RoleEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE_WIDGET)


class BudgetLineForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=None)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), max_digits=14, decimal_places=2, min_value=0, localize=True
    )
    allocation_key = forms.ChoiceField(
        label=_("Allocation key"), choices=AllocationKey.choices, widget=forms.RadioSelect
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Participating municipalities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For the allocation by inhabitants."),
    )
    population_year = forms.IntegerField(
        label=_("Inhabitants on 1 January of"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Empty: the year of the reporting period."),
    )
    shares = forms.CharField(
        label=_("Fixed shares"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For fixed shares: one municipality per line with its share, e.g. "
            "“Leiden: 50”. Shares are relative; they need not add up to 100."
        ),
    )
    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("For a single funder."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        programme = project.programme
        self.fields["period"].queryset = programme.reporting_periods.all()
        self.fields["municipalities"].queryset = Municipality.objects.filter(
            region=programme.region_id
        )

    def clean_shares(self):
        from decimal import Decimal, InvalidOperation

        by_name = {m.name.lower(): m for m in self.fields["municipalities"].queryset}
        shares = {}
        for number, line in enumerate(self.cleaned_data["shares"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, weight = (part.strip() for part in line.rpartition(":"))
            municipality = by_name.get(name.lower())
            if municipality is None:
                raise forms.ValidationError(
                    _("Line %(n)s: “%(name)s” is not a municipality of the region."),
                    params={"n": number, "name": name or line.strip()},
                )
            try:
                shares[municipality] = Decimal(weight.replace(",", "."))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("Line %(n)s: “%(value)s” is not a number."),
                    params={"n": number, "value": weight},
                ) from None
        return shares
