"""Accounts people make for themselves: a sign-up confirmed by a link mailed to the address."""

import datetime
import secrets
from typing import NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import throttle
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.programme.exceptions import AccountError, TooManyAttempts
from economie071.programme.models import SignupRequest, VerifiedEmail
from economie071.programme.selectors import signup_request_by_token, token_hash

# How long the link that confirms a sign-up stays valid.
SIGNUP_LINK_VALID = datetime.timedelta(days=2)


def _user_with_email(email: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email).order_by("pk").first()


def account_signup_request(
    *,
    email: str,
    username: str,
    name: str,
    password: str,
    next_url: str = "",
    client_address: str = "",
    now: datetime.datetime | None = None,
) -> None:
    """Someone asks for an account of their own (to ask on the forum, keep a skills
    passport…). The form has checked the username and the password (Django's validators).

    Nothing is made yet: a link to confirm the address is mailed to it, and the account is
    made when it is followed (`account_signup_confirm`). When the address has an account
    already, its owner gets a mail saying someone tried (sign in, or set a new password)
    instead. Either way the caller learns nothing about the address: the same answer, the
    same work (the password is hashed in both cases).

    Refused (TooManyAttempts) over the rate limits per client address and per e-mail
    address (THROTTLE_LIMITS "accounts.signup.*"), since each request sends a mail.
    """
    email = email.strip()
    over_client = throttle.hit("accounts.signup.client", client_address)
    over_email = throttle.hit("accounts.signup.email", email)
    if over_client or over_email:
        raise TooManyAttempts(
            _("Too many attempts to make an account in a short time. Try again in an hour."),
            code="email",
        )
    hashed = make_password(password)
    token = secrets.token_urlsafe(32)
    now = now or timezone.now()
    with transaction.atomic():
        SignupRequest.objects.filter(expires_at__lte=now).delete()
        owner = _user_with_email(email)
        if owner is not None:
            audit_record(
                action="programme.account.signup_refused",
                actor=None,
                target=owner,
                summary=owner.get_username(),
            )
            subject = _("Someone tried to make an account with your e-mail address")
            template = "programme/email/signup_existing.txt"
            context = {
                "name": owner.get_full_name() or owner.get_username(),
                "username": owner.get_username(),
                "login_url": absolute_url(reverse("web:login")),
                "reset_url": absolute_url(reverse("web:password_reset")),
            }
            to, topic, reference = owner.email, "programme.account.signup_refused", owner.pk
        else:
            signup = SignupRequest.objects.create(
                token_hash=token_hash(token=token),
                email=email,
                username=username,
                name=name,
                password=hashed,
                next_url=next_url,
                expires_at=now + SIGNUP_LINK_VALID,
            )
            audit_record(
                action="programme.signup.requested",
                actor=None,
                target=signup,
                summary=f"#{signup.pk}",
            )
            subject = _("Confirm your e-mail address for Economie071")
            template = "programme/email/signup_confirm.txt"
            context = {
                "name": name,
                "confirm_url": absolute_url(reverse("web:signup_confirm", args=[token])),
                "valid_until": date_format(timezone.localtime(signup.expires_at), "j F Y H:i"),
            }
            to, topic, reference = email, "programme.signup.requested", signup.pk
        mail_send(
            messages=[
                EmailMessage(subject=subject, body=render_to_string(template, context), to=[to])
            ],
            topic=topic,
            reference=reference,
        )


class SignupConfirmed(NamedTuple):
    user: User
    next_url: str  # where the person was going when they asked for the account


def account_signup_confirm(*, token: str, now: datetime.datetime | None = None) -> SignupConfirmed:
    """Follow the link of `account_signup_request`: make the account, with its address
    confirmed. The account gets no group, so it may do only what any signed-in person may
    do.

    Refused (AccountError, nothing made) when the link is not valid or has expired, or
    when the username or the address has been taken since; the link is then used up.
    """
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    signup = signup_request_by_token(token=token, now=now)
    if signup is None:
        raise AccountError(
            _("This link is not valid or has expired. Make your account again."), code="token"
        )
    user_model = get_user_model()
    error = None
    with transaction.atomic():
        locked = SignupRequest.objects.select_for_update().filter(pk=signup.pk).first()
        if locked is None:  # followed twice at once
            raise AccountError(_("This link has been used already. Sign in."), code="token")
        signup = locked
        if _user_with_email(signup.email) is not None:
            error = AccountError(
                _(
                    "There is already an account with this e-mail address. Sign in, or set a "
                    "new password if you have forgotten it."
                ),
                code="email",
            )
        elif user_model.objects.filter(username__iexact=signup.username).exists():
            error = AccountError(
                _(
                    "Someone has taken the username “%(username)s” in the meantime. Make your "
                    "account again with another username."
                )
                % {"username": signup.username},
                code="username",
            )
        else:
            user = user_model(username=signup.username, email=signup.email, first_name=signup.name)
            user.password = signup.password  # hashed when it was asked for
            user.save()
            audit_record(
                action="programme.account.created",
                actor=user,
                target=user,
                summary=user.get_username(),
                data={"email_confirmed": True},
            )
            _email_verified(user, signup.email, now)
        SignupRequest.objects.filter(email__iexact=signup.email).delete()
    if error is not None:
        raise error
    return SignupConfirmed(user, signup.next_url)


def _email_verified(user, email: str, now: datetime.datetime) -> None:
    VerifiedEmail.objects.update_or_create(user=user, defaults={"email": email, "verified_at": now})
    audit_record(
        action="programme.account.email_confirmed",
        actor=user,
        target=user,
        summary=user.get_username(),
    )


def account_email_confirmed(*, user: User | None, now: datetime.datetime | None = None) -> None:
    """The person followed a link mailed to their account's address (a password reset):
    that address is now known to be theirs."""
    if user is None or not user.email:
        return
    with transaction.atomic():
        _email_verified(user, user.email, now or timezone.now())
