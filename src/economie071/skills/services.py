"""Every write to the House of Skills: one keyword-only function per use case, each in its
own transaction, each writing an audit entry (``skills.<entity>.<verb>``).

`actor` is the user doing it; None means the platform itself (the demo loader, batch
commands), which is trusted. Every check runs before anything is written, so a refused
request leaves the database as it was. A refusal is a SkillsError whose ``code`` names the
field.

Services that change what matching sees (passports, their skills and preferences, consent,
erasure, vacancies and their confirmed skills, the taxonomy) write a `ChangeJournal` row
in the same transaction (`matching.journal`), so every process's index applies the change
before its next query.

Audit entries about a passport name only the passport's number and what kind of change it
was, never skills or preferences: the audit log outlives an erased passport.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.models import AuditEntry
from economie071.audit.services import audit_record
from economie071.programme.models import Municipality, Organisation
from economie071.skills import matching, permissions
from economie071.skills.constants import (
    EMPLOYER_GROUP,
    LEVEL_MAX,
    LEVEL_MIN,
    PRIVACY_TEXT_VERSION,
    PROVIDER_GROUP,
    SKILLS_GROUPS,
    WITHDRAWN_RETENTION_DAYS,
    DemandSource,
    DemandStatus,
    Evidence,
    JournalEntity,
    LabelKind,
    Lang,
    OrganisationRoleKind,
    OverrideAction,
    RelationType,
    VacancyStatus,
)
from economie071.skills.exceptions import NoConsent, NotAllowed, SkillsError
from economie071.skills.models import (
    AdviserOverride,
    CenturySkill,
    DemandSkill,
    MatchLog,
    ModuleSkill,
    Occupation,
    OrganisationRole,
    Passport,
    PassportSkill,
    Sector,
    Skill,
    SkillLabel,
    TrainingModule,
    TrainingProvider,
    Vacancy,
    WorkExperience,
)


def _error(message: str, field_name: str) -> SkillsError:
    return SkillsError(message, code=field_name)


def _deny(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


def _trusted(actor) -> bool:
    return actor is None


def _check_level(level, field_name: str = "level") -> int:
    try:
        value = int(level)
    except (TypeError, ValueError):
        value = None
    if value is None or value != level or not LEVEL_MIN <= value <= LEVEL_MAX:
        raise _error(
            _("Level: give a whole number from %(min)s to %(max)s (got “%(value)s”).")
            % {"min": LEVEL_MIN, "max": LEVEL_MAX, "value": level},
            field_name,
        )
    return value


def _check_hours(min_hours, max_hours) -> None:
    for name, value in (("min_hours", min_hours), ("max_hours", max_hours)):
        if value is not None and not (isinstance(value, int) and 0 < value <= 80):
            raise _error(_("Hours: give a number of hours a week from 1 to 80."), name)
    if min_hours is not None and max_hours is not None and min_hours > max_hours:
        raise _error(_("Maximum hours: cannot be below the minimum hours."), "max_hours")


def role_groups_ensure() -> None:
    """Create the Django groups of the skills roles (employer, provider, adviser)."""
    for name in SKILLS_GROUPS:
        Group.objects.get_or_create(name=name)


# --- Taxonomy (own additions; the ESCO import is in esco.py) --------------------------------


def skill_create(
    *,
    actor,
    label_nl: str,
    label_en: str = "",
    uri: str | None = None,
    skill_type: str = "",
    reuse_level: str = "",
    description_nl: str = "",
    description_en: str = "",
    alt_labels: Mapping[str, Iterable[str]] | None = None,
    is_example: bool = False,
) -> Skill:
    """A skill of our own (no URI) or one ESCO skill added by hand; labels kept for search
    and extraction. Taxonomy changes rebuild every process's index."""
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    label_nl, label_en = label_nl.strip(), label_en.strip()
    if not label_nl and not label_en:
        raise _error(_("Label: give a Dutch or an English label."), "label_nl")
    if uri and Skill.objects.filter(uri=uri).exists():
        raise _error(_("URI: there is already a skill with URI “%(uri)s”.") % {"uri": uri}, "uri")
    with transaction.atomic():
        skill = Skill.objects.create(
            uri=uri or None,
            label_nl=label_nl,
            label_en=label_en,
            skill_type=skill_type,
            reuse_level=reuse_level,
            description_nl=description_nl.strip(),
            description_en=description_en.strip(),
            is_example=is_example,
        )
        labels = {
            (Lang.NL, LabelKind.PREFERRED, label_nl),
            (Lang.EN, LabelKind.PREFERRED, label_en),
        }
        for lang, texts in (alt_labels or {}).items():
            labels |= {(lang, LabelKind.ALT, t.strip()) for t in texts}
        SkillLabel.objects.bulk_create(
            [SkillLabel(skill=skill, lang=lang, kind=kind, text=text) for lang, kind, text in
             sorted(labels) if text]
        )
        matching.journal(JournalEntity.TAXONOMY, skill.pk)
        audit_record(action="skills.skill.created", actor=actor, target=skill, summary=skill.label)
    return skill


