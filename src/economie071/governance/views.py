"""Governance pages: parse the request, call one service or selector, render.

Reading: bodies, meetings (date, place, published decisions and minutes) and decision
trails are public; agendas, proposals, attendance, action items, unpublished minutes and
the meeting pack are for the programme office and the body's members. Writing is for
the programme office (services check this again).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.core.links import site_host
from economie071.core.programme import programme_or_404
from economie071.governance import forms, ical, permissions, selectors, services, uploads
from economie071.governance.exceptions import GovernanceError, NoAgendaError
from economie071.governance.models import (
    ActionItem,
    Decision,
    DecisionTrail,
    Meeting,
    Proposal,
    TrailStep,
)


def _require_manager(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


def _body_or_404(slug):
    programme = programme_or_404()
    body = selectors.body_by_slug(programme=programme, slug=slug)
    if body is None:
        raise Http404(_("There is no body here."))
    return body


def _meeting_or_404(pk) -> Meeting:
    meeting = selectors.meeting_detail(pk=pk)
    if meeting is None:
        raise Http404(_("There is no meeting here."))
    return meeting


def _documents_or_404(request, body) -> None:
    if not permissions.can_read_documents(request.user, body):
        raise Http404(_("There are no documents here, or you may not see them."))


# --- Overview and bodies ---------------------------------------------------------------------


def index(request):
    programme = programme_or_404()
    context = {
        "bodies": selectors.body_list(programme=programme),
        "trails": selectors.trail_list(programme=programme),
        "decisions": selectors.published_decisions(programme=programme)[:10],
        "can_manage": permissions.can_manage(request.user),
    }
    if request.user.is_authenticated:
        context["behind"] = selectors.bodies_behind_cadence(programme=programme)
        context["upcoming"] = selectors.upcoming_meetings(programme=programme)
    return render(request, "governance/index.html", context)


def body_detail(request, slug):
    body = _body_or_404(slug)
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "memberships": selectors.body_memberships(body=body),
            "meetings": selectors.body_meetings(body=body),
            "can_manage": permissions.can_manage(request.user),
            "can_read": permissions.can_read_documents(request.user, body),
        },
    )


@login_required
def membership_add(request, slug):
    body = _body_or_404(slug)
    _require_manager(request)
    form = forms.MembershipForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(body=body, actor=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("governance:body", slug=body.slug)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": _("Add a member"), "body": body, "submit": _("Add member")},
    )


def body_calendar(request, slug):
    body = _body_or_404(slug)
    text = ical.meetings_calendar(
        name=str(body), meetings=selectors.calendar_meetings(body=body), host=site_host()
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.slug}.ics"'
    return response


# --- Meetings --------------------------------------------------------------------------------


@login_required
def meeting_create(request, slug):
    body = _body_or_404(slug)
    _require_manager(request)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                body=body,
                actor=request.user,
                date=data["date"],
                time=data["time"],
                place=data["place"],
                status=data["status"],
            )
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The meeting has been created."))
            return redirect("governance:meeting", pk=meeting.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": _("New meeting"), "body": body, "submit": _("Create meeting")},
    )


def meeting_detail(request, pk):
    meeting = _meeting_or_404(pk)
    user = request.user
    can_read = permissions.can_read_documents(user, meeting.body)
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "can_read": can_read,
        "agenda": selectors.visible_agenda(meeting=meeting, user=user),
        "can_manage": permissions.can_manage(user),
        "show_minutes": permissions.can_read_minutes(user, meeting) and meeting.minutes,
        "decisions": selectors.visible_decisions(meeting=meeting, user=user),
    }
    if can_read:
        context["follow_ups"] = selectors.open_action_items(body=meeting.body, before=meeting)
    if context["can_manage"]:
        context["status_form"] = forms.MeetingStatusForm(initial={"status": meeting.status})
    return render(request, "governance/meeting_detail.html", context)


@login_required
@require_POST
def meeting_agenda_publish(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    _require_manager(request)
    published = request.POST.get("action") != "withdraw"
    try:
        services.meeting_publish_agenda(meeting=meeting, actor=request.user, published=published)
    except GovernanceError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(
            request,
            _("The agenda has been published: everyone sees its public items.")
            if published
            else _("The agenda is no longer published."),
        )
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_status(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    _require_manager(request)
    form = forms.MeetingStatusForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_set_status(
                meeting=meeting, actor=request.user, status=form.cleaned_data["status"]
            )
        except GovernanceError as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("The status has been changed."))
    return redirect("governance:meeting", pk=meeting.pk)


def _meeting_form_page(request, pk, form_class, title, submit, call, success, **form_kwargs):
    """The shared shape of the office's forms on a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__programme"), pk=pk)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    _require_manager(request)
    kwargs = {key: meeting if value == "meeting" else value for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            call(meeting, form.cleaned_data)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("governance:meeting", pk=meeting.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "meeting": meeting, "body": meeting.body, "submit": submit},
    )


def _login_url():
    from django.conf import settings

    return resolve_url(settings.LOGIN_URL)


