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
    MIN_DEMAND_MUST,
    MIN_DEMAND_SKILLS,
    DemandSource,
    DemandStatus,
    JournalEntity,
    Lang,
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
    actor: User | None,
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
    ) % {
        "length": f"{length:,}".replace(",", "."),
        "limit": f"{MAX_TEXT_CHARS:,}".replace(",", "."),
    }


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
    actor: User | None,
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
        Occupation.objects.filter(pk__in=[m.occupation for m in analysis.occupations]).values_list(
            "pk", flat=True
        )
    )
    found: dict[int, dict] = {}
    for p in analysis.proposals:
        if p.skill not in known_skills:
            continue
        if p.source == "occupation":
            if p.relation == "optional" and not include_optional:
                continue
            source = (
                DemandSource.OCCUPATION_OPTIONAL
                if p.relation == "optional"
                else DemandSource.OCCUPATION_ESSENTIAL
            )
            result.from_occupation += 1
        else:
            source = _SOURCE[p.source]
            result.from_text += 1
        found[p.skill] = {
            "source": source,
            # asked for in the text, or essential in the occupation: a must-have until the
            # employer says otherwise; named in passing or optional: nice-to-have
            "must": p.tier == "asked" or p.relation == "essential",
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
        vacancy.save(
            update_fields=["text", "text_lang", "unmatched_phrases", "occupation_suggestions"]
        )
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
            vacancy.demand.filter(status=DemandStatus.PROPOSED)
            .select_related("skill")
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
    *, vacancy: Vacancy, actor: User | None, occupation: Occupation | None
) -> SkillProposal:
    """The employer confirms the vacancy's occupation (None: no occupation); the skills are
    proposed again with its profile, and the decisions on skills stay."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if occupation is not None and (not isinstance(occupation, Occupation) or occupation.pk is None):
        raise _error(_("Occupation: choose an occupation from the list."), "occupation")
    with transaction.atomic():
        vacancy.occupation = occupation
        vacancy.save(update_fields=["occupation"])
        _vacancy_changed(
            vacancy,
            actor,
            "occupation_confirmed",
            {"occupation": occupation.pk if occupation else None},
        )
        return vacancy_propose_skills(vacancy=vacancy, actor=actor)


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
            vacancy,
            actor,
            "skill_confirmed",
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
                "status": DemandStatus.CONFIRMED,
                "must": bool(must),
                "min_level": min_level,
                "source": DemandSource.MANUAL,
                "confidence": 1.0,
            },
        )
        _vacancy_changed(vacancy, actor, "skill_added", {"skill": skill.pk})
    return row


def vacancy_open(*, vacancy: Vacancy, actor: User | None) -> Vacancy:
    """Publish the vacancy for matching; it needs a minimum demand (MIN_DEMAND_SKILLS
    confirmed skills, MIN_DEMAND_MUST of them must-have), so that no score means less than
    it seems."""
    _deny(_trusted(actor) or permissions.can_manage_vacancy(actor, vacancy))
    if vacancy.is_open:
        raise _error(_("Status: the vacancy is already open."), "status")
    confirmed = list(
        vacancy.demand.filter(status=DemandStatus.CONFIRMED).values_list("must", flat=True)
    )
    if len(confirmed) < MIN_DEMAND_SKILLS or sum(confirmed) < MIN_DEMAND_MUST:
        raise _error(
            _(
                "Skills: confirm at least %(skills)s skills, at least %(must)s of them "
                "must-have, before you open the vacancy (now %(confirmed)s confirmed, "
                "%(confirmed_must)s must-have): with fewer, a score says little."
            )
            % {
                "skills": MIN_DEMAND_SKILLS,
                "must": MIN_DEMAND_MUST,
                "confirmed": len(confirmed),
                "confirmed_must": sum(confirmed),
            },
            "demand",
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
