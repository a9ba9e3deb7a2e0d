"""Projects: created in a phase, moved through the life cycle, with their lines of action
and the people in their roles (sponsors, leads, project leader, board, contact points).
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.portfolio import permissions
from economie071.portfolio.constants import CLOSED_PHASES, Phase, RoleKind
from economie071.portfolio.exceptions import PortfolioError
from economie071.portfolio.models import LineOfAction, PhaseChange, Project, Role
from economie071.portfolio.services._common import _require
from economie071.programme.models import Organisation, Person, Programme


def project_create(
    *,
    programme: Programme,
    actor: User | None,
    name: str,
    slug: str,
    phase: str = "",
    short_description: str = "",
    urgency: str = "",
    assignment: str = "",
    pillars: Iterable = (),
    themes: Iterable = (),
    phase_date: datetime.date | None = None,
    phase_reason: str = "",
) -> Project:
    _require(permissions.can_manage_portfolio(actor), actor)
    if phase and phase not in Phase.values:
        raise PortfolioError(_("Unknown phase “%(phase)s”.") % {"phase": phase}, code="phase")
    if not name.strip():
        raise PortfolioError(_("A project needs a name."), code="name")
    if Project.objects.filter(slug=slug).exists():
        raise PortfolioError(
            _("There is already a project with the short name “%(slug)s”.") % {"slug": slug},
            code="slug",
        )
    with transaction.atomic():
        project = Project.objects.create(
            programme=programme,
            name=name.strip(),
            slug=slug,
            phase=phase,
            short_description=short_description,
            urgency=urgency,
            assignment=assignment,
        )
        project.pillars.set(pillars)
        project.themes.set(themes)
        if phase:
            PhaseChange.objects.create(
                project=project,
                from_phase="",
                to_phase=phase,
                date=phase_date or timezone.localdate(),
                reason=phase_reason or _("Project started"),
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
        audit_record(
            action="portfolio.project.created",
            actor=actor,
            target=project,
            project=project,
            summary=project.name,
            data={"phase": phase},
        )
    return project


def project_change_phase(
    *,
    project: Project,
    actor: User | None,
    phase: str,
    reason: str = "",
    date: datetime.date | None = None,
) -> PhaseChange:
    """Move a project to another phase; leaving 'completed' or 'stopped' needs a reason."""
    _require(permissions.can_manage_portfolio(actor), actor)
    if phase not in Phase.values:
        raise PortfolioError(_("Unknown phase “%(phase)s”.") % {"phase": phase}, code="phase")
    if phase == project.phase:
        raise PortfolioError(
            _("The project is already in the phase “%(phase)s”.") % {"phase": Phase(phase).label},
            code="phase",
        )
    reason = reason.strip()
    if project.phase in CLOSED_PHASES and not reason:
        raise PortfolioError(
            _("The project is %(phase)s: give a reason to move it back.")
            % {"phase": Phase(project.phase).label.lower()},
            code="reason",
        )
    with transaction.atomic():
        change = PhaseChange.objects.create(
            project=project,
            from_phase=project.phase,
            to_phase=phase,
            date=date or timezone.localdate(),
            reason=reason,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        old = project.phase
        project.phase = phase
        project.save(update_fields=["phase"])
        audit_record(
            action="portfolio.project.phase_changed",
            actor=actor,
            target=project,
            project=project,
            summary=f"{Phase(old).label if old else '-'} → {Phase(phase).label}",
            data={"from": old, "to": phase, "reason": reason, "date": change.date.isoformat()},
        )
    return change


def line_of_action_create(
    *, project: Project, actor: User | None, code: str, name: str
) -> LineOfAction:
    _require(permissions.can_manage_portfolio(actor), actor)
    with transaction.atomic():
        line, _created = LineOfAction.objects.update_or_create(
            project=project, code=code, defaults={"name": name}
        )
        audit_record(
            action="portfolio.line_of_action.saved",
            actor=actor,
            target=line,
            project=project,
            summary=f"{code}: {name}",
        )
    return line


def role_assign(
    *,
    project: Project,
    actor: User | None,
    kind: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    label: str = "",
    title: str = "",
    line_of_action: LineOfAction | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> Role:
    _require(permissions.can_manage_portfolio(actor), actor)
    if kind not in RoleKind.values:
        raise PortfolioError(_("Unknown role “%(kind)s”.") % {"kind": kind}, code="kind")
    if person is None and organisation is None and not label.strip():
        raise PortfolioError(
            _("A role needs a person, an organisation or a description of the holder."),
            code="holder",
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise PortfolioError(_("A role cannot end before it starts."), code="ends_on")
    if line_of_action is not None and line_of_action.project_id != project.pk:
        raise PortfolioError(_("That line of action belongs to another project."), code="line")
    with transaction.atomic():
        order = (project.roles.filter(kind=kind).aggregate(m=Max("order"))["m"] or 0) + 1
        role = Role.objects.create(
            project=project,
            kind=kind,
            person=person,
            organisation=organisation,
            label=label.strip(),
            title=title.strip(),
            line_of_action=line_of_action,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            order=order,
        )
        audit_record(
            action="portfolio.role.assigned",
            actor=actor,
            target=role,
            project=project,
            summary=str(role),
            data={"kind": kind, "holder": role.holder_name},
        )
    return role


def role_end(*, role: Role, actor: User | None, ends_on: datetime.date) -> Role:
    _require(permissions.can_manage_portfolio(actor), actor)
    if role.starts_on and ends_on < role.starts_on:
        raise PortfolioError(_("A role cannot end before it starts."), code="ends_on")
    with transaction.atomic():
        role.ends_on = ends_on
        role.save(update_fields=["ends_on"])
        audit_record(
            action="portfolio.role.ended",
            actor=actor,
            target=role,
            project=role.project,
            summary=str(role),
            data={"ends_on": ends_on.isoformat()},
        )
    return role