def agenda_item_add(request, pk):
    return _meeting_form_page(
        request,
        pk,
        forms.AgendaItemForm,
        _("Add an agenda item"),
        _("Add to the agenda"),
        lambda meeting, data: services.agenda_item_add(meeting=meeting, actor=request.user, **data),
        _("The agenda item has been added."),
        meeting="meeting",
    )


def decision_record(request, pk):
    return _meeting_form_page(
        request,
        pk,
        forms.DecisionForm,
        _("Record a decision"),
        _("Record decision"),
        lambda meeting, data: services.decision_record(meeting=meeting, actor=request.user, **data),
        _("The decision has been recorded."),
        meeting="meeting",
    )


def attendance_record(request, pk):
    return _meeting_form_page(
        request,
        pk,
        forms.AttendanceForm,
        _("Record attendance"),
        _("Save"),
        lambda meeting, data: services.attendance_record(
            meeting=meeting, actor=request.user, **data
        ),
        _("The attendance has been saved."),
    )


def action_item_add(request, pk):
    return _meeting_form_page(
        request,
        pk,
        forms.ActionItemForm,
        _("Add an action item"),
        _("Add action item"),
        lambda meeting, data: services.action_item_add(meeting=meeting, actor=request.user, **data),
        _("The action item has been added."),
    )


@login_required
def minutes_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    _require_manager(request)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_save_minutes(
                meeting=meeting, actor=request.user, minutes=form.cleaned_data["minutes"]
            )
            if "publish" in request.POST:
                services.meeting_publish_minutes(meeting=meeting, actor=request.user)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("governance:meeting", pk=meeting.pk)
    return render(
        request,
        "governance/minutes_edit.html",
        {"form": form, "meeting": meeting, "body": meeting.body},
    )


@login_required
def action_item_follow_up(request, pk):
    action = get_object_or_404(ActionItem.objects.select_related("meeting__body"), pk=pk)
    _require_manager(request)
    body = action.meeting.body
    form = forms.FollowUpForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_follow_up(action=action, actor=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The follow-up has been saved."))
            return redirect("governance:meeting", pk=form.cleaned_data["meeting"].pk)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": _("Follow up an action item"),
            "intro": action.text,
            "body": body,
            "meeting": action.meeting,
            "submit": _("Save"),
        },
    )


# --- The meeting pack ------------------------------------------------------------------------


def _pack_or_message(request, meeting):
    try:
        return selectors.meeting_pack(meeting=meeting)
    except NoAgendaError as exc:
        messages.error(request, error_message(exc))
        return None


def meeting_pack(request, pk):
    meeting = _meeting_or_404(pk)
    _documents_or_404(request, meeting.body)
    pack = _pack_or_message(request, meeting)
    if pack is None:
        return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/pack.html", pack)


def meeting_pack_pdf(request, pk):
    from economie071.governance.rendering import render_pack_pdf

    meeting = _meeting_or_404(pk)
    _documents_or_404(request, meeting.body)
    pack = _pack_or_message(request, meeting)
    if pack is None:
        return redirect("governance:meeting", pk=meeting.pk)
    response = HttpResponse(render_pack_pdf(pack), content_type="application/pdf")
    date = meeting.date.isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="vergaderstukken-{meeting.body.slug}-{date}.pdf"'
    )
    return response


# --- Proposals and decisions -----------------------------------------------------------------


def proposal_list(request):
    programme = programme_or_404()
    return render(
        request,
        "governance/proposal_list.html",
        {
            "proposals": selectors.proposal_list(programme=programme, user=request.user),
            "can_manage": permissions.can_manage(request.user),
        },
    )


def proposal_detail(request, pk):
    proposal = selectors.proposal_detail(pk=pk)
    if proposal is None:
        raise Http404(_("There is no proposal here, or you may not see it."))
    published = selectors.has_published_decision(proposal=proposal)
    user = request.user
    if not permissions.can_view_proposal(user, proposal, has_published_decision=published):
        raise Http404(_("There is no proposal here, or you may not see it."))
    can_read = permissions.can_view_proposal(user, proposal)
    decisions = [d for d in proposal.decisions.all() if can_read or d.published]
    return render(
        request,
        "governance/proposal_detail.html",
        {
            "proposal": proposal,
            "decisions": decisions,
            "allocation": selectors.proposal_allocation(proposal=proposal),
            "can_manage": permissions.can_manage(user),
            "can_read": can_read,
        },
    )


@login_required
def proposal_create(request):
    programme = programme_or_404()
    _require_manager(request)
    form = forms.ProposalForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The proposal has been saved as a draft."))
            return redirect("governance:proposal", pk=proposal.pk)
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": _("New proposal"), "submit": _("Save as draft")},
    )


