"""Writes around matching: the match log of what was shown to whom, and an adviser's
overrides of the matching (a suggestion put forward, set aside or annotated) and their
revocation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.groups import signed_in_user
from economie071.skills import permissions
from economie071.skills.constants import OverrideAction
from economie071.skills.exceptions import NoConsent
from economie071.skills.models import AdviserOverride, MatchLog, Occupation, Passport, Vacancy
from economie071.skills.services._common import _deny, _error

if TYPE_CHECKING:
    from economie071.skills.selectors import (
        GapPlanOption,
        MobilityOption,
        Suggestion,
        TrainingPlan,
    )


def match_log_record(
    *,
    actor: User | AnonymousUser | None,
    shown: Iterable[Suggestion | MobilityOption | TrainingPlan | GapPlanOption],
) -> list[MatchLog]:
    """Write what a match selector returned, as it was shown to `actor`, to the match log
    (the EU AI Act log): one row per suggestion, with who saw it and in which role. Call it
    with the result of `candidates_for_vacancy`, `vacancies_for_passport`, `match_detail`
    (as a one-item list), `mobility_for`, `training_plan` (one item) or `gap_plan` once it
    is shown; results that record nothing (mobility from an occupation) are skipped."""
    rows = [item.log_entry for item in shown if item.log_entry]
    if not rows:
        return []
    viewer = signed_in_user(actor)
    role = permissions.role_of(actor) if viewer else "platform"
    with transaction.atomic():
        return MatchLog.objects.bulk_create(
            [MatchLog(viewer=viewer, viewer_role=role, **row) for row in rows]
        )


def adviser_override_record(
    *,
    actor: User | None,
    passport: Passport,
    action: str,
    reason: str,
    vacancy: Vacancy | None = None,
    occupation: Occupation | None = None,
) -> AdviserOverride:
    """A career adviser hides, boosts (shows first) or annotates one suggestion — a
    passport with a vacancy or with an occupation — and says why. Selectors apply it for
    everyone who sees that suggestion, and the match log records it."""
    _deny(permissions.can_override(actor))
    if action not in OverrideAction.values:
        raise _error(_("Action: unknown action “%(action)s”.") % {"action": action}, "action")
    if not reason.strip():
        raise _error(_("Reason: say why (it is kept in the log)."), "reason")
    if (vacancy is None) == (occupation is None):
        raise _error(_("Suggestion: give either the vacancy or the occupation."), "vacancy")
    if not passport.has_consent:
        raise NoConsent(_("Passport: this person withdrew their consent."), code="passport")
    with transaction.atomic():
        override = AdviserOverride.objects.create(
            adviser=actor,
            passport=passport,
            vacancy=vacancy,
            occupation=occupation,
            action=action,
            reason=reason.strip(),
        )
        audit_record(
            action="skills.override.recorded",
            actor=actor,
            target=override,
            summary=str(_("Passport %(id)s") % {"id": passport.pk}),
            data={
                "action": action,
                "vacancy": getattr(vacancy, "pk", None),
                "occupation": getattr(occupation, "pk", None),
            },
        )
    return override


def adviser_override_revoke(*, override: AdviserOverride, actor: User | None) -> AdviserOverride:
    _deny(permissions.can_override(actor))
    if override.revoked_at is not None:
        raise _error(_("Override: already revoked."), "override")
    with transaction.atomic():
        override.revoked_at = timezone.now()
        override.save(update_fields=["revoked_at"])
        audit_record(
            action="skills.override.revoked",
            actor=actor,
            target=override,
            summary=str(_("Passport %(id)s") % {"id": override.passport_id}),
        )
    return override
