"""The employer's pages: vacancies, turning one into a skills demand (proposed skills with
the words they were found in, confirmed as must-have or nice-to-have with a minimum level),
opening it, and the consenting candidates with their explanations. Career advisers and the
programme office see the vacancies and candidates too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.programme.models import Organisation
from economie071.skills import permissions, selectors, services
from economie071.skills.constants import DemandStatus, NotHiredReason, Outcome
from economie071.skills.exceptions import SkillsError
from economie071.skills.forms import (
    DemandAddForm,
    DemandConfirmForm,
    OccupationConfirmForm,
    SearchForm,
    VacancyForm,
)
from economie071.skills.models import DemandSkill, Vacancy
from economie071.skills.views.common import get_or_404, posted, require


def _vacancy(pk) -> Vacancy:
    return get_or_404(
        Vacancy.objects.select_related("organisation", "occupation", "municipality"),
        pk,
        _("There is no such vacancy."),
    )


def _may_see(user, vacancy) -> None:
    require(permissions.can_view_candidates(user, vacancy))


def _manage(user, vacancy) -> None:
    require(permissions.can_manage_vacancy(user, vacancy))


def _employer_organisations(user):
    if permissions.is_office(user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        pk__in=permissions.organisation_ids(user, "employer")
    ).order_by("name")


def _is_staff_reader(user) -> bool:
    return permissions.is_office(user) or permissions.is_adviser(user)


@login_required
def vacancy_list(request):
    user = request.user
    require(permissions.is_employer(user) or _is_staff_reader(user))
    if permissions.is_office(user) or permissions.is_employer(user):
        vacancies = selectors.vacancies_of(actor=user)
    else:
        vacancies = selectors.open_vacancies()
    return render(
        request,
        "skills/vacancy_list.html",
        {
            "vacancies": vacancies.order_by("-created_at", "-id"),
            "can_create": permissions.is_employer(user) or permissions.is_office(user),
        },
    )


def _why(match) -> str:
    """Why an occupation is proposed, in a few words (title, text, skills)."""
    return _why_words(
        " ".join(s.text for s in match.in_title), bool(match.evidence), len(match.shared)
    )


def _stored_why(row: dict) -> str:
    """The same for a proposal kept with the vacancy (plain data)."""
    return _why_words(
        " ".join(s.get("text", "") for s in row.get("in_title") or ()),
        bool(row.get("evidence")),
        len(row.get("skills") or ()),
    )


def _why_words(title_words: str, named: bool, skills: int) -> str:
    parts = []
    if title_words:
        parts.append(_("title: “%(words)s”") % {"words": title_words})
    if named:
        parts.append(_("named in the text"))
    if skills:
        parts.append(
            ngettext("%(count)s skill found fits", "%(count)s skills found fit", skills)
            % {"count": skills}
        )
    return "; ".join(parts)


@login_required
def vacancy_create(request):
    """New vacancy. "Propose occupations" reads the title and text and offers the best three
    (nothing is saved yet); saving proposes the skills, ranked by evidence."""
    user = request.user
    require(permissions.is_employer(user) or permissions.is_office(user))
    suggestions = []
    if request.method == "POST" and "suggest" in request.POST:
        probe = VacancyForm(
            request.POST, request.FILES, organisations=_employer_organisations(user)
        )
        if probe.is_valid():
            suggestions = [
                (occ, _why(match))
                for occ, match in selectors.occupation_suggestions(
                    title=probe.cleaned_data["title"], text=probe.cleaned_data["text"] or ""
                )
            ]
        form = VacancyForm(
            request.POST,
            request.FILES,
            organisations=_employer_organisations(user),
            suggestions=suggestions,
        )
        return render(
            request,
            "skills/vacancy_form.html",
            {"form": form, "proposing": True, "suggested": bool(suggestions)},
        )
    if request.method == "POST" and request.POST.get("occupation_choice"):
        # the choice was offered from these proposals: offer them again to validate it
        probe = VacancyForm(
            request.POST, request.FILES, organisations=_employer_organisations(user)
        )
        if probe.is_valid():
            suggestions = [
                (occ, _why(match))
                for occ, match in selectors.occupation_suggestions(
                    title=probe.cleaned_data["title"], text=probe.cleaned_data["text"] or ""
                )
            ]
    form = VacancyForm(
        posted(request),
        posted(request, files=True),
        organisations=_employer_organisations(user),
        suggestions=suggestions,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a vacancy whose skills cannot be proposed is not kept.
            with transaction.atomic():
                vacancy = services.vacancy_create(
                    organisation=data["organisation"],
                    actor=user,
                    title=data["title"],
                    occupation=data["occupation"],
                    municipality=data["municipality"],
                    hours=data["hours"],
                    text=data["text"] or "",
                )
                proposal = services.vacancy_propose_skills(vacancy=vacancy, actor=user)
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The vacancy has been saved as a draft with %(count)s proposed skills. "
                    "Confirm the skills you ask for, then open it."
                )
                % {"count": len(proposal.proposed)},
            )
            return redirect("skills:vacancy", pk=vacancy.pk)
    return render(request, "skills/vacancy_form.html", {"form": form})


@login_required
def vacancy_edit(request, pk):
    """Change a vacancy's details or text; its skills are proposed again from them, and the
    employer's decisions on skills stay as they were."""
    vacancy = _vacancy(pk)
    user = request.user
    _manage(user, vacancy)
    stored = selectors.stored_occupation_suggestions(vacancy=vacancy)
    suggestions = [(row["object"], _stored_why(row)) for row in stored]
    chosen = (
        vacancy.occupation_id if vacancy.occupation_id in {o.pk for o, _w in suggestions} else None
    )
    initial = {
        "organisation": vacancy.organisation,
        "title": vacancy.title,
        "occupation_choice": str(chosen) if chosen else "",
        "occupation": None if chosen else vacancy.occupation,
        "municipality": vacancy.municipality,
        "hours": vacancy.hours,
        "text": vacancy.text,
    }
    form = VacancyForm(
        posted(request),
        posted(request, files=True),
        initial=initial,
        organisations=Organisation.objects.filter(pk=vacancy.organisation_id),
        suggestions=suggestions,
    )
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.vacancy_update(
                    vacancy=vacancy,
                    actor=user,
                    title=data["title"],
                    occupation=data["occupation"],
                    municipality=data["municipality"],
                    hours=data["hours"],
                    text=data["text"] or "",
                )
                proposal = services.vacancy_propose_skills(vacancy=vacancy, actor=user)
        except SkillsError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The vacancy has been saved. %(count)s skills are proposed; the skills you "
                    "confirmed or rejected stay as they were."
                )
                % {"count": len(proposal.proposed)},
            )
            return redirect("skills:vacancy", pk=vacancy.pk)
    return render(
        request,
        "skills/vacancy_form.html",
        {
            "form": form,
            "vacancy": vacancy,
            "title": _("Edit %(title)s") % {"title": vacancy.title},
            "submit": _("Save and propose skills again"),
        },
    )