def occupation_create(
    *,
    actor,
    label_nl: str,
    label_en: str = "",
    uri: str | None = None,
    isco_code: str = "",
    essential: Iterable[Skill] = (),
    optional: Iterable[Skill] = (),
    description_nl: str = "",
    is_example: bool = False,
) -> Occupation:
    """An occupation of our own or one from ESCO, with its essential and optional skills."""
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    if not label_nl.strip() and not label_en.strip():
        raise _error(_("Label: give a Dutch or an English label."), "label_nl")
    if uri and Occupation.objects.filter(uri=uri).exists():
        raise _error(
            _("URI: there is already an occupation with URI “%(uri)s”.") % {"uri": uri}, "uri"
        )
    from economie071.skills.models import IscoGroup, OccupationSkill

    with transaction.atomic():
        occupation = Occupation.objects.create(
            uri=uri or None,
            label_nl=label_nl.strip(),
            label_en=label_en.strip(),
            isco_code=isco_code,
            isco_group=IscoGroup.objects.filter(code=isco_code).first() if isco_code else None,
            description_nl=description_nl.strip(),
            is_example=is_example,
        )
        links = {s.pk: RelationType.OPTIONAL for s in optional}
        links.update({s.pk: RelationType.ESSENTIAL for s in essential})
        OccupationSkill.objects.bulk_create(
            [
                OccupationSkill(occupation=occupation, skill_id=sid, relation_type=kind)
                for sid, kind in sorted(links.items())
            ]
        )
        matching.journal(JournalEntity.TAXONOMY, occupation.pk)
        audit_record(
            action="skills.occupation.created",
            actor=actor,
            target=occupation,
            summary=occupation.label,
        )
    return occupation


def sector_upsert(
    *, actor, slug: str, name_nl: str, name_en: str, isco_prefixes: Iterable[str],
    is_focus: bool = False,
) -> Sector:
    """A sector as a set of ISCO code prefixes ("5131" or "22")."""
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    prefixes = [str(p).strip() for p in isco_prefixes]
    bad = [p for p in prefixes if not p.isdigit() or len(p) > 4]
    if bad or not prefixes:
        raise _error(
            _("ISCO codes: give one or more ISCO codes of 1 to 4 digits (wrong: %(bad)s).")
            % {"bad": ", ".join(bad) or "—"},
            "isco_prefixes",
        )
    with transaction.atomic():
        sector, created = Sector.objects.update_or_create(
            slug=slug,
            defaults={
                "name_nl": name_nl, "name_en": name_en, "isco_prefixes": prefixes,
                "is_focus": is_focus,
            },
        )
        matching.journal(JournalEntity.TAXONOMY, sector.pk)
        audit_record(
            action="skills.sector.created" if created else "skills.sector.updated",
            actor=actor,
            target=sector,
            summary=sector.name_nl,
            data={"isco_prefixes": prefixes},
        )
    return sector


