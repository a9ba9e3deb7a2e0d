"""The directory: an organisation's profile, what it offers and asks (exchanges), and the
people who may edit it.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.network import permissions
from economie071.network.constants import ExchangeDirection, ExchangeKind, Sector
from economie071.network.exceptions import NetworkError
from economie071.network.models import Exchange, NetworkProfile, ProfileEditor
from economie071.network.services._common import _allow, _error, _trusted
from economie071.programme.models import Organisation

# What a profile editor may change; the office may change these and the partnership fields.
EDITOR_FIELDS = frozenset(
    {
        "sector",
        "description",
        "contact_email",
        "accepts_contact",
        "is_published",
        "show_partnership",
        "show_sector",
        "show_municipality",
        "show_website",
        "show_description",
        "show_offers",
        "show_seeks",
    }
)


OFFICE_FIELDS = frozenset({"covenant_partner", "covenant_signed_on", "partner_note", "source"})


PROFILE_FIELDS = EDITOR_FIELDS | OFFICE_FIELDS


def _clean_profile_values(values: dict) -> dict:
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    clean = dict(values)
    for key in ("description", "partner_note", "source", "contact_email"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if clean.get("sector") and clean["sector"] not in Sector.values:
        raise _error(
            _("Sector: unknown sector “%(sector)s”.") % {"sector": clean["sector"]}, "sector"
        )
    if clean.get("contact_email"):
        try:
            EmailValidator()(clean["contact_email"])
        except ValidationError:
            raise _error(
                _("Contact address: not a valid e-mail address."), "contact_email"
            ) from None
    for key, limit in (("partner_note", 300), ("source", 300)):
        if len(clean.get(key, "")) > limit:
            raise _error(_("Note: at most %(max)d characters.") % {"max": limit}, key)
    return clean


def _check_covenant(profile: NetworkProfile) -> None:
    if profile.covenant_signed_on and not profile.covenant_partner:
        raise _error(
            _("Covenant signed on: only a covenant partner has a signing date."),
            "covenant_signed_on",
        )
    if profile.covenant_signed_on and profile.covenant_signed_on > timezone.localdate():
        raise _error(_("Covenant signed on: cannot lie in the future."), "covenant_signed_on")


def profile_create(
    *, organisation: Organisation, actor: User | None, **values: Any
) -> NetworkProfile:
    """Give an organisation its place in the directory (office only)."""
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    if NetworkProfile.objects.filter(organisation=organisation).exists():
        raise _error(
            _("Organisation: %(organisation)s already has a profile.")
            % {"organisation": organisation},
            "organisation",
        )
    clean = _clean_profile_values(values)
    profile = NetworkProfile(organisation=organisation, **clean)
    _check_covenant(profile)
    with transaction.atomic():
        profile.save()
        audit_record(
            action="network.profile.created",
            actor=actor,
            target=profile,
            summary=str(organisation),
            data={"published": profile.is_published, "covenant_partner": profile.covenant_partner},
        )
    return profile


def profile_update(*, profile: NetworkProfile, actor: User | None, **values: Any) -> NetworkProfile:
    """Change a profile; editors change what they show and say, the office also the
    partnership. Writes (and audits) only when something changed."""
    _allow(_trusted(actor) or permissions.can_edit_profile(actor, profile))
    clean = _clean_profile_values(values)
    if not (_trusted(actor) or permissions.can_manage_profiles(actor)):
        refused = {k for k, v in clean.items() if k in OFFICE_FIELDS and getattr(profile, k) != v}
        _allow(not refused)
    changed = {k: v for k, v in clean.items() if getattr(profile, k) != v}
    if not changed:
        return profile
    before = {k: getattr(profile, k) for k in changed}
    for key, value in changed.items():
        setattr(profile, key, value)
    try:
        _check_covenant(profile)
    except NetworkError:
        for key, value in before.items():
            setattr(profile, key, value)
        raise
    with transaction.atomic():
        profile.save()
        audit_record(
            action="network.profile.updated",
            actor=actor,
            target=profile,
            summary=str(profile.organisation),
            # The contact address is personal data of a kind: the log names the field only.
            data={"fields": sorted(changed)},
        )
    return profile


@dataclass(frozen=True)
class ExchangeInput:
    direction: str
    kind: str
    text: str = ""


def profile_set_exchanges(
    *, profile: NetworkProfile, actor: User | None, exchanges: list[ExchangeInput]
) -> NetworkProfile:
    """Replace what the organisation offers and seeks (in the given order)."""
    _allow(_trusted(actor) or permissions.can_edit_profile(actor, profile))
    clean: list[tuple[str, str, str]] = []
    for number, item in enumerate(exchanges, start=1):
        if item.direction not in ExchangeDirection.values:
            raise _error(_("Line %(n)d: choose offers or seeks.") % {"n": number}, "exchanges")
        if item.kind not in ExchangeKind.values:
            raise _error(
                _("Line %(n)d: unknown kind “%(kind)s”.") % {"n": number, "kind": item.kind},
                "exchanges",
            )
        text = (item.text or "").strip()
        if len(text) > 300:
            raise _error(_("Line %(n)d: at most 300 characters.") % {"n": number}, "exchanges")
        clean.append((item.direction, item.kind, text))
    current = list(
        profile.exchanges.order_by("order", "id").values_list("direction", "kind", "text")
    )
    if current == clean:
        return profile
    with transaction.atomic():
        profile.exchanges.all().delete()
        Exchange.objects.bulk_create(
            Exchange(profile=profile, direction=d, kind=k, text=t, order=i)
            for i, (d, k, t) in enumerate(clean)
        )
        audit_record(
            action="network.profile.exchanges_set",
            actor=actor,
            target=profile,
            summary=str(profile.organisation),
            data={"exchanges": [[d, k] for d, k, _t in clean]},
        )
    return profile


def profile_editor_add(
    *, profile: NetworkProfile, user: User | None, actor: User | None
) -> ProfileEditor:
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    if user is None or not user.is_active:
        raise _error(_("User: choose an active user."), "user")
    if ProfileEditor.objects.filter(profile=profile, user=user).exists():
        raise _error(
            _("User: %(user)s already keeps this profile.") % {"user": user.get_username()},
            "user",
        )
    with transaction.atomic():
        editor = ProfileEditor.objects.create(profile=profile, user=user)
        audit_record(
            action="network.profile_editor.added",
            actor=actor,
            target=profile,
            summary=f"{profile.organisation}: {user.get_username()}",
            data={"user_id": user.pk},
        )
    return editor


def profile_editor_remove(*, editor: ProfileEditor, actor: User | None) -> None:
    _allow(_trusted(actor) or permissions.can_manage_profiles(actor))
    profile = editor.profile
    with transaction.atomic():
        user_id, username = editor.user_id, editor.user.get_username()
        editor.delete()
        audit_record(
            action="network.profile_editor.removed",
            actor=actor,
            target=profile,
            summary=f"{profile.organisation}: {username}",
            data={"user_id": user_id},
        )
