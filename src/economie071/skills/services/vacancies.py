"""Vacancies turned into a skills demand: the text's proposed skills, confirmed or
rejected by the employer, and opening and closing the vacancy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.programme.models import Municipality, Organisation
from economie071.skills import matching, permissions
from economie071.skills.constants import (
    DemandSource,
    DemandStatus,
    JournalEntity,
    Lang,
    RelationType,
    VacancyStatus,
)
from economie071.skills.models import DemandSkill, Occupation, Skill, Vacancy
from economie071.skills.services._common import _check_level, _deny, _error, _trusted


def _vacancy_changed(vacancy: Vacancy, actor, action: str, data: dict | None = None) -> None:
    matching.journal(JournalEntity.VACANCY, vacancy.pk)
    audit_record(
        action=f"skills.vacancy.{action}",
        actor=actor,
        target=vacancy,
        summary=vacancy.title,
        data=data or {},
    )


def _check_vacancy_fields(title, hours, municipality) -> None:
    if not title.strip():
        raise _error(_("Title: required."), "title")
    if hours is not None and not (isinstance(hours, int) and 0 < hours <= 80):
        raise _error(_("Hours: give a number of hours a week from 1 to 80."), "hours")
    if municipality is not None and not isinstance(municipality, Municipality):
        raise _error(_("Municipality: choose a municipality from the list."), "municipality")


def vacancy_create(
    *,
    organisation: Organisation,
    actor: User | None,
    title: str,
    occupation: Occupation | None = None,
    municipality: Municipality | None = None,
    hours: int | None = None,
    text: str = "",
    is_example: bool = False,
) -> Vacancy:
    """A draft vacancy of an organisation (the employer's or, for the office, any)."""
    _deny(_trusted(actor) or permissions.can_create_vacancy(actor, organisation))
    _check_vacancy_fields(title, hours, municipality)
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
    actor: User | None,
    title: str,
    occupation: Occupation | None = None,
    municipality: Municipality | None = None,
    hours: int | None = None,
    text: str | None = None,
) -> Vacancy:
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    _check_vacancy_fields(title, hours, municipality)
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


def decode_upload(data: bytes, field_name: str = "text") -> str:
    """Bytes of an uploaded vacancy text as str; a SkillsError naming the field otherwise."""
    from economie071.skills.extraction import TextEncodingError, decode_text

    try:
        return decode_text(data)
    except TextEncodingError as exc:
        raise _error(_("Vacancy text: %(problem)s") % {"problem": exc}, field_name) from None


def _span(span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def vacancy_propose_skills(
    *,
    vacancy: Vacancy,
    actor: User | None,
    text: str | None = None,
    data: bytes | None = None,
    lang: str | None = None,
    include_optional: bool = True,
) -> SkillProposal:
    """Propose the skills of the vacancy: the occupation's essential skills (must-have) and
    optional skills (nice-to-have), and the skills found in the text (Dutch or English),
    each with the words it was found in and a confidence. The same skill is proposed once.
    Phrases that match no skill are kept in `vacancy.unmatched_phrases`.

    `text` (or uploaded bytes in `data`, UTF-8 or UTF-16 with BOM) replaces the vacancy's
    text; otherwise its stored text is read. The employer's decisions stay: skills already
    confirmed or rejected are left as they are; earlier proposals not proposed again go.
    """
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if data is not None:
        text = decode_upload(data)
    if lang not in (None, "", *Lang.values):
        raise _error(_("Language: choose Dutch or English."), "text_lang")
    body = vacancy.text if text is None else text
    found: dict[int, dict] = {}
    result = SkillProposal()
    if vacancy.occupation_id:
        from economie071.skills.models import OccupationSkill

        for skill_id, kind in OccupationSkill.objects.filter(
            occupation_id=vacancy.occupation_id
        ).values_list("skill_id", "relation_type"):
            if kind == RelationType.OPTIONAL and not include_optional:
                continue
            essential = kind == RelationType.ESSENTIAL
            found[skill_id] = {
                "source": DemandSource.OCCUPATION_ESSENTIAL if essential
                else DemandSource.OCCUPATION_OPTIONAL,
                "must": essential,
                "confidence": 1.0 if essential else 0.8,
                "method": "",
                "evidence": [],
            }
            result.from_occupation += 1
    unmatched: list[dict] = []
    if body.strip():
        extracted = matching.get_extractor().extract(body, lang or None)
        result.lang = extracted.lang
        known = set(Skill.objects.filter(pk__in=[f.skill for f in extracted.found]).values_list(
            "pk", flat=True))
        for item in extracted.found:
            if item.skill not in known:
                continue
            spans = [_span(s) for s in item.evidence]
            if item.skill in found:
                entry = found[item.skill]
                entry["evidence"] = spans
                entry["method"] = item.method
                entry["confidence"] = max(entry["confidence"], float(item.confidence))
            else:
                found[item.skill] = {
                    "source": DemandSource.TEXT,
                    "must": True,
                    "confidence": float(item.confidence),
                    "method": item.method,
                    "evidence": spans,
                }
                result.from_text += 1
        unmatched = [_span(s) for s in extracted.unmatched]
    with transaction.atomic():
        if text is not None:
            vacancy.text = text
        vacancy.text_lang = result.lang or vacancy.text_lang
        vacancy.unmatched_phrases = unmatched
        vacancy.save(update_fields=["text", "text_lang", "unmatched_phrases"])
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
                changed, ["source", "must", "confidence", "method", "evidence"]
            )
        result.proposed = list(
            vacancy.demand.filter(status=DemandStatus.PROPOSED).select_related("skill")
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
            },
        )
    return result


def vacancy_confirm_skill(
    *, demand_skill: DemandSkill, actor: User | None, must: bool, min_level: int = 1
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


def vacancy_reject_skill(*, demand_skill: DemandSkill, actor: User | None) -> DemandSkill:
    """The employer does not ask for this skill; it is not proposed again."""
    vacancy = demand_skill.vacancy
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    with transaction.atomic():
        demand_skill.status = DemandStatus.REJECTED
        demand_skill.save(update_fields=["status"])
        _vacancy_changed(vacancy, actor, "skill_rejected", {"skill": demand_skill.skill_id})
    return demand_skill


def vacancy_add_skill(
    *, vacancy: Vacancy, actor: User | None, skill: Skill, must: bool, min_level: int = 1
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


def vacancy_open(*, vacancy: Vacancy, actor: User | None) -> Vacancy:
    """Publish the vacancy for matching; it needs at least one confirmed skill."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if vacancy.is_open:
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


def vacancy_close(*, vacancy: Vacancy, actor: User | None) -> Vacancy:
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if not vacancy.is_open:
        raise _error(_("Status: only an open vacancy can be closed."), "status")
    with transaction.atomic():
        vacancy.status = VacancyStatus.CLOSED
        vacancy.closed_at = timezone.now()
        vacancy.save(update_fields=["status", "closed_at"])
        _vacancy_changed(vacancy, actor, "closed")
    return vacancy
