"""Writes of the programme's reference data: regions, municipalities and their inhabitants,
programmes, pillars, themes, organisations and people (used by the region setup, the demo
loader and imports).

Each function creates the record or brings an existing one (found by its natural key) up
to date, so loading the same data twice changes nothing.
"""

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

from economie071.audit.services import audit_record
from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP
from economie071.programme.models import (
    Municipality,
    Organisation,
    Person,
    Pillar,
    PopulationFigure,
    Programme,
    Region,
    Theme,
)


def _upsert(model, actor, *, lookup: dict, values: dict):
    """Create or update one record; audit only when something actually changed."""
    with transaction.atomic():
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            action = "created"
        else:
            changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
            if not changed:
                return obj
            for key, value in changed.items():
                setattr(obj, key, value)
            obj.full_clean()
            obj.save()
            action = "updated"
        audit_record(
            action=f"programme.{model._meta.model_name}.{action}",
            actor=actor,
            target=obj,
            summary=str(obj),
        )
    return obj


def region_upsert(*, actor: User | None, slug: str, name: str) -> Region:
    return _upsert(Region, actor, lookup={"slug": slug}, values={"name": name})


def municipality_upsert(
    *, actor: User | None, region: Region, slug: str, name: str, cbs_code: str
) -> Municipality:
    return _upsert(
        Municipality,
        actor,
        lookup={"slug": slug},
        values={"region": region, "name": name, "cbs_code": cbs_code},
    )


def population_figure_upsert(
    *,
    actor: User | None,
    municipality: Municipality,
    year: int,
    inhabitants: int,
    source: str,
    source_url: str = "",
) -> PopulationFigure:
    return _upsert(
        PopulationFigure,
        actor,
        lookup={"municipality": municipality, "year": year},
        values={"inhabitants": inhabitants, "source": source, "source_url": source_url},
    )


def programme_upsert(
    *,
    actor: User | None,
    region: Region,
    slug: str,
    name: str,
    tagline: str = "",
    description: str = "",
) -> Programme:
    return _upsert(
        Programme,
        actor,
        lookup={"slug": slug},
        values={"region": region, "name": name, "tagline": tagline, "description": description},
    )


def pillar_upsert(
    *,
    actor: User | None,
    programme: Programme,
    slug: str,
    number: int,
    name: str,
    subtitle: str = "",
    description: str = "",
    colour: str,
) -> Pillar:
    return _upsert(
        Pillar,
        actor,
        lookup={"programme": programme, "slug": slug},
        values={
            "number": number,
            "name": name,
            "subtitle": subtitle,
            "description": description,
            "colour": colour,
        },
    )


def theme_upsert(
    *,
    actor: User | None,
    programme: Programme,
    slug: str,
    name: str,
    order: int = 0,
    description: str = "",
) -> Theme:
    return _upsert(
        Theme,
        actor,
        lookup={"programme": programme, "slug": slug},
        values={"name": name, "order": order, "description": description},
    )


def organisation_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    helix: str,
    municipality: Municipality | None = None,
    website: str = "",
) -> Organisation:
    return _upsert(
        Organisation,
        actor,
        lookup={"slug": slug},
        values={"name": name, "helix": helix, "municipality": municipality, "website": website},
    )


def person_upsert(
    *,
    actor: User | None,
    slug: str,
    name: str,
    organisation: Organisation | None = None,
    job_title: str = "",
) -> Person:
    return _upsert(
        Person,
        actor,
        lookup={"slug": slug},
        values={"name": name, "organisation": organisation, "job_title": job_title},
    )


def person_link_user(*, actor: User | None, person: Person, user: User | None) -> Person:
    """Give a person a login (a project leader must have one to edit their cards)."""
    return _upsert(Person, actor, lookup={"pk": person.pk}, values={"user": user})


def role_groups_ensure() -> None:
    """Create the user groups the platform's permissions are based on.

    The programme office also keeps the reference data in the admin, so its group holds
    the Django model permissions of this app.
    """
    office, _created = Group.objects.get_or_create(name=PROGRAMME_OFFICE_GROUP)
    office.permissions.add(*Permission.objects.filter(content_type__app_label="programme"))
    Group.objects.get_or_create(name=STEERING_GROUP_GROUP)