def century_skill_upsert(
    *, actor, slug: str, order: int, name_nl: str, name_en: str, description_nl: str = "",
    skills: Iterable[Skill] = (),
) -> CenturySkill:
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    with transaction.atomic():
        century, created = CenturySkill.objects.update_or_create(
            slug=slug,
            defaults={
                "order": order, "name_nl": name_nl, "name_en": name_en,
                "description_nl": description_nl,
            },
        )
        century.skills.set(list(skills))
        audit_record(
            action="skills.century_skill.created" if created else "skills.century_skill.updated",
            actor=actor,
            target=century,
            summary=name_nl,
        )
    return century


# --- Roles -----------------------------------------------------------------------------------


def organisation_role_grant(
    *, user, organisation: Organisation, role: str, actor
) -> OrganisationRole:
    """Let `user` act for `organisation` as employer (vacancies) or provider (modules); puts
    them in the matching Django group."""
    _deny(_trusted(actor) or permissions.is_office(actor))
    if role not in OrganisationRoleKind.values:
        raise _error(_("Role: unknown role “%(role)s”.") % {"role": role}, "role")
    with transaction.atomic():
        link, _created = OrganisationRole.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        group_name = EMPLOYER_GROUP if role == OrganisationRoleKind.EMPLOYER else PROVIDER_GROUP
        group, _new = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
        for cache in ("_e071_groups", "_e071_skills_orgs"):
            if hasattr(user, cache):
                delattr(user, cache)
        audit_record(
            action="skills.organisation_role.granted",
            actor=actor,
            target=link,
            summary=f"{user.get_username()}: {role} {organisation}",
        )
    return link


# --- Passports -------------------------------------------------------------------------------


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


def passport_create(
    *,
    user,
    actor,
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
        _deny(permissions.can_create_passport(actor) and actor.pk == user.pk)
    if consent is not True:
        raise NoConsent(
            _("Consent: a passport can only be made when you agree to the privacy statement."),
            code="consent",
        )
    if not consent_version:
        raise _error(_("Consent: the version of the privacy statement is missing."), "consent")
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
            passport, actor, "created",
            {"consent_version": consent_version, "discoverable": bool(discoverable)},
        )
    return passport


def passport_preferences_set(
    *,
    passport: Passport,
    actor,
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


def passport_set_discoverable(*, passport: Passport, actor, discoverable: bool) -> Passport:
    """Whether employers may find the person among the candidates for their vacancies."""
    _own(actor, passport)
    with transaction.atomic():
        passport.discoverable = bool(discoverable)
        passport.save(update_fields=["discoverable", "updated_at"])
        _passport_changed(passport, actor, "discoverable_set", {"discoverable": bool(discoverable)})
    return passport


def passport_consent_withdraw(*, passport: Passport, actor) -> Passport:
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
    *, passport: Passport, actor, consent: bool, consent_version: str = PRIVACY_TEXT_VERSION
) -> Passport:
    """Consent again after withdrawing it (recorded with the current statement's version)."""
    _own(actor, passport)
    if consent is not True:
        raise NoConsent(_("Consent: agree to the privacy statement to go on."), code="consent")
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
    actor,
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


def passport_skill_remove(*, passport: Passport, actor, skill: Skill) -> None:
    _own(actor, passport)
    with transaction.atomic():
        deleted, _rows = PassportSkill.objects.filter(passport=passport, skill=skill).delete()
        if deleted:
            _passport_changed(passport, actor, "skill_removed")


