"""Skills passports: made, filled and shared only with consent; exported and erased by
the person; purged after consent has been withdrawn for the retention time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.models import AuditEntry
from economie071.audit.services import audit_record
from economie071.programme.models import Municipality
from economie071.skills import matching, permissions
from economie071.skills.constants import (
    PRIVACY_TEXT_VERSION,
    WITHDRAWN_RETENTION_DAYS,
    Evidence,
    JournalEntity,
)
from economie071.skills.exceptions import NoConsent
from economie071.skills.models import (
    MatchContact,
    MatchLog,
    Occupation,
    Passport,
    PassportSkill,
    Sector,
    Skill,
    TrainingModule,
    WorkExperience,
)
from economie071.skills.services._common import _check_hours, _check_level, _deny, _error, _trusted


def _passport_changed(passport: Passport, actor, action: str, data: dict | None = None) -> None:
    matching.journal(JournalEntity.PASSPORT, passport.pk)
    audit_record(
        action=f"skills.passport.{action}",
        actor=actor,
        target=passport,
        summary=str(_("Passport %(id)s") % {"id": passport.pk}),
        data=data or {},
    )


def _own(actor, passport: Passport) -> None:
    _deny(_trusted(actor) or permissions.can_edit_passport(actor, passport))


def _resolve_preferences(sectors, municipalities):
    sectors = list(sectors or [])
    municipalities = list(municipalities or [])
    for s in sectors:
        if not isinstance(s, Sector):
            raise _error(_("Sectors: choose sectors from the list."), "sectors")
    for m in municipalities:
        if not isinstance(m, Municipality):
            raise _error(
                _("Municipalities: choose municipalities from the list."), "municipalities"
            )
    return sectors, municipalities


def _check_consent_version(consent_version: str) -> None:
    """Consent is given to the privacy statement as it reads now: agreeing to an older
    version (a page opened before the text changed) is refused, whoever asks."""
    if consent_version != PRIVACY_TEXT_VERSION:
        raise _error(
            _(
                "The privacy statement has changed since you opened this page; read it "
                "again before you agree."
            ),
            "consent_version",
        )


def passport_create(
    *,
    user: User,
    actor: User | None,
    consent: bool,
    consent_version: str = PRIVACY_TEXT_VERSION,
    discoverable: bool = False,
    sectors: Iterable[Sector] = (),
    municipalities: Iterable[Municipality] = (),
    min_hours: int | None = None,
    max_hours: int | None = None,
    is_example: bool = False,
) -> Passport:
    """Make a person's passport. Requires their consent to the privacy statement of
    `consent_version`; without it nothing is stored. Only the person makes their own."""
    if not _trusted(actor):
        _deny(actor is not None and permissions.can_create_passport(actor) and actor.pk == user.pk)
    if consent is not True:
        raise NoConsent(
            _("Consent: a passport can only be made when you agree to the privacy statement."),
            code="consent",
        )
    if not consent_version:
        raise _error(_("Consent: the version of the privacy statement is missing."), "consent")
    _check_consent_version(consent_version)
    if Passport.objects.filter(user=user).exists():
        raise _error(_("Passport: you already have a skills passport."), "user")
    _check_hours(min_hours, max_hours)
    sectors, municipalities = _resolve_preferences(sectors, municipalities)
    with transaction.atomic():
        passport = Passport.objects.create(
            user=user,
            consent_at=timezone.now(),
            consent_version=consent_version,
            discoverable=bool(discoverable),
            min_hours=min_hours,
            max_hours=max_hours,
            is_example=is_example,
        )
        passport.sectors.set(sectors)
        passport.municipalities.set(municipalities)
        _passport_changed(
            passport,
            actor,
            "created",
            {"consent_version": consent_version, "discoverable": bool(discoverable)},
        )
    return passport


def passport_preferences_set(
    *,
    passport: Passport,
    actor: User | None,
    sectors: Iterable[Sector] = (),
    municipalities: Iterable[Municipality] = (),
    min_hours: int | None = None,
    max_hours: int | None = None,
) -> Passport:
    """Preferred sectors, acceptable work places and hours (empty: any)."""
    _own(actor, passport)
    _check_hours(min_hours, max_hours)
    sectors, municipalities = _resolve_preferences(sectors, municipalities)
    with transaction.atomic():
        passport.min_hours, passport.max_hours = min_hours, max_hours
        passport.save(update_fields=["min_hours", "max_hours", "updated_at"])
        passport.sectors.set(sectors)
        passport.municipalities.set(municipalities)
        _passport_changed(passport, actor, "preferences_set")
    return passport


def passport_set_discoverable(
    *, passport: Passport, actor: User | None, discoverable: bool
) -> Passport:
    """Whether employers may find the person among the candidates for their vacancies."""
    _own(actor, passport)
    with transaction.atomic():
        passport.discoverable = bool(discoverable)
        passport.save(update_fields=["discoverable", "updated_at"])
        _passport_changed(passport, actor, "discoverable_set", {"discoverable": bool(discoverable)})
    return passport


def passport_consent_withdraw(*, passport: Passport, actor: User | None) -> Passport:
    """Stop all processing: the passport leaves every index at once, no adviser, office or
    employer sees it any more. It is kept only so the person can download it or give
    consent again, and erased for good after WITHDRAWN_RETENTION_DAYS days
    (`passports_purge_withdrawn`). Erase it at once with `passport_erase`."""
    _own(actor, passport)
    if not passport.has_consent:
        raise _error(_("Consent: you already withdrew your consent."), "consent")
    with transaction.atomic():
        passport.consent_withdrawn_at = timezone.now()
        passport.discoverable = False
        passport.save(update_fields=["consent_withdrawn_at", "discoverable", "updated_at"])
        _passport_changed(passport, actor, "consent_withdrawn")
    return passport


def passport_consent_give(
    *,
    passport: Passport,
    actor: User | None,
    consent: bool,
    consent_version: str = PRIVACY_TEXT_VERSION,
) -> Passport:
    """Consent again after withdrawing it (recorded with the current statement's version)."""
    _own(actor, passport)
    if consent is not True:
        raise NoConsent(_("Consent: agree to the privacy statement to go on."), code="consent")
    _check_consent_version(consent_version)
    with transaction.atomic():
        passport.consent_at = timezone.now()
        passport.consent_version = consent_version
        passport.consent_withdrawn_at = None
        passport.save(
            update_fields=["consent_at", "consent_version", "consent_withdrawn_at", "updated_at"]
        )
        _passport_changed(passport, actor, "consent_given", {"consent_version": consent_version})
    return passport


def passport_skill_set(
    *,
    passport: Passport,
    actor: User | None,
    skill: Skill,
    level: int,
    evidence: str = Evidence.SELF_ASSESSED,
    module: TrainingModule | None = None,
    note: str = "",
) -> PassportSkill:
    """Add a skill to the passport or change its level and evidence."""
    _own(actor, passport)
    level = _check_level(level)
    if evidence not in Evidence.values:
        raise _error(_("Evidence: unknown kind “%(value)s”.") % {"value": evidence}, "evidence")
    if evidence == Evidence.TRAINING_MODULE and module is None:
        raise _error(_("Training module: say which module the skill was earned in."), "module")
    if not isinstance(skill, Skill) or skill.pk is None:
        raise _error(_("Skill: choose a skill from the list."), "skill")
    with transaction.atomic():
        row, _created = PassportSkill.objects.update_or_create(
            passport=passport,
            skill=skill,
            defaults={"level": level, "evidence": evidence, "module": module, "note": note.strip()},
        )
        _passport_changed(passport, actor, "skill_set")
    return row


def passport_skill_remove(*, passport: Passport, actor: User | None, skill: Skill) -> None:
    _own(actor, passport)
    with transaction.atomic():
        deleted, _rows = PassportSkill.objects.filter(passport=passport, skill=skill).delete()
        if deleted:
            _passport_changed(passport, actor, "skill_removed")


def passport_experience_set(
    *, passport: Passport, actor: User | None, occupation: Occupation, years: int
) -> WorkExperience:
    """Work experience as an occupation with a number of years (0–60)."""
    _own(actor, passport)
    if not isinstance(years, int) or not 0 <= years <= 60:
        raise _error(_("Years: give a whole number of years from 0 to 60."), "years")
    with transaction.atomic():
        row, _created = WorkExperience.objects.update_or_create(
            passport=passport, occupation=occupation, defaults={"years": years}
        )
        _passport_changed(passport, actor, "experience_set")
    return row


def passport_experience_remove(
    *, passport: Passport, actor: User | None, occupation: Occupation
) -> None:
    _own(actor, passport)
    with transaction.atomic():
        WorkExperience.objects.filter(passport=passport, occupation=occupation).delete()
        _passport_changed(passport, actor, "experience_removed")


def passport_export(*, passport: Passport, actor: User | None) -> dict:
    """Everything we hold on the person, as JSON-ready data: the passport, consent, skills,
    experience, preferences, the adviser overrides and notes about them, every match log
    entry about them or shown to them, and the audit entries of their passport. Only the
    person may export (AVG/GDPR art. 15 and 20)."""
    _own(actor, passport)
    from economie071.skills.selectors import match_log_about

    user = passport.user
    skills = [
        {
            "skill_id": row.skill_id,
            "esco_uri": row.skill.uri,
            "label_nl": row.skill.label_nl,
            "label_en": row.skill.label_en,
            "level": row.level,
            "evidence": row.evidence,
            "module": row.module.title if row.module else None,
            "note": row.note,
            "updated_at": row.updated_at.isoformat(),
        }
        for row in passport.skills.select_related("skill", "module").order_by("skill_id")
    ]
    experience = [
        {
            "occupation_id": row.occupation_id,
            "esco_uri": row.occupation.uri,
            "label_nl": row.occupation.label_nl,
            "label_en": row.occupation.label_en,
            "years": row.years,
        }
        for row in passport.experience.select_related("occupation").order_by("occupation_id")
    ]
    overrides = [
        {
            "action": o.action,
            "reason": o.reason,
            "adviser": (o.adviser.get_full_name() or o.adviser.get_username())
            if o.adviser
            else None,
            "vacancy": o.vacancy.title if o.vacancy else None,
            "occupation": o.occupation.label if o.occupation else None,
            "created_at": o.created_at.isoformat(),
            "revoked_at": o.revoked_at.isoformat() if o.revoked_at else None,
        }
        for o in passport.overrides.select_related("adviser", "vacancy", "occupation").order_by(
            "id"
        )
    ]
    logs = [
        {
            "shown_at": log.shown_at.isoformat(),
            "shown_to": "you" if log.viewer_id == user.pk else (log.viewer_role or "platform"),
            "kind": log.kind,
            "vacancy": log.vacancy.title if log.vacancy else None,
            "occupation": log.occupation.label if log.occupation else None,
            "rank": log.rank,
            "score": log.score,
            "explanation": log.explanation,
            "overrides": log.overrides,
        }
        for log in match_log_about(passport=passport).select_related("vacancy", "occupation")
    ]
    contacts = [
        {
            "kind": c.kind,
            "created_at": c.created_at.isoformat(),
            "from": "you" if c.created_by_id == user.pk else None,
            "vacancy": c.vacancy.title if c.vacancy else None,
            "organisation": c.vacancy.organisation.name if c.vacancy else None,
            "training_module": c.module.title if c.module else None,
            "message": c.message,
            "shared_passport_summary": c.share_summary,
            "shared_contact_details": c.share_contact,
            "contact_details_shared_at": c.contact_shared_at.isoformat()
            if c.contact_shared_at
            else None,
            "status": c.status,
            "answered_at": c.responded_at.isoformat() if c.responded_at else None,
            "outcome": c.outcome,
            "outcome_reason": c.outcome_reason,
            "outcome_at": c.outcome_at.isoformat() if c.outcome_at else None,
        }
        for c in passport.contacts.select_related("vacancy__organisation", "module").order_by("id")
    ]
    audit = [
        {"at": entry.at.isoformat(), "action": entry.action, "data": entry.data}
        for entry in AuditEntry.objects.filter(
            object_type=Passport._meta.label_lower, object_id=str(passport.pk)
        ).order_by("at", "id")
    ]
    with transaction.atomic():
        audit_record(
            action="skills.passport.exported",
            actor=actor,
            target=passport,
            summary=str(_("Passport %(id)s") % {"id": passport.pk}),
        )
    return {
        "format": "economie071.skills.passport/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "name": user.get_full_name() if hasattr(user, "get_full_name") else "",
        },
        "passport": {
            "id": passport.pk,
            "created_at": passport.created_at.isoformat(),
            "updated_at": passport.updated_at.isoformat(),
            "consent_at": passport.consent_at.isoformat(),
            "consent_version": passport.consent_version,
            "consent_withdrawn_at": (
                passport.consent_withdrawn_at.isoformat() if passport.consent_withdrawn_at else None
            ),
            "discoverable": passport.discoverable,
            "is_example": passport.is_example,
        },
        "preferences": {
            "sectors": sorted(s.name_nl for s in passport.sectors.all()),
            "municipalities": sorted(m.name for m in passport.municipalities.all()),
            "min_hours": passport.min_hours,
            "max_hours": passport.max_hours,
        },
        "skills": skills,
        "work_experience": experience,
        "adviser_overrides": overrides,
        "match_log": logs,
        "contacts": contacts,
        "audit": audit,
    }


