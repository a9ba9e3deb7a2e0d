"""The taxonomy's own additions: skills, occupations, sectors and the 21st-century skills
(the ESCO import is in esco.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

import yaml
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.skills import matching, permissions
from economie071.skills.constants import JournalEntity, LabelKind, Lang, RelationType
from economie071.skills.models import CenturySkill, Occupation, Sector, Skill, SkillLabel
from economie071.skills.services._common import _deny, _error, _trusted


def skill_create(
    *,
    actor: User | None,
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
        labels: set[tuple[str, str, str]] = {
            (Lang.NL, LabelKind.PREFERRED, label_nl),
            (Lang.EN, LabelKind.PREFERRED, label_en),
        }
        for lang, texts in (alt_labels or {}).items():
            labels |= {(lang, LabelKind.ALT, t.strip()) for t in texts}
        SkillLabel.objects.bulk_create(
            [
                SkillLabel(skill=skill, lang=lang, kind=kind, text=text)
                for lang, kind, text in sorted(labels)
                if text
            ]
        )
        matching.journal(JournalEntity.TAXONOMY, skill.pk)
        audit_record(action="skills.skill.created", actor=actor, target=skill, summary=skill.label)
    return skill


def occupation_create(
    *,
    actor: User | None,
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
    *,
    actor: User | None,
    slug: str,
    name_nl: str,
    name_en: str,
    isco_prefixes: Iterable[str],
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
                "name_nl": name_nl,
                "name_en": name_en,
                "isco_prefixes": prefixes,
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


SECTOR_TABLE = Path(__file__).resolve().parent.parent / "sectors.yaml"


class _SectorRow(NamedTuple):
    slug: str
    name_nl: str
    name_en: str
    isco_prefixes: list[str]
    is_focus: bool


def sectors_load(*, actor: User | None, path: Path = SECTOR_TABLE) -> list[Sector]:
    """Set the sectors of the table shipped with the platform (skills/sectors.yaml, ISCO-08
    groups per sector, documented there): every sector listed is created or reset to the
    table; sectors the office added themselves are left alone. All or nothing."""
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = table["sectors"]
        rows = [
            _SectorRow(
                slug=str(e["slug"]),
                name_nl=str(e["nl"]),
                name_en=str(e["en"]),
                isco_prefixes=[str(p) for p in e["isco"]],
                is_focus=bool(e.get("focus")),
            )
            for e in entries
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise _error(
            _("Sector table %(path)s: cannot be read (%(error)s).")
            % {"path": path.name, "error": exc},
            "sectors",
        ) from None
    with transaction.atomic():
        return [sector_upsert(actor=actor, **row._asdict()) for row in rows]


def century_skill_upsert(
    *,
    actor: User | None,
    slug: str,
    order: int,
    name_nl: str,
    name_en: str,
    description_nl: str = "",
    skills: Iterable[Skill] = (),
) -> CenturySkill:
    _deny(_trusted(actor) or permissions.can_manage_taxonomy(actor))
    with transaction.atomic():
        century, created = CenturySkill.objects.update_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name_nl": name_nl,
                "name_en": name_en,
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
