"""Views: parse the request, call one service or selector, render. No rules live here."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from economie071.audit.selectors import audit_entries_for_project
from economie071.core import throttle
from economie071.core.forms import error_message
from economie071.core.groups import is_programme_office
from economie071.core.http import client_address
from economie071.core.programme import programme_current, programme_or_404
from economie071.governance.selectors import bodies_behind_cadence, project_decisions
from economie071.portfolio import permissions, selectors, services
from economie071.portfolio.constants import CARD_SECTION_KEYS, CardStatus
from economie071.portfolio.diffing import snapshot_changes
from economie071.portfolio.exceptions import NotAllowed, PortfolioError, StaleCardError
from economie071.portfolio.models import Project
from economie071.portfolio.snapshots import SNAPSHOT_LABELS, card_snapshot
from economie071.programme.exceptions import AccountError
from economie071.programme.selectors import signup_request_by_token
from economie071.programme.services import (
    account_email_confirmed,
    account_signup_confirm,
    account_signup_request,
)
from economie071.web import forms

# --- Public pages --------------------------------------------------------------------------


def home(request):
    programme = programme_or_404()
    return render(
        request,
        "web/home.html",
        {
            "pillars": selectors.pillars_with_projects(programme),
            "themes": selectors.themes_with_projects(programme),
        },
    )


def project_detail(request, slug):
    programme = programme_or_404()
    project = get_object_or_404(Project.objects.filter(programme=programme), slug=slug)
    revision = selectors.latest_published_revision(project)
    context = {
        "project": project,
        "revision": revision,
        "pillars": project.pillars.all(),
        "themes": project.themes.all(),
    }
    if revision is not None:
        context.update(selectors.card_display(revision.snapshot))
    user = request.user
    if permissions.can_read_unpublished(user) or permissions.is_project_leader(user, project):
        context["cards"] = project.cards.select_related("period").order_by(
            "-period__year", "-period__half"
        )
        context["phase_history"] = selectors.phase_history(project)
    context["decisions"] = project_decisions(
        project, published_only=not permissions.can_read_unpublished(user)
    )
    return render(request, "web/project_detail.html", context)


# --- Signed in: dashboard and portfolio -----------------------------------------------------


@login_required
def dashboard(request):
    programme = programme_or_404()
    user = request.user
    period = selectors.current_period(programme)
    context = {"period": period}
    led = permissions.led_project_ids(user)
    if led:
        context["my_cards"] = (
            selectors.round_overview(period).filter(project_id__in=led) if period else []
        )
    if permissions.can_read_unpublished(user):
        if period is not None:
            context["round"] = selectors.round_overview(period)
            context["round_counts"] = [
                (CardStatus(status).label, count)
                for status, count in selectors.round_counts(period).items()
            ]
        context["matrix"] = selectors.phase_pillar_matrix(programme)
        context["governance_behind"] = bodies_behind_cadence(programme)
        allocations = [
            selectors.budget_allocation(line) for line in selectors.budget_lines(programme, period)
        ]
        context["allocations"] = allocations
        context["allocation_totals"] = selectors.allocation_totals(allocations)
    return render(request, "web/dashboard.html", context)


@login_required
def portfolio(request):
    programme = programme_or_404()
    form = forms.PortfolioFilterForm(request.GET or None, programme=programme)
    filters = selectors.ProjectFilters()
    if form.is_valid():
        filters = selectors.ProjectFilters(**form.cleaned_data)
    projects = selectors.project_search(
        programme, filters, include_unpublished=permissions.can_read_unpublished(request.user)
    )
    return render(request, "web/portfolio.html", {"form": form, "projects": projects})


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
            return redirect("web:dashboard")
    return render(request, "web/period_open.html", {"form": form})


# --- Projects (programme office) -----------------------------------------------------------


@login_required
def project_audit_log(request, slug):
    project = get_object_or_404(Project, slug=slug)
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied
    return render(
        request,
        "web/project_audit.html",
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
            return redirect("web:project", slug=project.slug)
    return render(
        request,
        "web/project_phase.html",
        {"project": project, "form": form, "history": selectors.phase_history(project)},
    )


# --- Cards ---------------------------------------------------------------------------------


def _card_or_404(request, pk):
    card = selectors.card_for_user(request.user, pk)
    if card is None:
        raise Http404(_("There is no card here, or you may not see it."))
    return card


@login_required
def card_detail(request, pk):
    card = _card_or_404(request, pk)
    user = request.user
    context = {
        "card": card,
        "can_edit": permissions.can_edit_card(user, card),
        "can_submit": permissions.can_submit_card(user, card),
        "can_review": permissions.can_review_card(user, card),
        "return_form": forms.ReturnCardForm(),
        "correction_form": forms.CorrectionForm(),
        **selectors.card_display(card_snapshot(card)),
    }
    return render(request, "web/card_detail.html", context)


def _card_initial(card) -> dict:
    content = services.CardContent.from_card(card)
    initial = {
        "version": card.version,
        "status_light": content.status_light,
        "quote_text": content.quote_text,
        "quote_person": content.quote_person,
        "quote_attribution": content.quote_attribution,
        **content.sections,
    }
    milestones = [
        {
            **m,
            "links": "\n".join(
                f"{link['label']} | {link['url']}".rstrip(" |") for link in m["links"]
            ),
        }
        for m in content.milestones
    ]
    return {
        "card": initial,
        "extra": content.extra_sections,
        "milestones": milestones,
        "results": content.results,
        "risks": content.risk_items,
    }


def _card_forms(data, initial):
    return (
        forms.CardForm(data, initial=initial["card"]),
        forms.ExtraSectionFormSet(data, initial=initial["extra"], prefix="extra"),
        forms.MilestoneFormSet(data, initial=initial["milestones"], prefix="milestone"),
        forms.ResultFormSet(data, initial=initial["results"], prefix="result"),
        forms.RiskFormSet(data, initial=initial["risks"], prefix="risk"),
    )


def _filled(formset, key):
    return [f.cleaned_data for f in formset if f.cleaned_data and f.cleaned_data.get(key)]


@login_required
def card_edit(request, pk):
    card = _card_or_404(request, pk)
    if not permissions.can_edit_card(request.user, card):
        frozen = {
            CardStatus.PUBLISHED: _("This card is published; start a correction to change it."),
            CardStatus.SUBMITTED: _(
                "This card has been submitted and is frozen until it is returned."
            ),
            CardStatus.APPROVED: _("This card has been approved and waits for publication."),
        }
        if card.status in frozen and (
            is_programme_office(request.user)
            or permissions.is_project_leader(request.user, card.project)
        ):
            messages.info(request, frozen[card.status])
            return redirect("web:card", pk=card.pk)
        raise PermissionDenied
    initial = _card_initial(card)
    data = request.POST if request.method == "POST" else None
    card_form, extra_fs, milestone_fs, result_fs, risk_fs = _card_forms(data, initial)
    conflict = None
    if data is not None and all(
        f.is_valid() for f in (card_form, extra_fs, milestone_fs, result_fs, risk_fs)
    ):
        cd = card_form.cleaned_data
        content = services.CardContent(
            sections={key: cd[key] for key in CARD_SECTION_KEYS},
            extra_sections=[
                f.cleaned_data
                for f in extra_fs
                if f.cleaned_data and (f.cleaned_data.get("heading") or f.cleaned_data.get("body"))
            ],
            status_light=cd["status_light"],
            quote_text=cd["quote_text"],
            quote_person=cd["quote_person"],
            quote_attribution=cd["quote_attribution"],
            milestones=_filled(milestone_fs, "title"),
            results=_filled(result_fs, "label"),
            risk_items=_filled(risk_fs, "description"),
        )
        try:
            services.card_update(
                card=card, actor=request.user, content=content, expected_version=cd["version"]
            )
        except StaleCardError as exc:
            # Keep what this person typed; show what the other person saved beside it.
            card.refresh_from_db()
            conflict = {
                "message": error_message(exc),
                "changes": snapshot_changes(
                    card_snapshot(card), _posted_snapshot(content), SNAPSHOT_LABELS
                ),
            }
            mutable = request.POST.copy()
            mutable["version"] = card.version
            card_form, extra_fs, milestone_fs, result_fs, risk_fs = _card_forms(mutable, initial)
            for form in (card_form, extra_fs, milestone_fs, result_fs, risk_fs):
                form.is_valid()
        except PortfolioError as exc:
            card_form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The card has been saved."))
            if "submit" in request.POST and permissions.can_submit_card(request.user, card):
                return _card_step(
                    request,
                    card,
                    services.card_submit,
                    _("The card has been submitted to the programme office."),
                )
            return redirect("web:card", pk=card.pk)
    return render(
        request,
        "web/card_edit.html",
        {
            "card": card,
            "form": card_form,
            "extra_formset": extra_fs,
            "milestone_formset": milestone_fs,
            "result_formset": result_fs,
            "risk_formset": risk_fs,
            "conflict": conflict,
            "formset_errors": any(
                fs.total_error_count() for fs in (extra_fs, milestone_fs, result_fs, risk_fs)
            ),
        },
        status=409 if conflict else 200,
    )


def _posted_snapshot(content: services.CardContent) -> dict:
    """The text someone tried to save, in snapshot form, to compare with the saved card."""
    return {
        **content.sections,
        "status_light": content.status_light,
        "quote": {"text": content.quote_text, "attribution": content.quote_attribution},
        "extra_sections": content.extra_sections,
        "milestones": [
            {"date": str(m["date"]), "title": m["title"], "text": m.get("text", "")}
            for m in content.milestones
        ],
        "results": [
            {"label": r["label"], "value": str(r["value"]), "unit": r["unit"]}
            for r in content.results
        ],
        "risk_items": [
            {"description": r["description"], "mitigation": r.get("mitigation", "")}
            for r in content.risk_items
        ],
    }


def _card_step(request, card, step, success_message, **kwargs) -> HttpResponseRedirect:
    try:
        step(card=card, actor=request.user, **kwargs)
    except NotAllowed:
        raise PermissionDenied from None
    except PortfolioError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, success_message)
    return redirect("web:card", pk=card.pk)


@login_required
@require_POST
def card_submit(request, pk):
    card = _card_or_404(request, pk)
    return _card_step(
        request,
        card,
        services.card_submit,
        _("The card has been submitted to the programme office."),
    )


@login_required
@require_POST
def card_approve(request, pk):
    card = _card_or_404(request, pk)
    return _card_step(request, card, services.card_approve, _("The card has been approved."))


@login_required
@require_POST
def card_publish(request, pk):
    card = _card_or_404(request, pk)
    return _card_step(request, card, services.card_publish, _("The card has been published."))


@login_required
@require_POST
def card_return(request, pk):
    card = _card_or_404(request, pk)
    form = forms.ReturnCardForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs to change when you return a card."))
        return redirect("web:card", pk=card.pk)
    return _card_step(
        request,
        card,
        services.card_return,
        _("The card has been returned to the project."),
        comment=form.cleaned_data["comment"],
    )


@login_required
@require_POST
def card_correct(request, pk):
    card = _card_or_404(request, pk)
    form = forms.CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the correction."))
        return redirect("web:card", pk=card.pk)
    return _card_step(
        request,
        card,
        services.card_start_correction,
        _(
            "The card is open for a correction; readers see the published version until the "
            "corrected card is published."
        ),
        reason=form.cleaned_data["reason"],
    )


@login_required
def card_history(request, pk):
    card = _card_or_404(request, pk)
    revisions = list(selectors.card_revisions(card))
    by_number = {r.number: r for r in revisions}
    comparison = None
    try:
        newer = by_number.get(int(request.GET.get("to", "")))
        older = by_number.get(int(request.GET.get("from", "")))
    except ValueError:
        newer = older = None
    if newer is None and revisions:
        newer = revisions[0]
    if older is None and newer is not None:
        older = next((r for r in revisions if r.number < newer.number), None)
    if newer is not None and older is not None:
        comparison = {
            "older": older,
            "newer": newer,
            "changes": snapshot_changes(older.snapshot, newer.snapshot, SNAPSHOT_LABELS),
        }
    previous = selectors.previous_period_revision(card)
    period_comparison = None
    if previous is not None and revisions:
        period_comparison = {
            "older": previous,
            "newer": revisions[0],
            "changes": snapshot_changes(previous.snapshot, revisions[0].snapshot, SNAPSHOT_LABELS),
        }
    return render(
        request,
        "web/card_history.html",
        {
            "card": card,
            "revisions": revisions,
            "comparison": comparison,
            "period_comparison": period_comparison,
        },
    )


def csrf_failure(request, reason=""):
    """A form posted from an expired page: explain, never show Django's debug page."""
    return render(request, "403_csrf.html", status=403)


