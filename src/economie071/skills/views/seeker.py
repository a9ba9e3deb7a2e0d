"""The job seeker's pages: consent, the passport editor, matches, mobility paths, the
training plan, the regional gap plan, download and erasure. Only the person sees these
pages for their own passport (advisers have their own pages)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.skills import selectors, services
from economie071.skills.constants import PRIVACY_TEXT_VERSION, WITHDRAWN_RETENTION_DAYS
from economie071.skills.exceptions import NoConsent, SkillsError
from economie071.skills.forms import (
    ConsentForm,
    EraseForm,
    ExperienceForm,
    ExperienceRemoveForm,
    PassportSkillForm,
    PreferencesForm,
    SearchForm,
    SkillRemoveForm,
    TrainingPlanForm,
    int_or_none,
)
from economie071.skills.models import Occupation
from economie071.skills.views.common import own_passport_or_redirect, posted, sector_filter


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[name].label or ''}: {' '.join(errors)}".lstrip(": ")
        if name in form.fields and form.fields[name].label
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _back_to_passport(request):
    query = request.POST.get("q", "").strip()
    url = reverse("skills:passport")
    return redirect(f"{url}?q={query}" if query else url)


@login_required
def consent(request):
    """The privacy statement and its version; a passport is made only with consent."""
    passport = selectors.passport_of(user=request.user)
    if passport is not None and passport.has_consent:
        return redirect("skills:passport")
    form = ConsentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if passport is None:
                services.passport_create(
                    user=request.user,
                    actor=request.user,
                    consent=True,
                    consent_version=form.cleaned_data["version"],
                    discoverable=form.cleaned_data["discoverable"],
                )
                messages.success(request, _("Your skills passport has been made."))
            else:
                services.passport_consent_give(
                    passport=passport,
                    actor=request.user,
                    consent=True,
                    consent_version=form.cleaned_data["version"],
                )
                if form.cleaned_data["discoverable"]:
                    services.passport_set_discoverable(
                        passport=passport, actor=request.user, discoverable=True
                    )
                messages.success(request, _("Your consent has been recorded again."))
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            return redirect("skills:passport")
    return render(
        request,
        "skills/consent.html",
        {
            "form": form,
            "passport": passport,
            "version": PRIVACY_TEXT_VERSION,
            "retention_days": WITHDRAWN_RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def consent_withdraw(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    try:
        services.passport_consent_withdraw(passport=passport, actor=request.user)
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request,
            _(
                "Your consent has been withdrawn: your passport takes part in no match any "
                "more. It is erased after %(days)s days unless you give consent again."
            )
            % {"days": WITHDRAWN_RETENTION_DAYS},
        )
    return redirect("skills:passport")


@login_required
def passport(request):
    """The passport editor: skills with level and evidence, experience, preferences."""
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    search = SearchForm(request.GET or None)
    results, query = [], ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        results = selectors.skill_search(query=query, lang=search.cleaned_data["lang"] or None)
    occupation_query = request.GET.get("beroep", "").strip()[:100]
    occupations = selectors.occupation_search(query=occupation_query) if occupation_query else []
    skills = list(selectors.passport_skills(passport=passport))
    held = {row.skill_id: row for row in skills}
    skill_form = PassportSkillForm()
    return render(
        request,
        "skills/passport.html",
        {
            "passport": passport,
            "skills": skills,
            "held": held,
            "experience": passport.experience.select_related("occupation"),
            "sectors": passport.sectors.all(),
            "municipalities": passport.municipalities.order_by("name"),
            "search": search,
            "query": query,
            "results": results,
            "occupation_query": occupation_query,
            "occupations": occupations,
            "skill_form": skill_form,
            "module_choices": list(skill_form.fields["module"].choices),
            "experience_form": ExperienceForm(),
            "century": selectors.century_profile(passport=passport),
        },
    )


@login_required
@require_POST
def skill_set(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = PassportSkillForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.passport_skill_set(
                passport=passport,
                actor=request.user,
                skill=data["skill"],
                level=data["level"],
                evidence=data["evidence"],
                module=data["module"],
            )
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(
                request,
                _("“%(skill)s” is in your passport at level %(level)s.")
                % {"skill": data["skill"].label, "level": data["level"]},
            )
    else:
        messages.error(request, _form_errors(form))
    return _back_to_passport(request)


@login_required
@require_POST
def skill_remove(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = SkillRemoveForm(request.POST)
    if form.is_valid():
        services.passport_skill_remove(
            passport=passport, actor=request.user, skill=form.cleaned_data["skill"]
        )
        messages.success(
            request,
            _("“%(skill)s” has been removed from your passport.")
            % {"skill": form.cleaned_data["skill"].label},
        )
    else:
        messages.error(request, _form_errors(form))
    return _back_to_passport(request)


@login_required
@require_POST
def experience_set(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = ExperienceForm(request.POST)
    if form.is_valid():
        try:
            services.passport_experience_set(
                passport=passport, actor=request.user, **form.cleaned_data
            )
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("Your work experience has been saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(reverse("skills:passport") + "#experience-heading")


@login_required
@require_POST
def experience_remove(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = ExperienceRemoveForm(request.POST)
    if form.is_valid():
        services.passport_experience_remove(
            passport=passport, actor=request.user, occupation=form.cleaned_data["occupation"]
        )
        messages.success(request, _("The work experience has been removed."))
    return redirect(reverse("skills:passport") + "#experience-heading")


@login_required
def preferences(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    initial = {
        "sectors": list(passport.sectors.all()),
        "municipalities": list(passport.municipalities.all()),
        "min_hours": passport.min_hours,
        "max_hours": passport.max_hours,
        "discoverable": passport.discoverable,
    }
    form = PreferencesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.passport_preferences_set(
                passport=passport,
                actor=request.user,
                sectors=list(data["sectors"]),
                municipalities=list(data["municipalities"]),
                min_hours=data["min_hours"],
                max_hours=data["max_hours"],
            )
            if data["discoverable"] != passport.discoverable:
                services.passport_set_discoverable(
                    passport=passport, actor=request.user, discoverable=data["discoverable"]
                )
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your preferences have been saved."))
            return redirect("skills:passport")
    return render(
        request,
        "skills/form.html",
        {
            "form": form,
            "title": _("My preferences"),
            "submit": _("Save preferences"),
            "back": reverse("skills:passport"),
            "back_label": _("My skills passport"),
        },
    )


def _no_consent(request, passport, title):
    return render(request, "skills/no_consent.html", {"passport": passport, "title": title})


@login_required
def matches(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    try:
        items = selectors.vacancies_for_passport(passport=passport, actor=request.user)
    except NoConsent:
        return _no_consent(request, passport, _("Vacancies that fit me"))
    services.match_log_record(actor=request.user, shown=items)
    return render(
        request,
        "skills/matches.html",
        {"passport": passport, "items": items, "has_skills": passport.skills.exists()},
    )


@login_required
def mobility(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    other = request.GET.get("andere-sectoren") == "1"
    chosen = sector_filter(request)
    try:
        paths = selectors.mobility_for(
            actor=request.user,
            passport=passport,
            k=20,
            other_sectors_only=other,
            sector=chosen["sector"],
        )
    except NoConsent:
        return _no_consent(request, passport, _("Where I could go"))
    services.match_log_record(actor=request.user, shown=paths)
    return render(
        request,
        "skills/mobility.html",
        {"passport": passport, "paths": paths, "other_sectors_only": other, **chosen},
    )


@login_required
def training(request):
    """The cheapest or shortest set of modules for a vacancy or an occupation."""
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = TrainingPlanForm(
        {
            "vacancy": request.GET.get("vacature"),
            "occupation": request.GET.get("beroep"),
            "objective": request.GET.get("doel") or "cost",
        }
    )
    form.is_valid()
    data = form.cleaned_data
    objective = data.get("objective") or "cost"
    vacancy_id = int_or_none(data.get("vacancy"))
    occupation_id = int_or_none(data.get("occupation"))
    vacancy = selectors.open_vacancies().filter(pk=vacancy_id).first() if vacancy_id else None
    occupation = Occupation.objects.filter(pk=occupation_id).first() if occupation_id else None
    plan, error = None, ""
    if vacancy or occupation:
        try:
            plan = selectors.training_plan(
                passport=passport,
                actor=request.user,
                vacancy=vacancy,
                occupation=None if vacancy else occupation,
                objective=objective,
            )
            services.match_log_record(actor=request.user, shown=[plan])
        except NoConsent:
            return _no_consent(request, passport, _("Training plan"))
        except SkillsError as exc:
            error = error_message(exc)
    elif vacancy_id or occupation_id:
        error = _("There is no such open vacancy or occupation.")
    return render(
        request,
        "skills/training.html",
        {
            "passport": passport,
            "plan": plan,
            "error": error,
            "vacancy": vacancy,
            "occupation": None if vacancy else occupation,
            "objective": objective,
            "open_vacancies": selectors.open_vacancies().order_by("title")[:50] if not plan else [],
        },
    )


@login_required
def gap_plan(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    try:
        options = selectors.gap_plan(passport=passport, actor=request.user)
    except NoConsent:
        return _no_consent(request, passport, _("Regional gap plan"))
    services.match_log_record(actor=request.user, shown=options)
    return render(request, "skills/gap_plan.html", {"passport": passport, "options": options})


@login_required
def download(request):
    """Everything held about the person, as JSON (GDPR articles 15 and 20)."""
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    data = services.passport_export(passport=passport, actor=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="skillspaspoort-{stamp}.json"'
    return response


@login_required
def erase(request):
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.passport_erase(passport=passport, actor=request.user)
        messages.success(
            request,
            _(
                "Your skills passport has been erased. Nothing of it takes part in "
                "matching any more."
            ),
        )
        return redirect("skills:index")
    return render(
        request,
        "skills/erase.html",
        {"form": form, "passport": passport, "skill_count": passport.skills.count()},
    )