def _highlight(text: str, rows) -> list[tuple[str, bool]]:
    """The vacancy text cut in pieces, marking the words skills were found in."""
    spans = sorted(
        {
            (span["start"], span["end"])
            for row in rows
            for span in (row.evidence or [])
            if 0 <= span.get("start", -1) < span.get("end", -1) <= len(text)
        }
    )
    pieces, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


# an occupation's profile has up to a hundred skills: the best ones are shown, the rest folded
PROFILE_SHOWN = 10


@login_required
def vacancy_detail(request, pk):
    vacancy = _vacancy(pk)
    user = request.user
    _may_see(user, vacancy)
    demand = selectors.vacancy_demand(vacancy=vacancy)
    can_manage = permissions.can_manage_vacancy(user, vacancy)
    proposed = demand[DemandStatus.PROPOSED]
    shown = proposed + demand[DemandStatus.CONFIRMED]
    own = selectors.own_dutch_names(skills=[row.skill for row in shown]) if shown else {}
    for row in shown:
        row.own_name = own.get(row.skill_id, "")
    groups = selectors.proposal_groups(proposed)
    search = SearchForm(request.GET or None)
    results = []
    if can_manage and search.is_valid():
        results = selectors.skill_search(
            query=search.cleaned_data["q"], lang=search.cleaned_data["lang"] or None
        )
    return render(
        request,
        "skills/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "proposed": groups["asked"],
            "in_passing": groups["in_passing"],
            "from_profile": groups["profile"][:PROFILE_SHOWN],
            "from_profile_more": groups["profile"][PROFILE_SHOWN:],
            "suggestions": []
            if vacancy.occupation_id
            else [
                {**row, "why": _stored_why(row)}
                for row in selectors.stored_occupation_suggestions(vacancy=vacancy)
            ],
            "confirmed": demand[DemandStatus.CONFIRMED],
            "rejected": demand[DemandStatus.REJECTED],
            "unmatched": selectors.unmatched_phrases(vacancy=vacancy),
            "pieces": _highlight(vacancy.text, proposed + demand[DemandStatus.CONFIRMED]),
            "can_manage": can_manage,
            "confirm_form": DemandConfirmForm(initial={"must": "1", "min_level": 1}),
            "search": search,
            "results": results,
            "contacts": selectors.contacts_of_vacancy(vacancy=vacancy, actor=user),
            "outcomes": Outcome.choices,
            "reasons": NotHiredReason.choices,
        },
    )


