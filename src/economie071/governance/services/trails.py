"""Decision trails: the steps a decision goes through in each municipality, taken in
order, and where each municipality stands on each step.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.governance.constants import StepState
from economie071.governance.models import DecisionTrail, TrailStep, TrailStepState
from economie071.governance.services._common import _error, _require
from economie071.portfolio.models import Project
from economie071.programme.models import Municipality, Programme


def trail_create(
    *,
    programme: Programme,
    actor: User | None,
    title: str,
    slug: str,
    steps: list[str],
    municipalities: Iterable[Municipality],
    project: Project | None = None,
    description: str = "",
) -> DecisionTrail:
    _require(actor)
    if not title.strip():
        raise _error(_("Title: required."), "title")
    names = [s.strip() for s in steps]
    if not names or any(not n for n in names):
        raise _error(_("Steps: give every step a name."), "steps")
    municipalities = list(municipalities)
    if not municipalities:
        raise _error(_("Municipalities: choose at least one."), "municipalities")
    if any(m.region_id != programme.region_id for m in municipalities):
        raise _error(_("Municipalities: not part of the programme's region."), "municipalities")
    if DecisionTrail.objects.filter(slug=slug).exists():
        raise _error(
            _("Slug: there is already a trail with the short name “%(slug)s”.") % {"slug": slug},
            "slug",
        )
    with transaction.atomic():
        trail = DecisionTrail.objects.create(
            programme=programme,
            title=title.strip(),
            slug=slug,
            project=project,
            description=description.strip(),
        )
        trail.municipalities.set(municipalities)
        TrailStep.objects.bulk_create(
            TrailStep(trail=trail, order=i, name=name) for i, name in enumerate(names, start=1)
        )
        audit_record(
            action="governance.trail.created",
            actor=actor,
            target=trail,
            project=project,
            summary=trail.title,
            data={"steps": names, "municipalities": [m.slug for m in municipalities]},
        )
    return trail


def trail_step_set(
    *,
    step: TrailStep,
    municipality: Municipality,
    actor: User | None,
    state: str,
    date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    note: str = "",
) -> TrailStepState:
    """Record where a municipality stands on a step.

    Steps are taken in order: a step is done only after the previous one is done for
    that municipality (and not on an earlier date), and a step cannot go back from done
    while a later step is done.
    """
    _require(actor)
    trail = step.trail
    if state not in StepState.values:
        raise _error(_("State: unknown state “%(state)s”.") % {"state": state}, "state")
    if date_precision not in DatePrecision.values:
        raise _error(_("Date precision: unknown value."), "date_precision")
    if not trail.municipalities.filter(pk=municipality.pk).exists():
        raise _error(
            _("Municipality: %(name)s does not take part in this trail.")
            % {"name": municipality.name},
            "municipality",
        )
    if state == StepState.DONE:
        if date is None:
            raise _error(_("Date: give the date on which the step was done."), "date")
        if date > timezone.localdate():
            raise _error(_("Date: a step cannot have been done on a date in the future."), "date")
    if state == StepState.NOT_STARTED:
        date = None
    states = {
        s.step_id: s
        for s in TrailStepState.objects.filter(
            step__trail=trail, municipality=municipality
        ).select_related("step")
    }
    if state == StepState.DONE:
        previous = trail.steps.filter(order__lt=step.order).order_by("-order").first()
        if previous is not None:
            before = states.get(previous.pk)
            if before is None or before.state != StepState.DONE:
                raise _error(
                    _(
                        "State: recorded out of order: “%(previous)s” is not done yet for "
                        "%(municipality)s."
                    )
                    % {"previous": previous.name, "municipality": municipality.name},
                    "state",
                )
            if before.date and date and date < before.date:
                raise _error(
                    _("Date: before the date of the previous step (%(date)s).")
                    % {"date": before.date.isoformat()},
                    "date",
                )
    else:
        later_done = [
            s
            for s in states.values()
            if s.state == StepState.DONE and s.step_id != step.pk and s.step.order > step.order
        ]
        if later_done:
            raise _error(
                _("State: a later step is already done for %(municipality)s.")
                % {"municipality": municipality.name},
                "state",
            )
    with transaction.atomic():
        row = states.get(step.pk)
        old = row.state if row else StepState.NOT_STARTED
        if row is None:
            row = TrailStepState(step=step, municipality=municipality)
        row.state = state
        row.date = date
        row.date_precision = date_precision
        row.note = note.strip()
        row.save()
        audit_record(
            action="governance.trail_step.updated",
            actor=actor,
            target=row,
            project=trail.project,
            summary=f"{trail.title} · {step.name} · {municipality.name}: {state}",
            data={
                "from": old,
                "to": state,
                "date": date.isoformat() if date else "",
                "municipality": municipality.slug,
            },
        )
    return row
