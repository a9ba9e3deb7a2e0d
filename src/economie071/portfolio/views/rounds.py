"""The reporting round as a whole: the dashboard, where signed-in people start (a project
leader's own cards; for the programme office and the steering group the state of the
round, projects by phase and pillar, and budgets), and opening a new reporting period."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from economie071.core.forms import error_message
from economie071.core.programme import programme_or_404
from economie071.portfolio import forms, permissions, selectors, services
from economie071.portfolio.constants import CardStatus
from economie071.portfolio.exceptions import PortfolioError
from economie071.portfolio.panels import DASHBOARD, panels


@login_required
def dashboard(request):
    programme = programme_or_404()
    user = request.user
    period = selectors.current_period(programme=programme)
    context = {"period": period}
    led = permissions.led_project_ids(user)
    if led:
        context["my_cards"] = (
            selectors.round_overview(period=period).filter(project_id__in=led) if period else []
        )
    if permissions.can_read_unpublished(user):
        if period is not None:
            context["round"] = selectors.round_overview(period=period)
            context["round_counts"] = [
                (CardStatus(status).label, count)
                for status, count in selectors.round_counts(period=period).items()
            ]
        context["matrix"] = selectors.phase_pillar_matrix(programme=programme)
        allocations = [
            selectors.budget_allocation(line=line)
            for line in selectors.budget_lines(programme=programme, period=period)
        ]
        context["allocations"] = allocations
        context["allocation_totals"] = selectors.allocation_totals(allocations=allocations)
    context["panels"] = panels(DASHBOARD, request=request, programme=programme)
    return render(request, "portfolio/dashboard.html", context)


@login_required
def period_open(request):
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied
    programme = programme_or_404()
    form = forms.OpenPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_open(
                programme=programme,
                actor=request.user,
                label=form.cleaned_data["label"],
                deadline=form.cleaned_data["deadline"],
            )
        except PortfolioError as exc:
            form.add_error("label", error_message(exc))
        else:
            count = period.cards.count()
            messages.success(
                request,
                ngettext(
                    "Reporting period %(period)s is open: %(n)s draft card is ready.",
                    "Reporting period %(period)s is open: %(n)s draft cards are ready.",
                    count,
                )
                % {"period": period.label, "n": count},
            )
            return redirect("portfolio:dashboard")
    return render(request, "portfolio/period_open.html", {"form": form})
