"""Network pages: parse the request, call one service or selector, render.

Public: the directory (only what each organisation chose to show), organisation pages
with a contact form, the Open Innovatie Lab challenges per school year and the Smart071
page. Writing: the programme office; a profile's editors for their profile and their
organisation's challenges; the project leaders of the Open Innovatie Lab and Smart071 for
challenges and trajectories (services check this again).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.core.programme import programme_or_404
from economie071.network import forms, permissions, selectors, services
from economie071.network.constants import (
    CONTACT_LIMIT,
    OPEN_INNOVATION_LAB_PROJECT,
    SMART071_PROJECT,
)
from economie071.network.exceptions import NetworkError
from economie071.network.models import ContactRequest, NetworkProfile, ProfileEditor
from economie071.programme.models import Organisation
from economie071.programme.selectors import region_municipalities


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _form_page(request, form, *, title, submit, crumbs=(), intro=""):
    return render(
        request,
        "network/form.html",
        {"form": form, "title": title, "submit": submit, "crumbs": crumbs, "intro": intro},
    )


def _profile_or_404(request, slug) -> NetworkProfile:
    profile = selectors.profile_by_slug(slug=slug, user=request.user)
    if profile is None:
        raise Http404(_("There is no organisation here."))
    return profile


def _programme_project(programme, slug):
    return programme.projects.filter(slug=slug).first()


# --- Directory -------------------------------------------------------------------------------


def index(request):
    programme = programme_or_404()
    municipalities = list(region_municipalities(programme=programme))
    form = forms.DirectorySearchForm(request.GET or None, municipalities=municipalities)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = selectors.DirectoryFilters(**form.cleaned_data)
    profiles = list(selectors.directory_search(filters=filters))
    return render(
        request,
        "network/index.html",
        {
            "form": form,
            "searched": bool(request.GET),
            "results": [selectors.public_profile(profile=p) for p in profiles],
            "can_manage": permissions.can_manage_profiles(request.user),
        },
    )


def profile_detail(request, slug):
    profile = _profile_or_404(request, slug)
    public = selectors.public_profile(profile=profile)
    challenges = profile.organisation.challenges.filter(is_published=True).order_by(
        "-school_year", "title"
    )
    form = None
    if public.accepts_contact:
        form = forms.ContactForm(
            request.POST or None,
            profile=profile,
            challenges=challenges,
            initial={"about": request.GET.get("over", "")},
        )
    if request.method == "POST":
        if form is None:
            raise Http404(_("This organisation does not receive messages through the site."))
        if form.is_valid():
            try:
                services.contact_request_send(
                    profile=profile,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    **form.subject(),
                )
            except NetworkError as exc:
                apply_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Your message has been forwarded to %(organisation)s.")
                    % {"organisation": profile.organisation.name},
                )
                return redirect("network:organisation", slug=slug)
    can_edit = permissions.can_edit_profile(request.user, profile)
    return render(
        request,
        "network/profile_detail.html",
        {
            "profile": public,
            "form": form,
            "contact_limit": CONTACT_LIMIT,
            "can_edit": can_edit,
            "can_manage": permissions.can_manage_profiles(request.user),
            "can_read_contact": permissions.can_read_contact_requests(request.user, profile),
            "challenges": challenges,
        },
    )


# --- Contact requests received ---------------------------------------------------------------


def _inbox_profile(request, slug) -> NetworkProfile:
    """The profile whose messages the user reads: 404 when there is none, 403 for anyone
    outside the organisation (also for the programme office)."""
    profile = selectors.contact_profile_by_slug(slug=slug)
    if profile is None:
        raise Http404(_("There is no organisation here."))
    _require(permissions.can_read_contact_requests(request.user, profile))
    return profile


@login_required
def contact_requests(request, slug):
    profile = _inbox_profile(request, slug)
    page = Paginator(selectors.contact_requests_received(profile=profile), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/contact_requests.html",
        {"profile": profile, "organisation": profile.organisation, "page": page},
    )


@login_required
@require_POST
def contact_request_handled(request, slug, pk):
    profile = _inbox_profile(request, slug)
    contact = get_object_or_404(ContactRequest, pk=pk, profile=profile)
    form = forms.ContactHandledForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Say whether the message has been handled."))
    handled = form.cleaned_data["handled"]
    try:
        services.contact_request_set_handled(request=contact, actor=request.user, handled=handled)
    except NetworkError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request,
            (
                _("The message of %(name)s is marked handled.")
                if handled
                else _("The message of %(name)s is open again.")
            )
            % {"name": contact.name},
        )
    return redirect("network:contact_requests", slug=slug)


@login_required
def profile_create(request):
    _require(permissions.can_manage_profiles(request.user))
    form = forms.ProfileCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.profile_create(organisation=organisation, actor=request.user)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The profile has been created; fill it in."))
            return redirect("network:profile_edit", slug=organisation.slug)
    return _form_page(request, form, title=_("New directory profile"), submit=_("Create profile"))


@login_required
def profile_edit(request, slug):
    profile = _profile_or_404(request, slug)
    _require(permissions.can_edit_profile(request.user, profile))
    office = permissions.can_manage_profiles(request.user)
    form = forms.ProfileForm(request.POST or None, instance=profile, office=office)
    if request.method == "POST" and form.is_valid():
        profile.refresh_from_db()  # the form wrote its values onto the instance
        try:
            services.profile_update(profile=profile, actor=request.user, **form.cleaned_data)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("network:organisation", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Edit the profile of %(name)s") % {"name": profile.organisation.name},
        submit=_("Save"),
        crumbs=[(profile.organisation.name, reverse("network:organisation", args=[slug]))],
        intro=_(
            "Choose per field what visitors see. The contact address is never shown: "
            "messages are forwarded to it."
        ),
    )


@login_required
def profile_exchanges(request, slug):
    profile = _profile_or_404(request, slug)
    _require(permissions.can_edit_profile(request.user, profile))
    form = forms.ExchangesForm(
        request.POST or None, initial=forms.ExchangesForm.initial_for(profile)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_set_exchanges(
                profile=profile, actor=request.user, exchanges=form.cleaned_data["exchanges"]
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("What the organisation offers and seeks has been saved."))
            return redirect("network:organisation", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Offers and needs of %(name)s") % {"name": profile.organisation.name},
        submit=_("Save"),
        crumbs=[(profile.organisation.name, reverse("network:organisation", args=[slug]))],
    )


@login_required
def profile_editors(request, slug):
    profile = _profile_or_404(request, slug)
    _require(permissions.can_manage_profiles(request.user))
    form = forms.EditorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_editor_add(
                profile=profile, user=form.cleaned_data["user"], actor=request.user
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The editor has been added."))
            return redirect("network:profile_editors", slug=slug)
    return render(
        request,
        "network/editors.html",
        {
            "profile": profile,
            "editors": selectors.profile_editors(profile=profile),
            "form": form,
        },
    )


@login_required
@require_POST
def profile_editor_remove(request, slug, pk):
    profile = _profile_or_404(request, slug)
    _require(permissions.can_manage_profiles(request.user))
    editor = get_object_or_404(ProfileEditor, pk=pk, profile=profile)
    services.profile_editor_remove(editor=editor, actor=request.user)
    messages.success(request, _("The editor has been removed."))
    return redirect("network:profile_editors", slug=slug)


# --- Challenges ------------------------------------------------------------------------------


def _challenge_crumbs(challenge) -> list[tuple[str, str]]:
    return [
        (_("Challenges"), reverse("network:challenges")),
        (challenge.title, reverse("network:challenge", args=[challenge.slug])),
    ]


def _challenge_or_404(request, programme, slug):
    challenge = selectors.challenge_by_slug(programme=programme, slug=slug, user=request.user)
    if challenge is None:
        raise Http404(_("There is no challenge here."))
    return challenge


def challenges(request):
    programme = programme_or_404()
    user = request.user
    can_manage = permissions.can_manage_challenges(user, programme)
    return render(
        request,
        "network/challenges.html",
        {
            "years": selectors.challenges_by_school_year(programme=programme, user=user),
            "can_post": can_manage or bool(permissions.edited_organisation_ids(user)),
            "can_manage": can_manage,
        },
    )


@login_required
def challenge_create(request):
    programme = programme_or_404()
    user = request.user
    manager = permissions.can_manage_challenges(user, programme)
    own = permissions.edited_organisation_ids(user)
    _require(manager or bool(own))
    organisations = None if manager else Organisation.objects.filter(pk__in=own).order_by("name")
    form = forms.ChallengeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            challenge = services.challenge_post(
                programme=programme,
                actor=user,
                project=_programme_project(programme, OPEN_INNOVATION_LAB_PROJECT),
                **data,
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            if challenge.is_published:
                messages.success(request, _("The challenge has been posted."))
            else:
                messages.success(
                    request,
                    _("The challenge has been posted; the programme office publishes it."),
                )
            return redirect("network:challenge", slug=challenge.slug)
    return _form_page(
        request,
        form,
        title=_("Post a challenge"),
        submit=_("Post challenge"),
        crumbs=[(_("Challenges"), reverse("network:challenges"))],
    )


def challenge_detail(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    user = request.user
    can_manage = permissions.can_manage_challenges(user, programme)
    context = {
        "challenge": challenge,
        "can_manage": can_manage,
        "can_edit": permissions.can_edit_challenge(user, challenge),
    }
    if can_manage:
        context["status_form"] = forms.ChallengeStatusForm()
    return render(request, "network/challenge_detail.html", context)


@login_required
def challenge_edit(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    _require(permissions.can_edit_challenge(request.user, challenge))
    initial = {name: getattr(challenge, name) for name in services.CHALLENGE_DETAIL_FIELDS}
    initial["organisation"] = challenge.organisation
    form = forms.ChallengeForm(request.POST or None, initial=initial)
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        try:
            services.challenge_update(challenge=challenge, actor=request.user, **data)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The challenge has been saved."))
            return redirect("network:challenge", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Edit challenge"),
        submit=_("Save"),
        crumbs=_challenge_crumbs(challenge),
    )


@login_required
def challenge_match(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    _require(permissions.can_manage_challenges(request.user, programme))
    form = forms.MatchTeamForm(request.POST or None, initial={"location": challenge.location})
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_match_team(
                challenge=challenge, actor=request.user, **form.cleaned_data
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The challenge has been matched to the team."))
            return redirect("network:challenge", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Match a student team"),
        submit=_("Match team"),
        crumbs=_challenge_crumbs(challenge),
    )


@login_required
@require_POST
def challenge_status(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    _require(permissions.can_manage_challenges(request.user, programme))
    form = forms.ChallengeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.challenge_status_change(
                challenge=challenge, actor=request.user, **form.cleaned_data
            )
        except NetworkError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("The status has been changed."))
    return redirect("network:challenge", slug=slug)


@login_required
@require_POST
def challenge_publish(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    _require(permissions.can_manage_challenges(request.user, programme))
    publish = request.POST.get("publish") == "1"
    services.challenge_publish(challenge=challenge, actor=request.user, published=publish)
    messages.success(
        request,
        _("The challenge has been published.")
        if publish
        else _("The challenge has been withdrawn."),
    )
    return redirect("network:challenge", slug=slug)


@login_required
def challenge_result(request, slug):
    programme = programme_or_404()
    challenge = _challenge_or_404(request, programme, slug)
    _require(permissions.can_manage_challenges(request.user, programme))
    form = forms.ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_add(challenge=challenge, actor=request.user, **form.cleaned_data)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The result has been added."))
            return redirect("network:challenge", slug=slug)
    return _form_page(
        request,
        form,
        title=_("Add a result"),
        submit=_("Add result"),
        crumbs=_challenge_crumbs(challenge),
    )


# --- Smart071 --------------------------------------------------------------------------------


def _smart071_crumb() -> tuple[str, str]:
    return ("Smart071", reverse("network:smart071"))


def smart071(request):
    programme = programme_or_404()
    user = request.user
    can_manage = permissions.can_manage_trajectories(user, programme)
    context = {
        "figures": selectors.trajectory_figures(programme=programme),
        "trajectories": selectors.trajectory_list(programme=programme, user=user),
        "experts": selectors.expert_list(programme=programme, user=user),
        "can_manage": can_manage,
        "project": _programme_project(programme, SMART071_PROJECT),
    }
    if can_manage:
        context["referrals"] = selectors.referral_list(programme=programme)[:50]
    return render(request, "network/smart071.html", context)


def _trajectory_or_404(request, programme, slug):
    trajectory = selectors.trajectory_by_slug(programme=programme, slug=slug, user=request.user)
    if trajectory is None:
        raise Http404(_("There is no trajectory here."))
    return trajectory


def trajectory_detail(request, slug):
    programme = programme_or_404()
    trajectory = _trajectory_or_404(request, programme, slug)
    can_manage = permissions.can_manage_trajectories(request.user, programme)
    context = {"trajectory": trajectory, "can_manage": can_manage}
    if can_manage and trajectory.status != "running":
        context["follow_up_form"] = forms.FollowUpForm(
            initial={"follow_up": {True: "yes", False: "no"}.get(trajectory.follow_up, "")}
        )
    return render(request, "network/trajectory_detail.html", context)


@login_required
def trajectory_create(request):
    programme = programme_or_404()
    _require(permissions.can_manage_trajectories(request.user, programme))
    form = forms.TrajectoryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trajectory = services.trajectory_create(
                programme=programme,
                actor=request.user,
                project=_programme_project(programme, SMART071_PROJECT),
                **form.cleaned_data,
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The trajectory has been created."))
            return redirect("network:trajectory", slug=trajectory.slug)
    return _form_page(
        request,
        form,
        title=_("New trajectory"),
        submit=_("Create trajectory"),
        crumbs=[_smart071_crumb()],
    )


def _trajectory_form_page(request, slug, form_class, call, *, title, submit, success, initial=None):
    programme = programme_or_404()
    trajectory = _trajectory_or_404(request, programme, slug)
    _require(permissions.can_manage_trajectories(request.user, programme))
    form = form_class(request.POST or None, initial=initial(trajectory) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            call(trajectory=trajectory, actor=request.user, **form.cleaned_data)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("network:trajectory", slug=slug)
    return _form_page(
        request,
        form,
        title=title,
        submit=submit,
        crumbs=[
            _smart071_crumb(),
            (trajectory.title, reverse("network:trajectory", args=[slug])),
        ],
    )


@login_required
def trajectory_edit(request, slug):
    return _trajectory_form_page(
        request,
        slug,
        forms.TrajectoryEditForm,
        services.trajectory_update,
        title=_("Edit trajectory"),
        submit=_("Save"),
        success=_("The trajectory has been saved."),
        initial=lambda t: {name: getattr(t, name) for name in services.TRAJECTORY_TEXT_FIELDS},
    )


@login_required
def trajectory_phase(request, slug):
    return _trajectory_form_page(
        request,
        slug,
        forms.PhaseChangeForm,
        services.trajectory_phase_change,
        title=_("Change the phase"),
        submit=_("Change phase"),
        success=_("The phase has been changed."),
    )


@login_required
def trajectory_close(request, slug):
    return _trajectory_form_page(
        request,
        slug,
        forms.TrajectoryCloseForm,
        services.trajectory_close,
        title=_("End the trajectory"),
        submit=_("End trajectory"),
        success=_("The trajectory has ended."),
        initial=lambda t: {"outcome": t.outcome},
    )


@login_required
@require_POST
def trajectory_follow_up(request, slug):
    programme = programme_or_404()
    trajectory = _trajectory_or_404(request, programme, slug)
    _require(permissions.can_manage_trajectories(request.user, programme))
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.trajectory_set_follow_up(
                trajectory=trajectory, actor=request.user, follow_up=form.cleaned_data["follow_up"]
            )
        except NetworkError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("The follow-up has been recorded."))
    return redirect("network:trajectory", slug=slug)


@login_required
def expert_create(request):
    programme = programme_or_404()
    _require(permissions.can_manage_trajectories(request.user, programme))
    form = forms.ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_entry_upsert(
                programme=programme, actor=request.user, **form.cleaned_data
            )
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The expert has been saved."))
            return redirect("network:smart071")
    return _form_page(
        request,
        form,
        title=_("Add or update an expert"),
        submit=_("Save expert"),
        crumbs=[_smart071_crumb()],
    )


@login_required
def referral_create(request):
    programme = programme_or_404()
    _require(permissions.can_manage_trajectories(request.user, programme))
    initial = {}
    if trajectory_slug := request.GET.get("trajectory"):
        initial["trajectory"] = programme.trajectories.filter(slug=trajectory_slug).first()
    form = forms.ReferralForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_record(actor=request.user, **form.cleaned_data)
        except NetworkError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect("network:smart071")
    return _form_page(
        request,
        form,
        title=_("Record a referral"),
        submit=_("Record referral"),
        crumbs=[_smart071_crumb()],
    )