def _proposal_action(request, pk, call, success):
    proposal = get_object_or_404(Proposal, pk=pk)
    _require_manager(request)
    try:
        call(proposal=proposal, actor=request.user)
    except GovernanceError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, success)
    return redirect("governance:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_submit(request, pk):
    return _proposal_action(
        request, pk, services.proposal_submit, _("The proposal has been submitted.")
    )


@login_required
@require_POST
def proposal_withdraw(request, pk):
    return _proposal_action(
        request, pk, services.proposal_withdraw, _("The proposal has been withdrawn.")
    )


@login_required
@require_POST
def decision_publish(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    _require_manager(request)
    try:
        services.decision_publish(decision=decision, actor=request.user)
    except GovernanceError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("The decision has been published."))
    return redirect("governance:meeting", pk=decision.meeting_id)


# --- Decision trails -------------------------------------------------------------------------


def _trail_or_404(slug) -> DecisionTrail:
    programme = programme_or_404()
    return get_object_or_404(
        DecisionTrail.objects.select_related("project"), programme=programme, slug=slug
    )


def trail_detail(request, slug):
    trail = _trail_or_404(slug)
    return render(
        request,
        "governance/trail_detail.html",
        {**selectors.trail_matrix(trail=trail), "can_manage": permissions.can_manage(request.user)},
    )


@login_required
def trail_cell_edit(request, slug, step, municipality):
    trail = _trail_or_404(slug)
    _require_manager(request)
    step_obj = get_object_or_404(TrailStep, trail=trail, order=step)
    town = get_object_or_404(trail.municipalities, slug=municipality)
    current = step_obj.states.filter(municipality=town).first()
    initial = (
        {
            "state": current.state,
            "date": current.date,
            "date_precision": current.date_precision,
            "note": current.note,
        }
        if current
        else {"state": "not_started"}
    )
    form = forms.TrailStepStateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.trail_step_set(
                step=step_obj, municipality=town, actor=request.user, **form.cleaned_data
            )
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The step has been saved."))
            return redirect("governance:trail", slug=trail.slug)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": f"{step_obj.name} · {town.name}",
            "intro": trail.title,
            "trail": trail,
            "submit": _("Save"),
        },
    )


# --- Attachments and meeting documents -------------------------------------------------------


def _file_response(row) -> FileResponse:
    """The stored file under its original name. PDF and images open in the browser, office
    documents download; the type is the one checked at upload, never guessed again."""
    file_type = uploads.type_for_content_type(row.content_type)
    try:
        handle = row.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("The file is missing.")) from None
    response = FileResponse(
        handle,
        as_attachment=not (file_type and file_type.inline),
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _upload_page(request, form, *, title, call, success, redirect_to, **context):
    if request.method == "POST" and form.is_valid():
        try:
            call(**form.cleaned_data)
        except GovernanceError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, success)
            return redirect_to
    return render(
        request,
        "governance/form.html",
        {"form": form, "title": title, "submit": _("Upload"), **context},
    )


@login_required
def proposal_attachment_add(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("project", "body"), pk=pk)
    _require_manager(request)
    return _upload_page(
        request,
        forms.UploadForm(request.POST or None, request.FILES or None),
        title=_("Add an attachment"),
        intro=proposal.title,
        body=proposal.body,
        call=lambda **data: services.proposal_attachment_add(
            proposal=proposal, actor=request.user, **data
        ),
        success=_("The attachment has been added."),
        redirect_to=redirect("governance:proposal", pk=proposal.pk),
    )


def proposal_attachment_file(request, pk, attachment):
    row = selectors.proposal_attachment(proposal_pk=pk, pk=attachment)
    if row is None or not permissions.can_view_proposal(request.user, row.proposal):
        raise Http404(_("There is no file here, or you may not see it."))
    return _file_response(row)


@login_required
@require_POST
def proposal_attachment_delete(request, pk, attachment):
    row = selectors.proposal_attachment(proposal_pk=pk, pk=attachment)
    if row is None:
        raise Http404(_("There is no file here, or you may not see it."))
    _require_manager(request)
    services.proposal_attachment_delete(attachment=row, actor=request.user)
    messages.success(request, _("The attachment has been deleted."))
    return redirect("governance:proposal", pk=pk)


@login_required
def meeting_document_add(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body__project"), pk=pk)
    _require_manager(request)
    return _upload_page(
        request,
        forms.UploadForm(request.POST or None, request.FILES or None),
        title=_("Add a document"),
        meeting=meeting,
        body=meeting.body,
        call=lambda **data: services.meeting_document_add(
            meeting=meeting, actor=request.user, **data
        ),
        success=_("The document has been added."),
        redirect_to=redirect("governance:meeting", pk=meeting.pk),
    )


def meeting_document_file(request, pk, document):
    row = selectors.meeting_document(meeting_pk=pk, pk=document)
    if row is None or not permissions.can_read_documents(request.user, row.meeting.body):
        raise Http404(_("There is no file here, or you may not see it."))
    return _file_response(row)


@login_required
@require_POST
def meeting_document_delete(request, pk, document):
    row = selectors.meeting_document(meeting_pk=pk, pk=document)
    if row is None:
        raise Http404(_("There is no file here, or you may not see it."))
    _require_manager(request)
    services.meeting_document_delete(document=row, actor=request.user)
    messages.success(request, _("The document has been deleted."))
    return redirect("governance:meeting", pk=pk)
