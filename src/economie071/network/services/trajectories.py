"""Smart071 innovation trajectories with SMEs: their phases, closing and follow-up."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.network import permissions
from economie071.network.constants import (
    CLOSED_TRAJECTORY_STATUSES,
    PHASE_ORDER,
    TrajectoryPhase,
    TrajectoryStatus,
)
from economie071.network.models import Trajectory, TrajectoryPhaseChange
from economie071.network.services._common import (
    _allow,
    _error,
    _required_text,
    _team_new,
    _trusted,
    _unique_slug,
)
from economie071.portfolio.models import Project
from economie071.programme.models import Organisation, Programme

TRAJECTORY_TEXT_FIELDS = frozenset({"title", "concept", "prototype", "business_case", "outcome"})


def trajectory_create(
    *,
    programme: Programme,
    actor: User | None,
    title: str,
    company: Organisation | None = None,
    slug: str = "",
    project: Project | None = None,
    phase: str = TrajectoryPhase.AWARENESS,
    started_on: datetime.date | None = None,
    concept: str = "",
    prototype: str = "",
    business_case: str = "",
    school: Organisation | None = None,
    study_programme: str = "",
    student_count: int | None = None,
    is_placeholder: bool = False,
    placeholder_note: str = "",
    source: str = "",
) -> Trajectory:
    """Start a trajectory with a company (and, when known, the student team's school and
    study programme). A placeholder has no company and must say why it exists."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, programme))
    title = _required_text(title, _("Title"), "title", 200)
    if company is None and not is_placeholder:
        raise _error(_("Company: required."), "company")
    if is_placeholder and not placeholder_note.strip():
        raise _error(
            _("Placeholder note: say where the placeholder comes from."), "placeholder_note"
        )
    if phase not in TrajectoryPhase.values:
        raise _error(_("Phase: unknown phase “%(phase)s”.") % {"phase": phase}, "phase")
    if project is not None and project.programme_id != programme.pk:
        raise _error(_("Project: belongs to another programme."), "project")
    if started_on and started_on > timezone.localdate():
        raise _error(_("Started on: cannot lie in the future."), "started_on")
    slug_text = f"{company.slug if company else 'traject'}-{title}"
    team = None
    if school is not None or study_programme.strip() or student_count is not None:
        team = _team_new(
            name="", school=school, study_programme=study_programme, student_count=student_count
        )
    with transaction.atomic():
        if team is not None:
            team.save()
        trajectory = Trajectory.objects.create(
            programme=programme,
            project=project,
            slug=_unique_slug(Trajectory, slug_text, slug),
            title=title,
            company=company,
            team=team,
            phase=phase,
            status=TrajectoryStatus.RUNNING,
            started_on=started_on,
            concept=concept.strip(),
            prototype=prototype.strip(),
            business_case=business_case.strip(),
            is_placeholder=is_placeholder,
            placeholder_note=placeholder_note.strip()[:300],
            source=source.strip()[:300],
        )
        TrajectoryPhaseChange.objects.create(
            trajectory=trajectory, from_phase="", to_phase=phase, changed_on=started_on
        )
        audit_record(
            action="network.trajectory.created",
            actor=actor,
            target=trajectory,
            project=project,
            summary=str(trajectory),
            data={"phase": phase, "placeholder": is_placeholder},
        )
    return trajectory


