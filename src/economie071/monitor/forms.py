"""Forms of the monitor's pages: they parse input; the rules live in selectors and impact."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


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
