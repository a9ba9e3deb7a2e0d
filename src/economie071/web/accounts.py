"""Pages about one's own account (change the password, delete the account) and invitations:
the programme office invites people with a role, and the link in the mail lets them join."""

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from economie071.core import throttle
from economie071.core.forms import apply_error, error_message
from economie071.core.groups import is_programme_office
from economie071.core.http import client_address
from economie071.programme.exceptions import AccountError, InvitationError
from economie071.programme.models import Invitation
from economie071.programme.roles import role_by_key
from economie071.programme.selectors import (
    invitation_by_token,
    invitations_open,
    invitations_recent,
)
from economie071.programme.services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_withdraw,
)
from economie071.programme.services.invitations import invitation_problem
from economie071.web import forms, services


@login_required
def password_change(request):
    form = forms.PasswordChangeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except AccountError as exc:
            apply_error(form, exc, aliases={"password": "old_password"})
            status = 400
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("web:password_change")
    elif request.method == "POST":
        status = 400
    return render(request, "registration/password_change.html", {"form": form}, status=status)


@login_required
def account_delete(request):
    """What deleting the account does, and the password to confirm it."""
    form = forms.AccountDeleteForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user, password=form.cleaned_data["password"])
        except AccountError as exc:
            apply_error(form, exc)
            status = 400
        else:
            logout(request)
            return render(request, "registration/account_deleted.html")
    elif request.method == "POST":
        status = 400
    return render(request, "registration/account_delete.html", {"form": form}, status=status)


def invitation_accept_page(request, token):
    """The link in an invitation: choose a username and a password. A link that is
    unknown, used, withdrawn or expired gets a page that says which, and what to do."""
    invitation = invitation_by_token(token=token)
    problem = invitation_problem(invitation=invitation, now=timezone.now())
    if problem:
        return render(
            request, "registration/invitation_accept.html", {"problem": problem}, status=410
        )
    form = forms.InvitationAcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if throttle.hit("accounts.invitation.client", client_address(request)):
            form.add_error(None, _("Too many attempts in a short time. Try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                user = invitation_accept(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["new_password1"],
                )
            except InvitationError as exc:
                if exc.code == "token":
                    return render(
                        request,
                        "registration/invitation_accept.html",
                        {"problem": error_message(exc)},
                        status=410,
                    )
                apply_error(form, exc)
                status = 400
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome! Your account has been made."))
                return redirect("web:start")
        else:
            status = 400
    role = role_by_key(invitation.role)
    return render(
        request,
        "registration/invitation_accept.html",
        {"form": form, "invitation": invitation, "role": role.label if role else invitation.role},
        status=status,
    )


def _with_role_labels(invitations) -> list[tuple[Invitation, str]]:
    """Each invitation with the name of its role (the key itself for a role no longer offered)."""
    labelled = []
    for invitation in invitations:
        role = role_by_key(invitation.role)
        labelled.append((invitation, role.label if role else invitation.role))
    return labelled


def _office(request):
    if not is_programme_office(request.user):
        raise PermissionDenied


@login_required
def invitations(request):
    """The office's page: invite someone, the open invitations, the latest answered ones."""
    _office(request)
    form = forms.InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except InvitationError as exc:
            apply_error(form, exc)
            status = 400
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("web:invitations")
    elif request.method == "POST":
        status = 400

    return render(
        request,
        "web/invitations.html",
        {
            "form": form,
            "open": _with_role_labels(invitations_open()),
            "recent": _with_role_labels(invitations_recent()),
            "now": timezone.now(),
        },
        status=status,
    )


def _invitation_step(request, pk, service, done: str):
    """Send again or withdraw one invitation (POST, office only), then back to the list."""
    _office(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        service(invitation=invitation, actor=request.user)
    except InvitationError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("web:invitations")


@login_required
@require_POST
def invitation_resend_view(request, pk):
    return _invitation_step(
        request, pk, invitation_resend, _("The invitation has been sent again to %(email)s.")
    )


@login_required
@require_POST
def invitation_withdraw_view(request, pk):
    return _invitation_step(
        request, pk, invitation_withdraw, _("The invitation to %(email)s has been withdrawn.")
    )
