"""Writes that span the domain apps, which only the site shell sees all of: deleting one's
own account, and changing one's password (asked for again, with a limit on wrong tries).

What deleting an account does to each kind of data, and why, is in docs/operations.md and
on the page that asks for the confirmation (web/templates/registration/account_delete.html).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core import throttle
from economie071.core.groups import PROGRAMME_OFFICE_GROUP, is_programme_office
from economie071.events.services import registrations_forget_account
from economie071.programme.exceptions import AccountError, TooManyAttempts
from economie071.skills.selectors import passport_of
from economie071.skills.services import passport_erase

REAUTH_SCOPE = "accounts.password_check.user"


def password_check(*, user: User, password: str) -> None:
    """The password asked for again before a change that cannot be undone. Refused
    (AccountError on the field "password") when wrong; after THROTTLE_LIMITS
    "accounts.password_check.user" wrong tries, refused for a while even when right (a
    borrowed session cannot be used to guess the password)."""
    key = str(user.pk)
    if throttle.exceeded(REAUTH_SCOPE, key):
        raise TooManyAttempts(
            _("Too many wrong passwords. Try again in %(minutes)s minutes.")
            % {"minutes": throttle.window_minutes(REAUTH_SCOPE)},
            code="password",
        )
    if not user.check_password(password):
        throttle.hit(REAUTH_SCOPE, key)
        raise AccountError(_("This is not your current password."), code="password")


def account_delete(*, user: User, password: str) -> dict[str, int]:
    """Delete one's own account, after the password. Erased: the skills passport (as its own
    erasure does), follows of forum topics, the confirmed address, roles for organisations.
    Registrations for events to come are cancelled; all the account's registrations lose
    name and address but keep their status. Kept without the account: forum posts, card
    revisions, decisions and uploads (shown as by a deleted account), the person in the
    programme's records, and the audit log (its entries lose their actor). Refused for the
    last programme office account, which would leave the programme without an office."""
    password_check(user=user, password=password)
    if is_programme_office(user) and not (
        get_user_model()
        .objects.filter(groups__name=PROGRAMME_OFFICE_GROUP, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    ):
        raise AccountError(
            _(
                "You are the only account of the programme office. Invite someone else to "
                "the office first, so the programme is not left without one."
            ),
            code="password",
        )
    counts: dict[str, int] = {}
    with transaction.atomic():
        passport = passport_of(user=user)
        if passport is not None:
            passport_erase(passport=passport, actor=user)
            counts["passport"] = 1
        counts.update(registrations_forget_account(user=user, actor=user))
        audit_record(
            action="web.account.deleted",
            actor=None,
            target=user,
            summary=f"#{user.pk}",
            data=counts,
        )
        user.delete()
    return counts


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Change one's password, after the current one (see password_check). The form has
    checked the new one with Django's validators. Other sessions of the account end (the
    view keeps the current one)."""
    password_check(user=user, password=old_password)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(
            action="web.account.password_changed",
            actor=user,
            target=user,
            summary=user.get_username(),
        )