def trajectory_update(*, trajectory: Trajectory, actor: User | None, **values: Any) -> Trajectory:
    """Change the title, concept, prototype, business case or outcome."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    unknown = set(values) - TRAJECTORY_TEXT_FIELDS
    if unknown:
        raise TypeError(f"Unknown trajectory fields: {sorted(unknown)}")
    clean = {k: (v or "").strip() for k, v in values.items()}
    if "title" in clean:
        clean["title"] = _required_text(clean["title"], _("Title"), "title", 200)
    changed = {k: v for k, v in clean.items() if getattr(trajectory, k) != v}
    if not changed:
        return trajectory
    with transaction.atomic():
        for key, value in changed.items():
            setattr(trajectory, key, value)
        trajectory.save(update_fields=list(changed))
        audit_record(
            action="network.trajectory.updated",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"fields": sorted(changed)},
        )
    return trajectory


def trajectory_phase_change(
    *,
    trajectory: Trajectory,
    actor: User | None,
    to_phase: str,
    changed_on: datetime.date,
    note: str = "",
) -> TrajectoryPhaseChange:
    """Move a running trajectory to another phase. Forward is the normal way; a step back
    (or skipping a phase) is allowed only with a note that documents why."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if not trajectory.is_running:
        raise _error(_("Phase: only a running trajectory changes phase."), "to_phase")
    if to_phase not in TrajectoryPhase.values:
        raise _error(_("Phase: unknown phase “%(phase)s”.") % {"phase": to_phase}, "to_phase")
    if to_phase == trajectory.phase:
        raise _error(_("Phase: the trajectory is already in this phase."), "to_phase")
    if changed_on is None:
        raise _error(_("Date: required."), "changed_on")
    if changed_on > timezone.localdate():
        raise _error(_("Date: a phase change cannot lie in the future."), "changed_on")
    last = trajectory.phase_changes.exclude(changed_on=None).order_by("-changed_on").first()
    if last and last.changed_on and changed_on < last.changed_on:
        raise _error(
            _("Date: before the last phase change (%(date)s).")
            % {"date": last.changed_on.isoformat()},
            "changed_on",
        )
    note = note.strip()
    step = PHASE_ORDER[to_phase] - PHASE_ORDER[trajectory.phase]
    if step != 1 and not note:
        raise _error(_("Note: going back or skipping a phase needs a note that says why."), "note")
    with transaction.atomic():
        change = TrajectoryPhaseChange.objects.create(
            trajectory=trajectory,
            from_phase=trajectory.phase,
            to_phase=to_phase,
            changed_on=changed_on,
            note=note[:500],
        )
        trajectory.phase = to_phase
        trajectory.save(update_fields=["phase"])
        audit_record(
            action="network.trajectory.phase_changed",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"from": change.from_phase, "to": to_phase, "on": changed_on.isoformat()},
        )
    return change


def trajectory_close(
    *,
    trajectory: Trajectory,
    actor: User | None,
    status: str,
    ended_on: datetime.date | None = None,
    outcome: str | None = None,
    follow_up: bool | None = None,
) -> Trajectory:
    """End a running trajectory as completed or stopped, with its outcome and whether it
    got a follow-up (None: not known yet)."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if status not in CLOSED_TRAJECTORY_STATUSES:
        raise _error(_("Status: a trajectory ends as completed or stopped."), "status")
    if not trajectory.is_running:
        raise _error(
            _("Status: the trajectory has already ended (%(status)s).")
            % {"status": trajectory.get_status_display().lower()},
            "status",
        )
    if ended_on and trajectory.started_on and ended_on < trajectory.started_on:
        raise _error(_("Ended on: before the trajectory started."), "ended_on")
    if ended_on and ended_on > timezone.localdate():
        raise _error(_("Ended on: cannot lie in the future."), "ended_on")
    with transaction.atomic():
        trajectory.status = status
        trajectory.ended_on = ended_on
        trajectory.follow_up = follow_up
        if outcome is not None:
            trajectory.outcome = outcome.strip()
        trajectory.save(update_fields=["status", "ended_on", "follow_up", "outcome"])
        audit_record(
            action=f"network.trajectory.{status}",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"follow_up": follow_up, "ended_on": ended_on.isoformat() if ended_on else None},
        )
    return trajectory


def trajectory_set_follow_up(
    *, trajectory: Trajectory, actor: User | None, follow_up: bool | None
) -> Trajectory:
    """Record (later) whether an ended trajectory got a follow-up."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, trajectory.programme))
    if trajectory.is_running:
        raise _error(_("Follow-up: only an ended trajectory can have a follow-up."), "follow_up")
    if trajectory.follow_up == follow_up:
        return trajectory
    with transaction.atomic():
        before = trajectory.follow_up
        trajectory.follow_up = follow_up
        trajectory.save(update_fields=["follow_up"])
        audit_record(
            action="network.trajectory.follow_up_set",
            actor=actor,
            target=trajectory,
            project=trajectory.project,
            summary=str(trajectory),
            data={"from": before, "to": follow_up},
        )
    return trajectory
