"""Reads of the programme's reference data and of accounts."""

import datetime
import hashlib

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from economie071.programme.models import (
    Invitation,
    Municipality,
    Organisation,
    Pillar,
    PopulationFigure,
    Programme,
    SignupRequest,
    Theme,
    VerifiedEmail,
)


def region_municipalities(*, programme: Programme) -> QuerySet[Municipality]:
    """The municipalities of the programme's region, each with its inhabitants per year."""
    return (
        Municipality.objects.filter(region_id=programme.region_id)
        .prefetch_related(
            Prefetch("population_figures", queryset=PopulationFigure.objects.order_by("year"))
        )
        .order_by("name")
    )


def organisation_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("municipality").order_by("name", "id")


def programme_pillars(*, programme: Programme) -> QuerySet[Pillar]:
    return programme.pillars.order_by("number")


def programme_themes(*, programme: Programme) -> QuerySet[Theme]:
    return programme.themes.order_by("order", "name")


def email_is_verified(*, user: User | AnonymousUser | None, email: str) -> bool:
    """Has `user` shown that `email` is theirs (and is it still their account's address)?
    An address typed into a form is not proof; following a link mailed to it is."""
    if not getattr(user, "is_authenticated", False) or not email:
        return False
    email = email.strip().lower()
    if (user.email or "").strip().lower() != email:
        return False
    return VerifiedEmail.objects.filter(user=user, email__iexact=email).exists()


def token_hash(*, token: str) -> str:
    """What is kept of a token mailed in a link: its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def signup_request_by_token(
    *, token: str, now: datetime.datetime | None = None
) -> SignupRequest | None:
    """The sign-up a confirmation link is for, while the link is valid; else None."""
    if not token:
        return None
    return SignupRequest.objects.filter(
        token_hash=token_hash(token=token), expires_at__gt=now or timezone.now()
    ).first()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation a link is for, whatever its state (see invitation_problem)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.filter(token_hash=token_hash(token=token)).first()


def invitations_open() -> QuerySet[Invitation]:
    """Invitations neither accepted nor withdrawn (expired ones included: they can be sent
    again), newest first, with who invited."""
    return (
        Invitation.objects.filter(accepted_at=None, withdrawn_at=None)
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def invitations_recent(*, limit: int = 50) -> QuerySet[Invitation]:
    """The latest accepted or withdrawn invitations, newest first."""
    return (
        Invitation.objects.exclude(accepted_at=None, withdrawn_at=None)
        .select_related("invited_by", "user")
        .order_by("-created_at", "-id")[:limit]
    )
