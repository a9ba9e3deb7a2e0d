"""Training providers and their modules (with the skills a module teaches)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.programme.models import Organisation
from economie071.skills import permissions
from economie071.skills.models import ModuleSkill, Skill, TrainingModule, TrainingProvider
from economie071.skills.services._common import _check_level, _deny, _error, _trusted


def provider_create(
    *,
    organisation: Organisation,
    actor: User | None,
    description: str = "",
    is_example: bool = False,
) -> TrainingProvider:
    _deny(_trusted(actor) or permissions.is_office(actor))
    if TrainingProvider.objects.filter(organisation=organisation).exists():
        raise _error(_("Organisation: is already a training provider."), "organisation")
    with transaction.atomic():
        provider = TrainingProvider.objects.create(
            organisation=organisation, description=description.strip(), is_example=is_example
        )
        audit_record(
            action="skills.provider.created",
            actor=actor,
            target=provider,
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
    actor: User | None,
    title: str,
    skills: Mapping[Skill, int],
    duration_hours: Decimal | int | str,
    cost: Decimal | int | str,
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
            action="skills.module.created",
            actor=actor,
            target=module,
            summary=module.title,
            data={"duration_hours": str(hours), "cost": str(money)},
        )
    return module


def module_update(
    *,
    module: TrainingModule,
    actor: User | None,
    title: str,
    skills: Mapping[Skill, int],
    duration_hours: Decimal | int | str,
    cost: Decimal | int | str,
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


def module_set_active(
    *, module: TrainingModule, actor: User | None, active: bool
) -> TrainingModule:
    """Offer a module again or stop offering it (it stays in passports that cite it)."""
    _deny(_trusted(actor) or permissions.can_manage_module(actor, module))
    with transaction.atomic():
        module.active = bool(active)
        module.save(update_fields=["active"])
        audit_record(
            action="skills.module.activated" if active else "skills.module.deactivated",
            actor=actor,
            target=module,
            summary=module.title,
        )
    return module
