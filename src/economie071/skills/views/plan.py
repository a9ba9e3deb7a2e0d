"""The matching plan for the programme office and career advisers: supply and demand of
skills per sector, shortage and surplus skills, occupations that could feed a sector;
as a page with SVG charts and as an Excel workbook. Aggregates only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.skills import charts, exports, permissions, selectors
from economie071.skills.forms import PlanFilterForm
from economie071.skills.views.common import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plan(request):
    require(permissions.can_view_matching_plan(request.user))
    form = PlanFilterForm(request.GET or None)
    sector = form.cleaned_data["sector"] if form.is_valid() else None
    return form, sector, selectors.matching_plan(actor=request.user, sector=sector)


@login_required
def plan(request):
    form, sector, data = _plan(request)
    scope = str(sector) if sector else _("the region")
    demand, supply = _("Demand (open vacancies)"), _("Supply (passports)")
    figures = selectors.contact_figures(actor=request.user)
    context = {
        "form": form,
        "sector": sector,
        "plan": data,
        "figures": figures,
        "figures_tables": [
            (_("Per sector"), figures["by_sector"]),
            (_("Per municipality"), figures["by_municipality"]),
        ],
        "shortage_chart": charts.paired_bar_chart(
            [
                {"label": b.skill.label, "first": b.demand, "second": b.supply}
                for b in data.shortage[:12]
            ],
            first=demand,
            second=supply,
            title=_("Shortage skills in %(scope)s") % {"scope": scope},
            empty_text=_("No skill is in short supply."),
        ),
        "surplus_chart": charts.paired_bar_chart(
            [
                {"label": b.skill.label, "first": b.demand, "second": b.supply}
                for b in data.surplus[:12]
            ],
            first=demand,
            second=supply,
            title=_("Surplus skills in %(scope)s") % {"scope": scope},
            empty_text=_("No skill is in surplus."),
        ),
        "sector_chart": charts.paired_bar_chart(
            [
                {"label": str(s.sector), "first": s.open_vacancies, "second": s.passports}
                for s in data.sectors
            ],
            first=_("Open vacancies"),
            second=_("Passports"),
            title=_("Vacancies and passports per sector"),
            empty_text=_("No sectors have been set up."),
        ),
    }
    return render(request, "skills/plan.html", context)


@login_required
def plan_xlsx(request):
    _form, sector, data = _plan(request)
    content = exports.matching_plan_xlsx(data, sector_name=str(sector) if sector else "")
    response = HttpResponse(content, content_type=XLSX)
    name = f"matchingsplan-{sector.slug if sector else 'regio'}-{timezone.localdate()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
