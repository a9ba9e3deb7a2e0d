"""Experts an entrepreneur can be referred to, and the referrals."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.network import permissions
from economie071.network.models import ExpertEntry, ExpertiseTag, Referral, Trajectory
from economie071.network.services._common import _allow, _error, _trusted
from economie071.programme.models import Organisation, Programme


def expert_entry_upsert(
    *,
    programme: Programme,
    organisation: Organisation,
    actor: User | None,
    description: str = "",
    tags: list[tuple[str, str]] | None = None,
    is_published: bool = True,
    source: str = "",
) -> ExpertEntry:
    """Put an organisation in the experts directory (or bring its entry up to date).
    `tags` are (slug, name) pairs; a new tag is created."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, programme))
    tags = tags or []
    for slug, name in tags:
        if not slug or slug != slugify(slug) or not name.strip():
            raise _error(_("Expertise: “%(tag)s” is not a valid tag.") % {"tag": slug}, "tags")
    description = description.strip()
    source = source.strip()[:300]
    entry = ExpertEntry.objects.filter(programme=programme, organisation=organisation).first()
    wanted = {slug for slug, _name in tags}
    if entry is not None:
        same = (
            entry.description == description
            and entry.is_published == is_published
            and entry.source == source
            and set(entry.tags.values_list("slug", flat=True)) == wanted
        )
        if same:
            return entry
    with transaction.atomic():
        tag_objects = []
        for slug, name in tags:
            tag, _created = ExpertiseTag.objects.get_or_create(slug=slug, defaults={"name": name})
            tag_objects.append(tag)
        action = "network.expert.updated"
        if entry is None:
            entry = ExpertEntry.objects.create(
                programme=programme,
                organisation=organisation,
                description=description,
                is_published=is_published,
                source=source,
            )
            action = "network.expert.added"
        else:
            entry.description, entry.is_published, entry.source = description, is_published, source
            entry.save()
        entry.tags.set(tag_objects)
        audit_record(
            action=action,
            actor=actor,
            target=entry,
            summary=str(organisation),
            data={"tags": sorted(wanted)},
        )
    return entry


def referral_record(
    *,
    expert: ExpertEntry,
    actor: User | None,
    referred_on: datetime.date,
    trajectory: Trajectory | None = None,
    company: Organisation | None = None,
    note: str = "",
) -> Referral:
    """Record that a company (in a trajectory, or on its own) was referred to an expert."""
    _allow(_trusted(actor) or permissions.can_manage_trajectories(actor, expert.programme))
    if trajectory is None and company is None:
        raise _error(_("Trajectory: give the trajectory or the company referred."), "trajectory")
    if trajectory is not None and trajectory.programme_id != expert.programme_id:
        raise _error(_("Trajectory: belongs to another programme."), "trajectory")
    if trajectory is not None and company is None:
        company = trajectory.company
    if company is not None and company.pk == expert.organisation_id:
        raise _error(_("Expert: a company cannot be referred to itself."), "expert")
    if referred_on is None:
        raise _error(_("Date: required."), "referred_on")
    if referred_on > timezone.localdate():
        raise _error(_("Date: a referral cannot lie in the future."), "referred_on")
    with transaction.atomic():
        referral = Referral.objects.create(
            expert=expert,
            trajectory=trajectory,
            company=company,
            referred_on=referred_on,
            note=note.strip(),
        )
        audit_record(
            action="network.referral.recorded",
            actor=actor,
            target=referral,
            project=trajectory.project if trajectory else None,
            summary=str(referral),
            data={"expert": expert.organisation.slug, "on": referred_on.isoformat()},
        )
    return referral
