"""Public pages: the House of Skills itself, the data-protection page, the taxonomy and
the training offer. Nothing personal is shown here."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core import jobs
from economie071.core import tasks as core_tasks
from economie071.core.programme import programme_or_404
from economie071.skills import permissions, selectors
from economie071.skills.constants import (
    PRIVACY_TEXT_VERSION,
    WITHDRAWN_RETENTION_DAYS,
    Evidence,
    Level,
)
from economie071.skills.forms import SearchForm
from economie071.skills.models import Occupation, TrainingModule
from economie071.skills.views.common import get_or_404, sector_filter


def index(request):
    programme = programme_or_404()
    user = request.user
    context = {
        "programme": programme,
        "century_skills": selectors.century_skills(),
        "passport": selectors.passport_of(user=user),
        "is_employer": permissions.is_employer(user) or permissions.is_office(user),
        "is_provider": permissions.is_provider(user) or permissions.is_office(user),
        "is_adviser": permissions.is_adviser(user) or permissions.is_office(user),
        "can_view_plan": permissions.can_view_matching_plan(user),
        "sectors": selectors.sectors(),
    }
    return render(request, "skills/index.html", context)


def privacy(request):
    """The data-protection page (the basis of the DPIA)."""
    return render(
        request,
        "skills/privacy.html",
        {
            "version": PRIVACY_TEXT_VERSION,
            "retention_days": WITHDRAWN_RETENTION_DAYS,
            "levels": Level.choices,
            "evidence": Evidence.choices,
        },
    )


def taxonomy(request):
    """Search occupations and skills (Dutch and English labels, alternative ones too)."""
    form = SearchForm(request.GET or None)
    skills, occupations, query = [], [], ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        lang = form.cleaned_data["lang"] or None
        skills = selectors.skill_search(query=query, lang=lang, limit=30)
        occupations = selectors.occupation_search(query=query, limit=30)
    return render(
        request,
        "skills/taxonomy.html",
        {
            "form": form,
            "query": query,
            "skills": skills,
            "occupations": occupations,
            "sectors": selectors.sectors(),
            "esco_import": bool(settings.ESCO_IMPORT_DIR) and permissions.is_office(request.user),
        },
    )


@require_POST
def esco_import_start(request):
    """Import the ESCO download in ESCO_IMPORT_DIR as a job (`economie071 import_esco`)."""
    if not (settings.ESCO_IMPORT_DIR and permissions.is_office(request.user)):
        raise PermissionDenied
    args = [settings.ESCO_IMPORT_DIR, "--lang", "nl", "--lang", "en", "--no-progress"]
    jobs.start_for_page(
        request,
        core_tasks.run_command,
        "import_esco",
        *args,
        started=_(
            "The ESCO import has started in the background; it takes some minutes. "
            "Search the taxonomy afterwards to see the new skills and occupations."
        ),
        failed=_("The ESCO import failed; nothing was changed. %(reason)s"),
        done=_("The ESCO classification has been imported."),
    )
    return redirect("skills:taxonomy")


def occupation_detail(request, pk):
    occupation = get_or_404(
        Occupation.objects.select_related("isco_group", "broader"),
        pk,
        _("There is no such occupation."),
    )
    skills = selectors.occupation_with_skills(occupation=occupation)
    chosen = sector_filter(request)
    paths = selectors.mobility_for(
        actor=request.user, occupation=occupation, k=10, sector=chosen["sector"]
    )
    passport = selectors.passport_of(user=request.user)
    return render(
        request,
        "skills/occupation_detail.html",
        {
            "occupation": occupation,
            "essential": skills["essential"],
            "optional": skills["optional"],
            "sector": selectors.occupation_sector(occupation=occupation),
            "paths": paths,
            "passport": passport if passport and passport.has_consent else None,
            **chosen,
        },
    )


def module_list(request):
    user = request.user
    providers = selectors.providers_of(actor=user) if user.is_authenticated else None
    mine = []
    if providers is not None and providers.exists():
        mine = (
            TrainingModule.objects.filter(provider__in=providers)
            .select_related("provider__organisation")
            .order_by("title")
        )
    return render(
        request,
        "skills/module_list.html",
        {
            "modules": selectors.modules().order_by("title"),
            "mine": mine,
            "can_create": bool(mine) or (providers is not None and providers.exists()),
        },
    )


def module_detail(request, pk):
    module = get_or_404(
        TrainingModule.objects.select_related("provider__organisation").prefetch_related(
            "skills__skill"
        ),
        pk,
        _("There is no such training module."),
    )
    return render(
        request,
        "skills/module_detail.html",
        {"module": module, "can_manage": permissions.can_manage_module(request.user, module)},
    )