def pillar_css(request):
    """The pillars' colours as CSS classes, so pages need no inline styles (strict CSP)."""
    programme = programme_current()
    pillars = programme.pillars.all() if programme else []
    response = render(
        request, "web/pillars.css", {"pillars": pillars}, content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _office_only(request) -> None:
    if not permissions.can_manage_portfolio(request.user):
        raise PermissionDenied


@login_required
def project_create(request):
    _office_only(request)
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
            return redirect("web:project_roles", slug=project.slug)
    return render(request, "web/project_create.html", {"form": form})


@login_required
def project_roles(request, slug):
    _office_only(request)
    project = get_object_or_404(Project, slug=slug)
    form = forms.RoleForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(project=project, actor=request.user, **form.cleaned_data)
        except PortfolioError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The role has been added."))
            return redirect("web:project_roles", slug=project.slug)
    return render(
        request,
        "web/project_roles.html",
        {
            "project": project,
            "roles": selectors.project_roles(project),
            "form": form,
            "end_form": forms.RoleEndForm(initial={"ends_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def role_end(request, slug, role_id):
    _office_only(request)
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
    return redirect("web:project_roles", slug=project.slug)


@login_required
def project_budget(request, slug):
    _office_only(request)
    project = get_object_or_404(Project.objects.select_related("programme"), slug=slug)
    form = forms.BudgetLineForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_create(project=project, actor=request.user, **form.cleaned_data)
        except PortfolioError as exc:
            form.add_error(None, error_message(exc))
        else:
            messages.success(request, _("The budget line has been added."))
            return redirect("web:project_budget", slug=project.slug)
    allocations = [
        selectors.budget_allocation(line)
        for line in selectors.budget_lines(project.programme).filter(project=project)
    ]
    return render(
        request,
        "web/project_budget.html",
        {"project": project, "form": form, "allocations": allocations},
    )


@login_required
def card_docx(request, pk):
    """The card as it stands now, as a Word document for those who review in Word."""
    from economie071.publications.exports import card_docx as docx_of

    card = _card_or_404(request, pk)
    response = HttpResponse(
        docx_of(card_snapshot(card)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"{card.project.slug}-{card.period.label}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _local_path(url: str) -> str:
    """`url` if it is a path on this site (the `next` page), else empty."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return ""


def sign_up(request):
    """Ask for a login of one's own: a link to confirm the address is mailed to it, and
    the account is made when it is followed (then one goes on to the `next` page). The
    answer is the same whether or not the address has an account already."""
    next_url = _local_path(request.POST.get("next") or request.GET.get("next") or "")
    if request.user.is_authenticated:
        return redirect(next_url or "web:home")
    form = forms.SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account_signup_request(
                email=data["email"],
                username=data["username"],
                name=data["name"],
                password=data["password1"],
                next_url=next_url,
                client_address=client_address(request),
            )
        except AccountError as exc:
            form.add_error(None, error_message(exc))
            status = 429
        else:
            messages.success(
                request,
                _("We have sent an e-mail to %(email)s. Follow the link in it within two "
                  "days to finish making your account.") % {"email": data["email"]},
            )
            return redirect("web:signup_sent")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": next_url, "programme": programme_current()},
        status=status,
    )


def signup_sent(request):
    return render(request, "registration/signup_sent.html")


def signup_confirm(request, token):
    """The link in the sign-up mail: a page with a button (a link checker that opens the
    link makes no account), which makes the account and signs the person in."""
    if request.method == "POST":
        try:
            user = account_signup_confirm(token=token)
        except AccountError as exc:
            return render(
                request, "registration/signup_confirm.html",
                {"error": error_message(exc)}, status=400,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account has been made; you are signed in."))
        return redirect(_local_path(user.next_url) or "web:home")
    signup = signup_request_by_token(token)
    if signup is None:
        return render(
            request, "registration/signup_confirm.html",
            {"error": _("This link is not valid or has expired. Make your account again.")},
            status=404,
        )
    return render(request, "registration/signup_confirm.html", {"signup": signup})


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to set a new password. The same answer whether or not the address
    has an account; limited per client and per address, since each request may mail."""

    form_class = forms.PasswordResetForm
    template_name = "registration/new_password_form.html"
    email_template_name = "registration/new_password_email.txt"
    subject_template_name = "registration/new_password_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")

    def form_valid(self, form):
        over_client = throttle.hit("accounts.password_reset.client", client_address(self.request))
        over_email = throttle.hit("accounts.password_reset.email", form.cleaned_data["email"])
        if over_client or over_email:
            form.add_error(
                None, _("Too many requests for a new password in a short time. Try again in "
                        "an hour.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link in the mail: set a new password. Following it shows the account's address
    is the person's own."""

    template_name = "registration/new_password_set.html"
    success_url = reverse_lazy("web:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        account_email_confirmed(user=form.user)
        return response