def passport_erase(*, passport: Passport, actor: User | None) -> dict[str, int]:
    """Erase the passport and everything about the person in it (AVG/GDPR art. 17).

    Deleted: the passport, its skills, experience, preferences and adviser overrides; it
    leaves every process's index through the journal. The match log keeps its rows for the
    record of what the system showed (EU AI Act), anonymised: no passport, no viewer when
    it was the person, the explanation emptied, `subject_erased` set. Audit entries of the
    passport hold only the kind of change and its time (never skills or preferences) and
    stay. A reference to the erased person
    afterwards (an old link, a stale index) gives `PassportErased`, never a crash.
    """
    _own(actor, passport)
    pk = passport.pk
    with transaction.atomic():
        logs = MatchLog.objects.filter(passport=passport)
        anonymised = logs.update(explanation={}, overrides=[], subject_erased=True)
        MatchLog.objects.filter(passport=passport, viewer_id=passport.user_id).update(viewer=None)
        logs.update(passport=None)
        # contacts stay for the figures (sector, municipality, outcome), without the person
        contacts = MatchContact.objects.filter(passport=passport).update(
            passport=None,
            message="",
            share_summary=False,
            share_contact=False,
            contact_shared_at=None,
            subject_erased=True,
        )
        counts = {
            "skills": passport.skills.count(),
            "experience": passport.experience.count(),
            "overrides": passport.overrides.count(),
            "match_log_anonymised": anonymised,
            "contacts_anonymised": contacts,
        }
        matching.journal(JournalEntity.PASSPORT, pk)
        audit_record(
            action="skills.passport.erased",
            actor=actor,
            target=passport,
            summary=str(_("Passport %(id)s") % {"id": pk}),
        )
        passport.delete()
    return counts


def passports_purge_withdrawn(
    *, actor: User | None = None, now: datetime.datetime | None = None
) -> int:
    """Erase the passports whose consent was withdrawn longer ago than the retention time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS)
    count = 0
    for passport in Passport.objects.filter(consent_withdrawn_at__lt=cutoff).select_related("user"):
        passport_erase(passport=passport, actor=None)
        count += 1
    return count
