"""The training provider's pages: create and edit modules (skills taught with their level,
duration, cost, workplace-based), stop or resume offering them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.skills import permissions, selectors, services
from economie071.skills.exceptions import SkillsError
from economie071.skills.forms import ModuleForm, skill_lines
from economie071.skills.models import TrainingModule
from economie071.skills.views.common import get_or_404, posted, require


def _module(pk) -> TrainingModule:
    return get_or_404(
        TrainingModule.objects.select_related("provider__organisation"),
        pk,
        _("There is no such training module."),
    )


@login_required
def module_create(request):
    providers = selectors.providers_of(actor=request.user)
    require(providers.exists())
    form = ModuleForm(posted(request), providers=providers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            module = services.module_create(actor=request.user, **data)
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The module has been published."))
            return redirect("skills:module", pk=module.pk)
    return render(
        request,
        "skills/module_form.html",
        {"form": form, "title": _("New training module"), "submit": _("Publish module")},
    )


@login_required
def module_edit(request, pk):
    module = _module(pk)
    require(permissions.can_manage_module(request.user, module))
    providers = selectors.providers_of(actor=request.user).filter(pk=module.provider_id)
    initial = {
        "provider": module.provider,
        "title": module.title,
        "description": module.description,
        "skills": skill_lines(module.skills.select_related("skill").order_by("skill__label_nl")),
        "duration_hours": module.duration_hours,
        "cost": module.cost,
        "workplace_based": module.workplace_based,
    }
    form = ModuleForm(posted(request), initial=initial, providers=providers)
    form.fields["provider"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("provider")
        try:
            services.module_update(module=module, actor=request.user, **data)
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The module has been saved."))
            return redirect("skills:module", pk=module.pk)
    return render(
        request,
        "skills/module_form.html",
        {
            "form": form,
            "module": module,
            "title": _("Edit %(title)s") % {"title": module.title},
            "submit": _("Save module"),
        },
    )


@login_required
@require_POST
def module_active(request, pk):
    module = _module(pk)
    require(permissions.can_manage_module(request.user, module))
    active = request.POST.get("active") == "1"
    try:
        services.module_set_active(module=module, actor=request.user, active=active)
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request,
            _("The module is offered again.") if active else _("The module is no longer offered."),
        )
    return redirect("skills:module", pk=module.pk)
