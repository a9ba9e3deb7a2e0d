"""Projects: the public project page, the portfolio search (signed in), and the programme
office's pages to create a project and keep its phase, structure and budget."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.audit.selectors import audit_entries_for_project
from economie071.core.forms import error_message
from economie071.core.programme import programme_or_404
from economie071.portfolio import forms, permissions, selectors, services
from economie071.portfolio.exceptions import PortfolioError
from economie071.portfolio.models import BudgetLine, Project
from economie071.portfolio.panels import PROJECT_PAGE, panels
from economie071.portfolio.views.common import office_only


def project_detail(request, slug):
    """The project's latest published card for everyone; its cards in every state and its
    phase history for the programme office, the steering group and its leader."""
    programme = programme_or_404()
    project = get_object_or_404(Project.objects.filter(programme=programme), slug=slug)
    revision = selectors.latest_published_revision(project=project)
    context = {
        "project": project,
        "revision": revision,
        "pillars": project.pillars.all(),
        "themes": project.themes.all(),
    }
    if revision is not None:
        context.update(selectors.card_display(snapshot=revision.snapshot))
    user = request.user
    if permissions.can_read_unpublished(user) or permissions.is_project_leader(user, project):
        context["cards"] = project.cards.select_related("period").order_by(
            "-period__year", "-period__half"
        )
        context["phase_history"] = selectors.phase_history(project=project)
    context["panels"] = panels(PROJECT_PAGE, request=request, project=project)
    return render(request, "portfolio/project_detail.html", context)


@login_required
def portfolio(request):
    programme = programme_or_404()
    form = forms.PortfolioFilterForm(request.GET or None, programme=programme)
    filters = selectors.ProjectFilters()
    if form.is_valid():
        filters = selectors.ProjectFilters(**form.cleaned_data)
    projects = selectors.project_search(
        programme=programme,
        filters=filters,
        include_unpublished=permissions.can_read_unpublished(request.user),
    )
    return render(request, "portfolio/portfolio.html", {"form": form, "projects": projects})


# --- The programme office -------------------------------------------------------------------


@login_required
def project_create(request):
    office_only(request)
    programme = programme_or_404()
    form = forms.ProjectForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            project = services.project_create(
                programme=programme,
                actor=request.user,
                name=cd["name"],
                slug=cd["slug"],
                phase=cd["phase"],
                short_description=cd["short_description"],
                pillars=cd["pillars"],
                themes=cd["themes"],
            )
        except PortfolioError as exc:
            form.add_error("slug" if exc.code == "slug" else None, error_message(exc))
        else:
            messages.success(request, _("The project has been created."))
            return redirect("portfolio:project_roles", slug=project.slug)
    return render(request, "portfolio/project_create.html", {"form": form})


@login_required
def project_audit_log(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied
    return render(
        request,
        "portfolio/project_audit.html",
        {"project": project, "entries": audit_entries_for_project(project=project)[:500]},
    )


@login_required
def project_phase(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied
    form = forms.PhaseChangeForm(
        request.POST or None, initial={"date": timezone.localdate(), "phase": project.phase}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_change_phase(
                project=project,
                actor=request.user,
                phase=form.cleaned_data["phase"],
                date=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except PortfolioError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The phase has been changed."))
            return redirect("portfolio:project", slug=project.slug)
    return render(
        request,
        "portfolio/project_phase.html",
        {"project": project, "form": form, "history": selectors.phase_history(project=project)},
    )


@login_required
def project_roles(request, slug):
    office_only(request)
    project = get_object_or_404(Project, slug=slug)
    form = forms.RoleForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(project=project, actor=request.user, **form.cleaned_data)
        except PortfolioError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The role has been added."))
            return redirect("portfolio:project_roles", slug=project.slug)
    return render(
        request,
        "portfolio/project_roles.html",
        {
            "project": project,
            "roles": selectors.project_roles(project=project),
            "form": form,
            "end_form": forms.RoleEndForm(initial={"ends_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def role_end(request, slug, role_id):
    office_only(request)
    project = get_object_or_404(Project, slug=slug)
    role = get_object_or_404(project.roles, pk=role_id)
    form = forms.RoleEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid end date."))
    else:
        try:
            services.role_end(role=role, actor=request.user, ends_on=form.cleaned_data["ends_on"])
        except PortfolioError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("The role has been ended."))
    return redirect("portfolio:project_roles", slug=project.slug)


@login_required
@require_POST
def budget_line_action(request, slug, pk):
    """Confirm a budget line carried over from the previous half year, or remove a line."""
    office_only(request)
    line = get_object_or_404(
        BudgetLine.objects.select_related("project"), pk=pk, project__slug=slug
    )
    action = request.POST.get("action")
    if action == "confirm":
        services.budget_line_confirm(line=line, actor=request.user)
        messages.success(request, _("The budget line has been confirmed."))
    elif action == "remove":
        services.budget_line_remove(line=line, actor=request.user)
        messages.success(request, _("The budget line has been removed."))
    else:
        messages.error(request, _("Choose to confirm or to remove the budget line."))
    return redirect("portfolio:project_budget", slug=slug)


@login_required
def project_budget(request, slug):
    office_only(request)
    project = get_object_or_404(Project.objects.select_related("programme"), slug=slug)
    form = forms.BudgetLineForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(project=project, actor=request.user, **form.cleaned_data)
        except PortfolioError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The budget line has been added."))
            return redirect("portfolio:project_budget", slug=project.slug)
    allocations = [
        selectors.budget_allocation(line=line)
        for line in selectors.budget_lines(programme=project.programme).filter(project=project)
    ]
    return render(
        request,
        "portfolio/project_budget.html",
        {
            "project": project,
            "form": form,
            "allocations": allocations,
            "carried_over": sum(1 for a in allocations if a.line.carried_over_from_id),
        },
    )
