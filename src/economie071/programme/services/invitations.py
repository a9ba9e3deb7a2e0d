"""Invitations from the programme office: someone is asked by e-mail to join with a role.

The mail holds a link (only a hash of its token is kept) to a page where the person picks
a username and a password; the account is made then, with the role's groups and the
address confirmed (the link was mailed to it). A link works once, until it expires
(INVITATION_LINK_DAYS); sending the invitation again makes a new link, and withdrawing it
makes the link stop working. Every step is in the audit log.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.groups import is_programme_office
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.programme.exceptions import InvitationError
from economie071.programme.models import Invitation, Person, VerifiedEmail
from economie071.programme.roles import role_by_key
from economie071.programme.selectors import invitation_by_token, token_hash


def _require_office(actor) -> None:
    # `actor` None: a command run by the operator (setup_region).
    if actor is not None and not is_programme_office(actor):
        raise InvitationError(_("Only the programme office can invite people."), code="role")


def _link_valid() -> datetime.timedelta:
    return datetime.timedelta(days=settings.INVITATION_LINK_DAYS)


def _mail(invitation: Invitation, token: str, role_label: str) -> None:
    inviter = invitation.invited_by
    context = {
        "name": invitation.name,
        "role": role_label,
        "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        "accept_url": absolute_url(reverse("web:invitation_accept", args=[token])),
        "valid_until": date_format(timezone.localtime(invitation.expires_at), "j F Y H:i"),
        "site_url": absolute_url("/"),
    }
    mail_send(
        messages=[
            EmailMessage(
                subject=_("You are invited to join Economie071"),
                body=render_to_string("programme/email/invitation.txt", context),
                to=[invitation.email],
            )
        ],
        topic="programme.invitation.sent",
        reference=invitation.pk,
    )


def invitation_create(
    *,
    email: str,
    name: str,
    role: str,
    actor: User | None,
    now: datetime.datetime | None = None,
) -> Invitation:
    """Invite `email` with `role` (a key of programme.roles). Refused (InvitationError,
    nothing written) for an unknown role, when the address has an account already (give
    that account the role instead), or when an open invitation for it exists (send that
    one again)."""
    _require_office(actor)
    email = email.strip()
    name = name.strip()
    found = role_by_key(role)
    if found is None:
        raise InvitationError(_("Unknown role “%(role)s”.") % {"role": role}, code="role")
    if not name:
        raise InvitationError(_("Give the name of the person you invite."), code="name")
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise InvitationError(
            _("There is already an account with the address %(email)s.") % {"email": email},
            code="email",
        )
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if Invitation.objects.filter(
            email__iexact=email, accepted_at=None, withdrawn_at=None
        ).exists():
            raise InvitationError(
                _("%(email)s has an open invitation already: send that one again.")
                % {"email": email},
                code="email",
            )
        invitation = Invitation.objects.create(
            token_hash=token_hash(token=token),
            email=email,
            name=name,
            role=found.key,
            groups=list(found.groups),
            is_staff=found.is_staff,
            invited_by=actor,
            sent_at=now,
            expires_at=now + _link_valid(),
        )
        audit_record(
            action="programme.invitation.created",
            actor=actor,
            target=invitation,
            summary=f"{email} ({found.key})",
        )
        _mail(invitation, token, str(found.label))
    return invitation


def invitation_resend(
    *, invitation: Invitation, actor: User | None, now: datetime.datetime | None = None
) -> Invitation:
    """Mail an open invitation again with a new link (the old one stops working) and a new
    expiry date."""
    _require_office(actor)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(
                _("This invitation has been accepted or withdrawn; it cannot be sent again."),
                code="invitation",
            )
        invitation.token_hash = token_hash(token=token)
        invitation.sent_at = now
        invitation.expires_at = now + _link_valid()
        invitation.times_sent += 1
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "times_sent"])
        audit_record(
            action="programme.invitation.resent",
            actor=actor,
            target=invitation,
            summary=invitation.email,
        )
        role = role_by_key(invitation.role)
        _mail(invitation, token, str(role.label) if role else invitation.role)
    return invitation


def invitation_withdraw(
    *, invitation: Invitation, actor: User | None, now: datetime.datetime | None = None
) -> Invitation:
    """Withdraw an open invitation: its link stops working."""
    _require_office(actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open:
            raise InvitationError(
                _("This invitation has been accepted or withdrawn already."), code="invitation"
            )
        invitation.withdrawn_at = now or timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        audit_record(
            action="programme.invitation.withdrawn",
            actor=actor,
            target=invitation,
            summary=invitation.email,
        )
    return invitation


def invitation_accept(
    *, token: str, username: str, password: str, now: datetime.datetime | None = None
) -> User:
    """Follow the link: make the account with the role's groups, its address confirmed,
    and a person of the programme linked to it (so the office can name them in projects
    and bodies). The form has checked the username and the password (Django's validators).

    Refused (InvitationError, nothing made) when the link is unknown, used, withdrawn or
    expired, or when the username or the address has been taken since.
    """
    now = now or timezone.now()
    user_model = get_user_model()
    with transaction.atomic():
        invitation = invitation_by_token(token=token)
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        problem = invitation_problem(invitation=invitation, now=now)
        if problem or invitation is None:
            raise InvitationError(problem, code="token")
        if user_model.objects.filter(username__iexact=username).exists():
            raise InvitationError(
                _("The username “%(username)s” is taken; choose another.") % {"username": username},
                code="username",
            )
        if user_model.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                _(
                    "There is already an account with this e-mail address. Sign in, or set a "
                    "new password if you have forgotten it."
                ),
                code="token",
            )
        first_name, _space, last_name = invitation.name.partition(" ")
        user = user_model(
            username=username,
            email=invitation.email,
            first_name=first_name[:150],
            last_name=last_name[:150],
            is_staff=invitation.is_staff,
        )
        user.set_password(password)
        user.save()
        for name in invitation.groups:
            group, _new = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        VerifiedEmail.objects.update_or_create(
            user=user, defaults={"email": invitation.email, "verified_at": now}
        )
        Person.objects.create(name=invitation.name, slug=_person_slug(invitation.name), user=user)
        invitation.accepted_at = now
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit_record(
            action="programme.invitation.accepted",
            actor=user,
            target=invitation,
            summary=f"{invitation.email} → {user.get_username()} ({_role_label(invitation.role)})",
            data={"groups": invitation.groups, "staff": invitation.is_staff},
        )
    return user


def invitation_problem(*, invitation: Invitation | None, now: datetime.datetime) -> str:
    """Why a link cannot be used (in the person's words), or "" when it can."""
    if invitation is None:
        return _(
            "This invitation link is not valid. If the invitation was sent again, use the "
            "link in the newest e-mail, or ask the programme office for a new invitation."
        )
    if invitation.accepted_at is not None:
        return _("This invitation has been accepted already. Sign in with your account.")
    if invitation.withdrawn_at is not None:
        return _("The programme office has withdrawn this invitation.")
    if invitation.expires_at <= now:
        return _(
            "This invitation expired on %(date)s. Ask the programme office to send it again."
        ) % {"date": date_format(timezone.localtime(invitation.expires_at), "j F Y")}
    return ""


def _role_label(key: str) -> str:
    """The role's name as people read it; the key when the role is no longer offered."""
    role = role_by_key(key)
    return str(role.label) if role is not None else key


def _person_slug(name: str) -> str:
    base = (slugify(name) or "persoon")[:90]
    slug, number = base, 1
    while Person.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
