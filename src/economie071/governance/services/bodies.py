"""Governance bodies (the programme's steering group, a project's steering group or
board) and their members over time.
"""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.governance.constants import BodyKind
from economie071.governance.models import Body, Membership
from economie071.governance.services._common import _error, _require
from economie071.portfolio.models import Project
from economie071.programme.models import Municipality, Organisation, Person, Programme


def body_create(
    *,
    programme: Programme,
    actor: User | None,
    name: str,
    slug: str,
    kind: str,
    project: Project | None = None,
    description: str = "",
    min_meetings_per_year: int | None = None,
    cadence_source: str = "",
) -> Body:
    _require(actor)
    if not name.strip():
        raise _error(_("Name: required."), "name")
    if kind not in BodyKind.values:
        raise _error(_("Kind: unknown kind “%(kind)s”.") % {"kind": kind}, "kind")
    if kind != BodyKind.PROGRAMME_STEERING_GROUP and project is None:
        raise _error(_("Project: a project steering group or board needs its project."), "project")
    if project is not None and project.programme_id != programme.pk:
        raise _error(_("Project: belongs to another programme."), "project")
    if min_meetings_per_year is not None and min_meetings_per_year < 1:
        raise _error(
            _("Minimum meetings per year: leave it empty or give 1 or more."),
            "min_meetings_per_year",
        )
    if Body.objects.filter(slug=slug).exists():
        raise _error(
            _("Slug: there is already a body with the short name “%(slug)s”.") % {"slug": slug},
            "slug",
        )
    with transaction.atomic():
        body = Body.objects.create(
            programme=programme,
            name=name.strip(),
            slug=slug,
            kind=kind,
            project=project,
            description=description.strip(),
            min_meetings_per_year=min_meetings_per_year,
            cadence_source=cadence_source.strip(),
        )
        audit_record(
            action="governance.body.created",
            actor=actor,
            target=body,
            project=project,
            summary=body.name,
            data={"kind": kind, "min_meetings_per_year": min_meetings_per_year},
        )
    return body


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    lo = datetime.date.min
    hi = datetime.date.max
    return (a_start or lo) <= (b_end or hi) and (b_start or lo) <= (a_end or hi)


def membership_add(
    *,
    body: Body,
    actor: User | None,
    person: Person | None = None,
    role: str = "",
    is_chair: bool = False,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Membership:
    """Add a seat; the same person cannot hold two seats in a body at once."""
    _require(actor)
    if person is None and municipality is None and organisation is None and not role.strip():
        raise _error(
            _("Person: give the person, or the municipality or organisation of the seat."),
            "person",
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise _error(_("Until: a membership cannot end before it starts."), "ends_on")
    if municipality is not None and municipality.region_id != body.programme.region_id:
        raise _error(_("Municipality: not part of the programme's region."), "municipality")
    others = Membership.objects.filter(body=body, person=person) if person else []
    for other in others:
        if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
            raise _error(
                _("Person: %(person)s is already a member of %(body)s in that period.")
                % {"person": person, "body": body},
                "person",
            )
    if person is None:
        # A seat known only by its capacity ("the alderman of Katwijk"): the same seat
        # twice in the same period is the same member added twice.
        seats = Membership.objects.filter(
            body=body,
            person__isnull=True,
            municipality=municipality,
            organisation=organisation,
            role__iexact=role.strip(),
        )
        for other in seats:
            if _overlaps(starts_on, ends_on, other.starts_on, other.ends_on):
                raise _error(
                    _("Person: the seat “%(seat)s” is already taken in %(body)s in that period.")
                    % {"seat": other.holder_name, "body": body},
                    "person",
                )
    with transaction.atomic():
        order = (body.memberships.aggregate(m=Max("order"))["m"] or 0) + 1
        membership = Membership.objects.create(
            body=body,
            person=person,
            role=role.strip(),
            is_chair=is_chair,
            municipality=municipality,
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            order=order,
        )
        audit_record(
            action="governance.membership.added",
            actor=actor,
            target=membership,
            project=body.project,
            summary=f"{body}: {membership.holder_name}",
            data={"role": membership.role, "starts_on": str(starts_on or "")},
        )
    return membership


def membership_end(
    *, membership: Membership, actor: User | None, ends_on: datetime.date
) -> Membership:
    _require(actor)
    if membership.starts_on and ends_on < membership.starts_on:
        raise _error(_("Until: a membership cannot end before it starts."), "ends_on")
    with transaction.atomic():
        membership.ends_on = ends_on
        membership.save(update_fields=["ends_on"])
        audit_record(
            action="governance.membership.ended",
            actor=actor,
            target=membership,
            project=membership.body.project,
            summary=f"{membership.body}: {membership.holder_name}",
            data={"ends_on": ends_on.isoformat()},
        )
    return membership