@login_required
@require_POST
def vacancy_confirm_occupation(request, pk):
    """The employer confirms one of the proposed occupations; skills are proposed again."""
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    form = OccupationConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.vacancy_confirm_occupation(
                vacancy=vacancy, actor=request.user, occupation=form.cleaned_data["occupation"]
            )
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(
                request,
                _(
                    "“%(occupation)s” is the occupation of this vacancy; its skills are proposed "
                    "below the skills the text asks for."
                )
                % {"occupation": form.cleaned_data["occupation"]},
            )
    else:
        messages.error(request, _field_errors(form))
    return redirect("skills:vacancy", pk=vacancy.pk)


def _demand_row(vacancy, demand_pk) -> DemandSkill:
    return get_or_404(
        DemandSkill.objects.select_related("skill", "vacancy").filter(vacancy=vacancy),
        demand_pk,
        _("This skill is not part of the vacancy."),
    )


def _field_errors(form) -> str:
    return " ".join(" ".join(errors) for errors in form.errors.values())


@login_required
@require_POST
def demand_confirm(request, pk, demand_pk):
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    row = _demand_row(vacancy, demand_pk)
    form = DemandConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.vacancy_confirm_skill(
                demand_skill=row, actor=request.user, **form.cleaned_data
            )
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            kind = _("must-have") if form.cleaned_data["must"] else _("nice-to-have")
            messages.success(
                request,
                _("“%(skill)s” confirmed as %(kind)s.") % {"skill": row.skill.label, "kind": kind},
            )
    else:
        messages.error(
            request,
            _("“%(skill)s”: %(errors)s")
            % {"skill": row.skill.label, "errors": _field_errors(form)},
        )
    return redirect("skills:vacancy", pk=vacancy.pk)


@login_required
@require_POST
def demand_reject(request, pk, demand_pk):
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    row = _demand_row(vacancy, demand_pk)
    services.vacancy_reject_skill(demand_skill=row, actor=request.user)
    messages.success(request, _("“%(skill)s” is not asked for.") % {"skill": row.skill.label})
    return redirect("skills:vacancy", pk=vacancy.pk)


@login_required
@require_POST
def demand_add(request, pk):
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    form = DemandAddForm(request.POST)
    if form.is_valid():
        try:
            services.vacancy_add_skill(vacancy=vacancy, actor=request.user, **form.cleaned_data)
        except SkillsError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(
                request,
                _("“%(skill)s” has been added.") % {"skill": form.cleaned_data["skill"].label},
            )
    else:
        messages.error(request, _field_errors(form))
    return redirect("skills:vacancy", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_open(request, pk):
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    try:
        services.vacancy_open(vacancy=vacancy, actor=request.user)
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The vacancy is open: it is matched with passports now."))
    return redirect("skills:vacancy", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_close(request, pk):
    vacancy = _vacancy(pk)
    _manage(request.user, vacancy)
    try:
        services.vacancy_close(vacancy=vacancy, actor=request.user)
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The vacancy has been closed."))
    return redirect("skills:vacancy", pk=vacancy.pk)


@login_required
def candidates(request, pk):
    """People with current consent who chose to be found, best first, with the reasons."""
    vacancy = _vacancy(pk)
    user = request.user
    _may_see(user, vacancy)
    staff = _is_staff_reader(user)
    items, error = [], ""
    try:
        items = selectors.candidates_for_vacancy(
            vacancy=vacancy, actor=user, include_hidden=permissions.can_override(user)
        )
        services.match_log_record(actor=user, shown=items)
    except SkillsError as exc:
        error = error_message(exc)
    return render(
        request,
        "skills/candidates.html",
        {
            "vacancy": vacancy,
            "items": items,
            "error": error,
            "staff": staff,
            "can_manage": permissions.can_manage_vacancy(user, vacancy),
        },
    )