def passport_experience_set(
    *, passport: Passport, actor, occupation: Occupation, years: int
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


def passport_experience_remove(*, passport: Passport, actor, occupation: Occupation) -> None:
    _own(actor, passport)
    with transaction.atomic():
        WorkExperience.objects.filter(passport=passport, occupation=occupation).delete()
        _passport_changed(passport, actor, "experience_removed")


def passport_export(*, passport: Passport, actor) -> dict:
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
            if o.adviser else None,
            "vacancy": o.vacancy.title if o.vacancy else None,
            "occupation": o.occupation.label if o.occupation else None,
            "created_at": o.created_at.isoformat(),
            "revoked_at": o.revoked_at.isoformat() if o.revoked_at else None,
        }
        for o in passport.overrides.select_related("adviser", "vacancy", "occupation")
        .order_by("id")
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
        for log in match_log_about(passport).select_related("vacancy", "occupation")
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
        "audit": audit,
    }


def passport_erase(*, passport: Passport, actor) -> dict[str, int]:
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
        counts = {
            "skills": passport.skills.count(),
            "experience": passport.experience.count(),
            "overrides": passport.overrides.count(),
            "match_log_anonymised": anonymised,
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


def passports_purge_withdrawn(*, actor=None, now: datetime.datetime | None = None) -> int:
    """Erase the passports whose consent was withdrawn longer ago than the retention time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=WITHDRAWN_RETENTION_DAYS)
    count = 0
    for passport in Passport.objects.filter(consent_withdrawn_at__lt=cutoff).select_related("user"):
        passport_erase(passport=passport, actor=None)
        count += 1
    return count


# --- Vacancies -------------------------------------------------------------------------------


def _vacancy_changed(vacancy: Vacancy, actor, action: str, data: dict | None = None) -> None:
    matching.journal(JournalEntity.VACANCY, vacancy.pk)
    audit_record(
        action=f"skills.vacancy.{action}",
        actor=actor,
        target=vacancy,
        summary=vacancy.title,
        data=data or {},
    )


def _check_vacancy_fields(title, hours, municipality, text: str | None = None) -> None:
    from economie071.skills.extraction import MAX_TEXT_CHARS

    if not title.strip():
        raise _error(_("Title: required."), "title")
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise _error(_check_text_message(len(text)), "text")
    if hours is not None and not (isinstance(hours, int) and 0 < hours <= 80):
        raise _error(_("Hours: give a number of hours a week from 1 to 80."), "hours")
    if municipality is not None and not isinstance(municipality, Municipality):
        raise _error(_("Municipality: choose a municipality from the list."), "municipality")


def vacancy_create(
    *,
    organisation: Organisation,
    actor,
    title: str,
    occupation: Occupation | None = None,
    municipality: Municipality | None = None,
    hours: int | None = None,
    text: str = "",
    is_example: bool = False,
) -> Vacancy:
    """A draft vacancy of an organisation (the employer's or, for the office, any)."""
    _deny(_trusted(actor) or permissions.can_create_vacancy(actor, organisation))
    _check_vacancy_fields(title, hours, municipality, text)
    with transaction.atomic():
        vacancy = Vacancy.objects.create(
            organisation=organisation,
            title=title.strip(),
            occupation=occupation,
            municipality=municipality,
            hours=hours,
            text=text,
            is_example=is_example,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _vacancy_changed(vacancy, actor, "created")
    return vacancy


def vacancy_update(
    *,
    vacancy: Vacancy,
    actor,
    title: str,
    occupation: Occupation | None = None,
    municipality: Municipality | None = None,
    hours: int | None = None,
    text: str | None = None,
) -> Vacancy:
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    _check_vacancy_fields(title, hours, municipality, text)
    with transaction.atomic():
        vacancy.title = title.strip()
        vacancy.occupation = occupation
        vacancy.municipality = municipality
        vacancy.hours = hours
        if text is not None:
            vacancy.text = text
        vacancy.save()
        _vacancy_changed(vacancy, actor, "updated")
    return vacancy


@dataclass
class SkillProposal:
    """What `vacancy_propose_skills` did."""

    proposed: list[DemandSkill] = field(default_factory=list)
    from_occupation: int = 0
    from_text: int = 0
    unmatched: list[dict] = field(default_factory=list)
    lang: str = ""
    occupations: list[dict] = field(default_factory=list)  # the best 3, as stored


def _check_text_message(length: int) -> str:
    from economie071.skills.extraction import MAX_TEXT_CHARS

    return _(
        "Vacancy text: %(length)s characters; at most %(limit)s are read. Shorten the text "
        "to the tasks and requirements."
    ) % {"length": f"{length:,}".replace(",", "."),
         "limit": f"{MAX_TEXT_CHARS:,}".replace(",", ".")}


def decode_upload(data: bytes, field_name: str = "text") -> str:
    """Bytes of an uploaded vacancy text as str; a SkillsError naming the field otherwise."""
    from economie071.skills.extraction import TextEncodingError, decode_text

    try:
        return decode_text(data)
    except TextEncodingError as exc:
        raise _error(_("Vacancy text: %(problem)s") % {"problem": exc}, field_name) from None


def _span(span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def _suggestion(match) -> dict:
    return {
        "occupation": match.occupation,
        "score": round(float(match.score), 3),
        "label": match.label,
        "in_title": [_span(s) for s in match.in_title],
        "evidence": [_span(s) for s in match.evidence],
        "skills": list(match.shared[:8]),
    }


_SOURCE = {"text": DemandSource.TEXT, "both": DemandSource.TEXT_AND_OCCUPATION}


def vacancy_propose_skills(
    *,
    vacancy: Vacancy,
    actor,
    text: str | None = None,
    data: bytes | None = None,
    lang: str | None = None,
    include_optional: bool = True,
) -> SkillProposal:
    """Read the vacancy: propose the best 3 occupations (from the title, the text and the
    skills it names) and the skills, ranked by evidence (`skills.extraction`): skills the
    text asks for first (with the words they were found in), then skills of the occupation's
    profile with indirect evidence, then the rest of the profile (essential before optional).
    The occupation the employer confirmed (`vacancy.occupation`) is the profile used; until
    one is confirmed, the best proposed one is. Requirement phrases that match no skill are
    kept in `vacancy.unmatched_phrases`, the proposed occupations in
    `vacancy.occupation_suggestions`.

    `text` (or uploaded bytes in `data`, UTF-8 or UTF-16 with BOM) replaces the vacancy's
    text; otherwise its stored text is read. The employer's decisions stay: skills already
    confirmed or rejected are left as they are; earlier proposals not proposed again go.
    """
    from economie071.skills.extraction import MAX_TEXT_CHARS

    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if data is not None:
        text = decode_upload(data)
    if lang not in (None, "", *Lang.values):
        raise _error(_("Language: choose Dutch or English."), "text_lang")
    body = vacancy.text if text is None else text
    if len(body) > MAX_TEXT_CHARS:
        raise _error(_check_text_message(len(body)), "text")
    result = SkillProposal()
    analysis = matching.get_analyser().analyse(
        body, title=vacancy.title[:300], lang=lang or None, occupation=vacancy.occupation_id
    )
    result.lang = analysis.lang if body.strip() else ""
    known_skills = set(
        Skill.objects.filter(pk__in=[p.skill for p in analysis.proposals]).values_list(
            "pk", flat=True
        )
    )
    known_occupations = set(
        Occupation.objects.filter(pk__in=[m.occupation for m in analysis.occupations])
        .values_list("pk", flat=True)
    )
    found: dict[int, dict] = {}
    for p in analysis.proposals:
        if p.skill not in known_skills:
            continue
        if p.source == "occupation":
            if p.relation == "optional" and not include_optional:
                continue
            source = (DemandSource.OCCUPATION_OPTIONAL if p.relation == "optional"
                      else DemandSource.OCCUPATION_ESSENTIAL)
            result.from_occupation += 1
        else:
            source = _SOURCE[p.source]
            result.from_text += 1
        found[p.skill] = {
            "source": source,
            "must": p.source != "occupation" or p.relation != "optional",
            "confidence": float(p.confidence),
            "method": p.method[:10],
            "evidence": [_span(s) for s in p.evidence],
            "rank": len(found) + 1,
        }
    unmatched = [_span(s) for s in analysis.unmatched]
    result.occupations = [
        _suggestion(m) for m in analysis.occupations if m.occupation in known_occupations
    ]
    with transaction.atomic():
        if text is not None:
            vacancy.text = text
        vacancy.text_lang = result.lang or vacancy.text_lang
        vacancy.unmatched_phrases = unmatched
        vacancy.occupation_suggestions = result.occupations
        vacancy.save(update_fields=["text", "text_lang", "unmatched_phrases",
                                    "occupation_suggestions"])
        decided = set(
            vacancy.demand.exclude(status=DemandStatus.PROPOSED).values_list("skill_id", flat=True)
        )
        vacancy.demand.filter(status=DemandStatus.PROPOSED).exclude(
            skill_id__in=list(found)
        ).delete()
        existing = {d.skill_id: d for d in vacancy.demand.filter(status=DemandStatus.PROPOSED)}
        new, changed = [], []
        for skill_id, entry in sorted(found.items()):
            if skill_id in decided:
                continue
            row = existing.get(skill_id)
            if row is None:
                new.append(DemandSkill(vacancy=vacancy, skill_id=skill_id, **entry))
            else:
                for key, value in entry.items():
                    setattr(row, key, value)
                changed.append(row)
        DemandSkill.objects.bulk_create(new)
        if changed:
            DemandSkill.objects.bulk_update(
                changed, ["source", "must", "confidence", "method", "evidence", "rank"]
            )
        result.proposed = list(
            vacancy.demand.filter(status=DemandStatus.PROPOSED).select_related("skill")
            .order_by("rank", "skill_id")
        )
        result.unmatched = unmatched
        audit_record(
            action="skills.vacancy.skills_proposed",
            actor=actor,
            target=vacancy,
            summary=vacancy.title,
            data={
                "from_occupation": result.from_occupation,
                "from_text": result.from_text,
                "unmatched": len(unmatched),
                "occupations": [o["occupation"] for o in result.occupations],
            },
        )
    return result


def vacancy_confirm_occupation(
    *, vacancy: Vacancy, actor, occupation: Occupation | None
) -> SkillProposal:
    """The employer confirms the vacancy's occupation (None: no occupation); the skills are
    proposed again with its profile, and the decisions on skills stay."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if occupation is not None and (not isinstance(occupation, Occupation) or occupation.pk is None):
        raise _error(_("Occupation: choose an occupation from the list."), "occupation")
    with transaction.atomic():
        vacancy.occupation = occupation
        vacancy.save(update_fields=["occupation"])
        _vacancy_changed(vacancy, actor, "occupation_confirmed",
                         {"occupation": occupation.pk if occupation else None})
        return vacancy_propose_skills(vacancy=vacancy, actor=actor)


def vacancy_confirm_skill(
    *, demand_skill: DemandSkill, actor, must: bool, min_level: int = 1
) -> DemandSkill:
    """Confirm a proposed (or earlier rejected) skill as must-have or nice-to-have."""
    vacancy = demand_skill.vacancy
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    min_level = _check_level(min_level, "min_level")
    with transaction.atomic():
        demand_skill.status = DemandStatus.CONFIRMED
        demand_skill.must = bool(must)
        demand_skill.min_level = min_level
        demand_skill.save(update_fields=["status", "must", "min_level"])
        _vacancy_changed(
            vacancy, actor, "skill_confirmed",
            {"skill": demand_skill.skill_id, "must": bool(must), "min_level": min_level},
        )
    return demand_skill


def vacancy_reject_skill(*, demand_skill: DemandSkill, actor) -> DemandSkill:
    """The employer does not ask for this skill; it is not proposed again."""
    vacancy = demand_skill.vacancy
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    with transaction.atomic():
        demand_skill.status = DemandStatus.REJECTED
        demand_skill.save(update_fields=["status"])
        _vacancy_changed(vacancy, actor, "skill_rejected", {"skill": demand_skill.skill_id})
    return demand_skill


def vacancy_add_skill(
    *, vacancy: Vacancy, actor, skill: Skill, must: bool, min_level: int = 1
) -> DemandSkill:
    """Add a skill by hand, confirmed at once."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    min_level = _check_level(min_level, "min_level")
    if not isinstance(skill, Skill) or skill.pk is None:
        raise _error(_("Skill: choose a skill from the list."), "skill")
    with transaction.atomic():
        row, _created = DemandSkill.objects.update_or_create(
            vacancy=vacancy,
            skill=skill,
            defaults={
                "status": DemandStatus.CONFIRMED, "must": bool(must), "min_level": min_level,
                "source": DemandSource.MANUAL, "confidence": 1.0,
            },
        )
        _vacancy_changed(vacancy, actor, "skill_added", {"skill": skill.pk})
    return row


def vacancy_open(*, vacancy: Vacancy, actor) -> Vacancy:
    """Publish the vacancy for matching; it needs at least one confirmed skill."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if vacancy.status == VacancyStatus.OPEN:
        raise _error(_("Status: the vacancy is already open."), "status")
    if not vacancy.demand.filter(status=DemandStatus.CONFIRMED).exists():
        raise _error(
            _("Skills: confirm at least one skill before you open the vacancy."), "demand"
        )
    with transaction.atomic():
        vacancy.status = VacancyStatus.OPEN
        vacancy.opened_at = timezone.now()
        vacancy.closed_at = None
        vacancy.save(update_fields=["status", "opened_at", "closed_at"])
        _vacancy_changed(vacancy, actor, "opened")
    return vacancy


def vacancy_close(*, vacancy: Vacancy, actor) -> Vacancy:
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if vacancy.status != VacancyStatus.OPEN:
        raise _error(_("Status: only an open vacancy can be closed."), "status")
    with transaction.atomic():
        vacancy.status = VacancyStatus.CLOSED
        vacancy.closed_at = timezone.now()
        vacancy.save(update_fields=["status", "closed_at"])
        _vacancy_changed(vacancy, actor, "closed")
    return vacancy


# --- Training --------------------------------------------------------------------------------


def provider_create(
    *, organisation: Organisation, actor, description: str = "", is_example: bool = False
) -> TrainingProvider:
    _deny(_trusted(actor) or permissions.is_office(actor))
    if TrainingProvider.objects.filter(organisation=organisation).exists():
        raise _error(_("Organisation: is already a training provider."), "organisation")
    with transaction.atomic():
        provider = TrainingProvider.objects.create(
            organisation=organisation, description=description.strip(), is_example=is_example
        )
        audit_record(
            action="skills.provider.created", actor=actor, target=provider,
            summary=organisation.name,
        )
    return provider


def _module_values(title, duration_hours, cost, skills) -> tuple[Decimal, Decimal, dict]:
    if not title.strip():
        raise _error(_("Title: required."), "title")
    try:
        hours = Decimal(str(duration_hours))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite() or hours <= 0 or hours > 100000:
        raise _error(_("Duration: give the number of hours, more than 0."), "duration_hours")
    try:
        money = Decimal(str(cost))
    except (InvalidOperation, ValueError):
        money = None
    if money is None or not money.is_finite() or money < 0 or money >= Decimal("10000000"):
        raise _error(_("Cost: give an amount in euros, 0 or more."), "cost")
    taught = {}
    for skill, level in dict(skills).items():
        if not isinstance(skill, Skill) or skill.pk is None:
            raise _error(_("Skills: choose skills from the list."), "skills")
        taught[skill.pk] = _check_level(level, "skills")
    if not taught:
        raise _error(_("Skills: say which skills the module teaches."), "skills")
    return hours.quantize(Decimal("0.1")), money.quantize(Decimal("0.01")), taught


def module_create(
    *,
    provider: TrainingProvider,
    actor,
    title: str,
    skills: Mapping[Skill, int],
    duration_hours,
    cost,
    workplace_based: bool = False,
    description: str = "",
    is_example: bool = False,
) -> TrainingModule:
    """A training module with the skills it teaches (skill -> level reached, 1–4)."""
    _deny(_trusted(actor) or permissions.can_manage_provider(actor, provider))
    hours, money, taught = _module_values(title, duration_hours, cost, skills)
    with transaction.atomic():
        module = TrainingModule.objects.create(
            provider=provider,
            title=title.strip(),
            description=description.strip(),
            duration_hours=hours,
            cost=money,
            workplace_based=bool(workplace_based),
            is_example=is_example,
        )
        ModuleSkill.objects.bulk_create(
            [ModuleSkill(module=module, skill_id=sid, level=lvl) for sid, lvl in taught.items()]
        )
        audit_record(
            action="skills.module.created", actor=actor, target=module, summary=module.title,
            data={"duration_hours": str(hours), "cost": str(money)},
        )
    return module


def module_update(
    *,
    module: TrainingModule,
    actor,
    title: str,
    skills: Mapping[Skill, int],
    duration_hours,
    cost,
    workplace_based: bool = False,
    description: str = "",
) -> TrainingModule:
    _deny(_trusted(actor) or permissions.can_manage_module(actor, module))
    hours, money, taught = _module_values(title, duration_hours, cost, skills)
    with transaction.atomic():
        module.title, module.description = title.strip(), description.strip()
        module.duration_hours, module.cost = hours, money
        module.workplace_based = bool(workplace_based)
        module.save()
        module.skills.all().delete()
        ModuleSkill.objects.bulk_create(
            [ModuleSkill(module=module, skill_id=sid, level=lvl) for sid, lvl in taught.items()]
        )
        audit_record(action="skills.module.updated", actor=actor, target=module, summary=title)
    return module


def module_set_active(*, module: TrainingModule, actor, active: bool) -> TrainingModule:
    """Offer a module again or stop offering it (it stays in passports that cite it)."""
    _deny(_trusted(actor) or permissions.can_manage_module(actor, module))
    with transaction.atomic():
        module.active = bool(active)
        module.save(update_fields=["active"])
        audit_record(
            action="skills.module.activated" if active else "skills.module.deactivated",
            actor=actor, target=module, summary=module.title,
        )
    return module


# --- Advisers --------------------------------------------------------------------------------


def adviser_override_record(
    *,
    actor,
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
            adviser=actor, passport=passport, vacancy=vacancy, occupation=occupation,
            action=action, reason=reason.strip(),
        )
        audit_record(
            action="skills.override.recorded", actor=actor, target=override,
            summary=str(_("Passport %(id)s") % {"id": passport.pk}),
            data={"action": action, "vacancy": getattr(vacancy, "pk", None),
                  "occupation": getattr(occupation, "pk", None)},
        )
    return override


def adviser_override_revoke(*, override: AdviserOverride, actor) -> AdviserOverride:
    _deny(permissions.can_override(actor))
    if override.revoked_at is not None:
        raise _error(_("Override: already revoked."), "override")
    with transaction.atomic():
        override.revoked_at = timezone.now()
        override.save(update_fields=["revoked_at"])
        audit_record(
            action="skills.override.revoked", actor=actor, target=override,
            summary=str(_("Passport %(id)s") % {"id": override.passport_id}),
        )
    return override
