"""The career adviser's pages: find a person who consented, see their matches and paths,
and override a suggestion (hide, show first, annotate) with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import error_message
from economie071.skills import permissions, selectors, services
from economie071.skills.constants import NotHiredReason, Outcome
from economie071.skills.exceptions import NoConsent, PassportErased, SkillsError
from economie071.skills.forms import OverrideForm
from economie071.skills.models import AdviserOverride, Occupation, Vacancy
from economie071.skills.views.common import get_or_404, require, sector_filter

PAGE = 50


def _adviser(user) -> None:
    require(permissions.is_adviser(user) or permissions.is_office(user))


@login_required
def adviser_index(request):
    _adviser(request.user)
    query = request.GET.get("q", "").strip()[:100]
    passports = selectors.passports_for_adviser(actor=request.user)
    if query:
        passports = passports.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__email__icontains=query)
        )
    return render(
        request,
        "skills/adviser_index.html",
        {
            "passports": passports[:PAGE],
            "query": query,
            "total": passports.count(),
            "figures": selectors.contact_figures(actor=request.user),
        },
    )


def _passport_or_gone(request, pk):
    try:
        return selectors.passport_get(passport_id=pk, actor=request.user), None
    except PassportErased as exc:
        return None, render(
            request, "skills/gone.html", {"message": error_message(exc)}, status=404
        )
    except SkillsError:
        # No consent (any more): advisers see nothing of the passport.
        return None, render(
            request,
            "skills/gone.html",
            {"message": _("This person has withdrawn their consent; nothing about them is shown.")},
            status=404,
        )


@login_required
def adviser_passport(request, pk):
    _adviser(request.user)
    passport, gone = _passport_or_gone(request, pk)
    if gone:
        return gone
    chosen = sector_filter(request)
    try:
        items = selectors.vacancies_for_passport(
            passport=passport, actor=request.user, include_hidden=True
        )
        paths = selectors.mobility_for(
            actor=request.user,
            passport=passport,
            k=10,
            include_hidden=True,
            sector=chosen["sector"],
        )
        services.match_log_record(actor=request.user, shown=[*items, *paths])
    except NoConsent:
        items, paths = [], []
    return render(
        request,
        "skills/adviser_passport.html",
        {
            "passport": passport,
            "skills": selectors.passport_skills(passport=passport),
            "experience": passport.experience.select_related("occupation"),
            "items": items,
            "paths": paths,
            "overrides": passport.overrides.filter(revoked_at__isnull=True).select_related(
                "adviser", "vacancy", "occupation"
            ),
            "form": OverrideForm(),
            "contacts": selectors.contacts_of_person(passport=passport, actor=request.user),
            "open_vacancies": selectors.open_vacancies().order_by("title", "pk"),
            "modules": selectors.modules().order_by("title", "pk"),
            "outcomes": Outcome.choices,
            "reasons": NotHiredReason.choices,
            **chosen,
        },
    )


@login_required
@require_POST
def override_record(request, pk):
    _adviser(request.user)
    passport, gone = _passport_or_gone(request, pk)
    if gone:
        return gone
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        vacancy = Vacancy.objects.filter(pk=data["vacancy"]).first() if data["vacancy"] else None
        occupation = (
            Occupation.objects.filter(pk=data["occupation"]).first() if data["occupation"] else None
        )
        try:
            services.adviser_override_record(
                actor=request.user,
                passport=passport,
                action=data["action"],
                reason=data["reason"],
                vacancy=vacancy,
                occupation=occupation,
            )
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("Your override has been recorded."))
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[name].label}: {' '.join(errors)}"
                if form.fields[name].label
                else " ".join(errors)
                for name, errors in form.errors.items()
                if name in form.fields
            )
            or _("Check the form."),
        )
    return redirect(reverse("skills:adviser_passport", args=[passport.pk]) + "#overrides-heading")


@login_required
@require_POST
def override_revoke(request, pk):
    _adviser(request.user)
    override = get_or_404(AdviserOverride.objects.all(), pk, _("There is no such override."))
    try:
        services.adviser_override_revoke(override=override, actor=request.user)
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The override has been revoked."))
    return redirect(
        reverse("skills:adviser_passport", args=[override.passport_id]) + "#overrides-heading"
    )
