"""Forms of the monitor's pages: they parse input; the rules live in selectors and impact."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from economie071.monitor.constants import ActionLineMetric, ImportKind, LedgerKind, Scenario


class IndexFilterForm(forms.Form):
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, editions, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [(e.slug, e.name) for e in editions] + [
            ("alle", _("All indicators, equal weights"))
        ]
        self.fields["area"].choices = [(a.key, a.name) for a in areas]


class CongressImpactForm(forms.Form):
    participant_days = forms.IntegerField(
        label=_("Congress participant-days"), min_value=0, max_value=10_000_000
    )
    spend_per_day = forms.DecimalField(
        label=_("Spend per participant-day (€)"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        help_text=_("Leave empty to use the spend derived from the 2019 figures."),
        required=False,
    )


class ExpatImpactForm(forms.Form):
    expats = forms.IntegerField(label=_("Number of expats"), min_value=0, max_value=10_000_000)
    jobs_per_expat = forms.DecimalField(
        label=_("Spin-off jobs per expat"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to use 1.6 from the project overview."),
    )


class CostAllocationForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    year = forms.TypedChoiceField(
        label=_("Inhabitants on 1 January of"), coerce=int, help_text=_("CBS figures.")
    )
    municipalities = forms.MultipleChoiceField(
        label=_("Participating municipalities"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, years, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in reversed(years)]
        self.fields["municipalities"].choices = list(municipalities)


class YearForm(forms.Form):
    """The year a monitor page shows (jaar=2019); an unknown year falls back to the latest."""

    jaar = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jaar"].choices = [(y, str(y)) for y in reversed(years)]


class ScenarioForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Demand scenario"), choices=Scenario.choices)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[c for c in ImportKind.choices if c[0] != ImportKind.CBS],
        widget=forms.RadioSelect,
        initial=ImportKind.OBSERVATIONS,
    )
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"),
        help_text=_("At most 5 MB. The first row holds the column names of the template."),
    )
    create_new = forms.BooleanField(
        label=_("Create shopping areas and business parks the monitor does not know yet"),
        required=False,
        help_text=_(
            "Retail and business park figures only. Without this, a name the monitor does not "
            "know is reported as a bad line, so a typo does not start a new area."
        ),
    )

    MAX_SIZE = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it up."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        return upload


class LedgerEntryForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"))
    park = forms.ChoiceField(label=_("Business park"), required=False)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    kind = forms.ChoiceField(label=_("Kind"), choices=LedgerKind.choices, widget=forms.RadioSelect)
    hectares = forms.DecimalField(
        label=_("Hectares"), min_value=Decimal("0.01"), max_digits=9, decimal_places=2
    )
    description = forms.CharField(label=_("Description"), max_length=300)
    source = forms.CharField(label=_("Source"), max_length=200)

    def __init__(self, *args, municipalities, parks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "—")] + [
            (m.slug, m.name) for m in municipalities
        ]
        self.fields["park"].choices = [("", _("(not on a park)"))] + [
            (p.slug, f"{p.name} ({p.municipality.name})") for p in parks
        ]


class ActionLineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    metric = forms.ChoiceField(
        label=_("How progress is measured"), choices=ActionLineMetric.choices
    )
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=1900, max_value=2100)
    target_value = forms.DecimalField(
        label=_("Target"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    target_unit = forms.CharField(label=_("Unit of the target"), max_length=150, required=False)
    target_year = forms.IntegerField(
        label=_("Target year"), min_value=1900, max_value=2100, required=False
    )
    target_source = forms.CharField(label=_("Source of the target"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class ProgressForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
