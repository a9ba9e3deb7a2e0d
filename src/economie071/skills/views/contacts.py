"""From a match to a conversation, on the pages: the job seeker's interest and answers, the
employer's invitations, the adviser's proposals, and outcomes. Each view parses the form,
calls one service and goes back to the page it came from with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core.forms import error_message
from economie071.skills import selectors, services
from economie071.skills.constants import NotHiredReason, Outcome
from economie071.skills.exceptions import SkillsError
from economie071.skills.models import Passport, TrainingModule, Vacancy
from economie071.skills.views.common import get_or_404, own_passport_or_redirect


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else fallback)


def _done(request, call, success: str) -> None:
    try:
        call()
    except SkillsError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, success)


@login_required
def contacts(request):
    """The person's invitations, proposals and interest, with what they share."""
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    items = selectors.contacts_of_person(passport=passport, actor=request.user)
    return render(request, "skills/contacts.html", {"passport": passport, "items": items})


@login_required
@require_POST
def interest(request, pk):
    vacancy = get_or_404(Vacancy.objects.all(), pk, _("There is no such vacancy."))
    passport, missing = own_passport_or_redirect(request)
    if missing:
        return missing
    _done(
        request,
        lambda: services.interest_express(
            passport=passport,
            vacancy=vacancy,
            actor=request.user,
            share_summary=request.POST.get("share_summary") == "on",
            share_contact=request.POST.get("share_contact") == "on",
            message=request.POST.get("message", ""),
        ),
        _("The employer knows you are interested, and sees what you chose to share."),
    )
    return redirect("skills:contacts")


@login_required
@require_POST
def answer(request, pk):
    contact = _contact(request, pk)
    _done(
        request,
        lambda: services.contact_answer(
            contact=contact,
            actor=request.user,
            accept=request.POST.get("accept") == "1",
            share_contact=request.POST.get("share_contact") == "on",
        ),
        _("Your answer is saved."),
    )
    return redirect("skills:contacts")


@login_required
@require_POST
def invite(request, pk, passport_pk):
    vacancy = get_or_404(Vacancy.objects.all(), pk, _("There is no such vacancy."))
    passport = get_or_404(Passport.objects.all(), passport_pk, _("There is no such passport."))
    _done(
        request,
        lambda: services.invitation_send(
            vacancy=vacancy,
            passport=passport,
            actor=request.user,
            message=request.POST.get("message", ""),
        ),
        _("The candidate is invited; they decide whether to share their contact details."),
    )
    return redirect("skills:candidates", pk=vacancy.pk)


@login_required
@require_POST
def propose(request, pk):
    passport = get_or_404(Passport.objects.all(), pk, _("There is no such passport."))
    vacancy_id = request.POST.get("vacancy", "")
    module_id = request.POST.get("module", "")
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first() if vacancy_id.isdigit() else None
    module = TrainingModule.objects.filter(pk=module_id).first() if module_id.isdigit() else None
    _done(
        request,
        lambda: services.proposal_make(
            passport=passport,
            actor=request.user,
            vacancy=vacancy,
            module=module,
            message=request.POST.get("message", ""),
        ),
        _("The proposal is sent to the person."),
    )
    return redirect("skills:adviser_passport", pk=passport.pk)


@login_required
@require_POST
def outcome(request, pk):
    contact = _contact(request, pk)
    chosen = request.POST.get("outcome", "")
    _done(
        request,
        lambda: services.contact_outcome_record(
            contact=contact,
            actor=request.user,
            outcome=chosen,
            reason=request.POST.get("reason", "") if chosen == Outcome.NOT_HIRED else "",
        ),
        _("The outcome is recorded."),
    )
    fallback = f"/huis-van-skills/vacatures/{contact.vacancy_id}/" if contact.vacancy_id else "/"
    return _back(request, fallback)


def _contact(request, pk):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    try:
        return selectors.contact_get(contact_id=pk, actor=request.user)
    except SkillsError as exc:
        if exc.code == "contact":
            raise Http404(error_message(exc)) from None
        raise PermissionDenied from None


OUTCOME_CHOICES = Outcome.choices
REASON_CHOICES = NotHiredReason.choices
