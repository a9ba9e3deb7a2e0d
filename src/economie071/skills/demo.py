"""The House of Skills part of the demo (demo_data/): a small taxonomy written for this
project (focus-sector occupations and their skills in Dutch and English, with ESCO URIs
where they exist), the 21st-century skills, sectors, example providers and modules,
example people with passports, example employers with vacancies, and the demo logins
werkzoekende, werkgever, opleider and loopbaanadviseur (with the demo's password).

All of it is example data (`is_example`, "(voorbeeld)" in names). Everything goes through
the services (actor None: the platform). Loading twice creates nothing new: records are
found by their natural keys (URI or label, slug, title, username). When ESCO has been
imported first, its skills and occupations are used instead of the demo's copies.
"""

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from economie071.programme import services as programme_services
from economie071.programme.models import Municipality, Organisation
from economie071.skills import services
from economie071.skills.century import century_skills_ensure
from economie071.skills.constants import ADVISER_GROUP, DemandStatus, OrganisationRoleKind
from economie071.skills.models import (
    Occupation,
    OrganisationRole,
    Passport,
    Sector,
    Skill,
    TrainingModule,
    TrainingProvider,
    Vacancy,
)

DATA_DIR = Path(__file__).with_name("demo_data")


class SkillsDemoError(Exception):
    """The demo data refers to something that is not there; nothing has been written."""


def _read(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _municipality(slug: str, where: str) -> Municipality:
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise SkillsDemoError(f"{where}: no municipality “{slug}” (load the main demo first)")
    return found


def load_skills_demo(programme, *, password: str) -> dict[str, int]:
    """Load the demo data of this app; returns what was created, by kind. Idempotent.

    `password` is the demo logins' (the demo loader's DEMO_PASSWORD)."""
    created = {
        "sectors": 0,
        "skills": 0,
        "occupations": 0,
        "century skills": 0,
        "providers": 0,
        "modules": 0,
        "demo users": 0,
        "passports": 0,
        "vacancies": 0,
    }
    taxonomy = _read("taxonomy.yaml")
    data = _read("demo.yaml")
    with transaction.atomic():
        services.role_groups_ensure()
        skills = _load_taxonomy(taxonomy, created)
        created["century skills"] += century_skills_ensure()
        occupations = {
            key: occ for key, occ in _load_occupations(taxonomy, skills, created).items()
        }
        _load_organisations(data)
        _load_providers(data, skills, created)
        users = _load_users(data, created, password)
        _load_passports(data, users, skills, occupations, created)
        _load_vacancies(data, skills, occupations, created)
    return created


def _load_taxonomy(taxonomy: dict, created: dict) -> dict[str, Skill]:
    if not Sector.objects.exists():  # the shipped table, once: later edits are the office's
        created["sectors"] += len(services.sectors_load(actor=None))
    base = taxonomy["esco"]
    skills = {}
    for entry in taxonomy["skills"]:
        uri = base + entry["uri"] if entry.get("uri") else None
        skill = (
            Skill.objects.filter(uri=uri).first()
            if uri
            else Skill.objects.filter(uri__isnull=True, label_nl=entry["nl"]).first()
        )
        if skill is None:
            skill = services.skill_create(
                actor=None,
                uri=uri,
                label_nl=entry["nl"],
                label_en=entry.get("en", ""),
                skill_type=entry.get("type", "skill/competence"),
                reuse_level=entry.get("reuse", ""),
                alt_labels={"nl": entry.get("alt_nl", []), "en": entry.get("alt_en", [])},
                is_example=uri is None,
            )
            created["skills"] += 1
        skills[entry["key"]] = skill
    return skills


def _load_occupations(taxonomy: dict, skills: dict, created: dict) -> dict[str, Occupation]:
    base = taxonomy["esco"]
    occupations = {}
    for entry in taxonomy["occupations"]:
        uri = base + entry["uri"] if entry.get("uri") else None
        occupation = (
            Occupation.objects.filter(uri=uri).first()
            if uri
            else Occupation.objects.filter(uri__isnull=True, label_nl=entry["nl"]).first()
        )
        if occupation is None:
            where = f"taxonomy.yaml: occupations ({entry['key']})"
            try:
                essential = [skills[k] for k in entry["essential"]]
                optional = [skills[k] for k in entry.get("optional", [])]
            except KeyError as exc:
                raise SkillsDemoError(f"{where}: unknown skill {exc}") from None
            occupation = services.occupation_create(
                actor=None,
                uri=uri,
                label_nl=entry["nl"],
                label_en=entry["en"],
                isco_code=entry["isco"],
                essential=essential,
                optional=optional,
                is_example=True,
            )
            created["occupations"] += 1
        occupations[entry["key"]] = occupation
    return occupations


def _load_organisations(data: dict) -> None:
    for entry in data["organisations"]:
        if Organisation.objects.filter(slug=entry["slug"]).exists():
            continue
        programme_services.organisation_upsert(
            actor=None,
            slug=entry["slug"],
            name=entry["name"],
            helix=entry["helix"],
            municipality=_municipality(entry["municipality"], f"demo.yaml: {entry['slug']}"),
        )


def _load_providers(data: dict, skills: dict, created: dict) -> None:
    for entry in data["providers"]:
        organisation = Organisation.objects.get(slug=entry["organisation"])
        provider = TrainingProvider.objects.filter(organisation=organisation).first()
        if provider is None:
            provider = services.provider_create(
                organisation=organisation,
                actor=None,
                description=entry["description"],
                is_example=True,
            )
            created["providers"] += 1
        for module in entry["modules"]:
            if TrainingModule.objects.filter(provider=provider, title=module["title"]).exists():
                continue
            services.module_create(
                provider=provider,
                actor=None,
                title=module["title"],
                skills={skills[k]: level for k, level in module["skills"].items()},
                duration_hours=module["hours"],
                cost=module["cost"],
                workplace_based=module["workplace"],
                is_example=True,
            )
            created["modules"] += 1


def _load_users(data: dict, created: dict, password: str) -> dict:
    user_model = get_user_model()
    users = {}
    for entry in data["users"]:
        user = user_model.objects.filter(username=entry["username"]).first()
        if user is None:
            user = user_model.objects.create_user(
                username=entry["username"],
                email=entry["email"],
                password=password,
                first_name=entry["first_name"],
                last_name=entry["last_name"],
            )
            created["demo users"] += 1
        for key, role in (
            ("employer", OrganisationRoleKind.EMPLOYER),
            ("provider", OrganisationRoleKind.PROVIDER),
        ):
            if entry.get(key):
                organisation = Organisation.objects.get(slug=entry[key])
                if not OrganisationRole.objects.filter(
                    user=user, organisation=organisation, role=role
                ).exists():
                    services.organisation_role_grant(
                        user=user, organisation=organisation, role=role, actor=None
                    )
        if entry.get("adviser"):
            user.groups.add(Group.objects.get(name=ADVISER_GROUP))
        users[entry["username"]] = user
    return users


def _load_passports(data, users, skills, occupations, created) -> None:
    for entry in data["passports"]:
        user = users[entry["user"]]
        if Passport.objects.filter(user=user).exists():
            continue
        where = f"demo.yaml: passports ({entry['user']})"
        passport = services.passport_create(
            user=user,
            actor=None,
            consent=True,
            discoverable=entry.get("discoverable", False),
            sectors=list(Sector.objects.filter(slug__in=entry.get("sectors", []))),
            municipalities=[_municipality(s, where) for s in entry.get("municipalities", [])],
            min_hours=entry.get("min_hours"),
            max_hours=entry.get("max_hours"),
            is_example=True,
        )
        for key, level in entry["skills"].items():
            services.passport_skill_set(
                passport=passport, actor=None, skill=skills[key], level=level
            )
        for key, years in entry.get("experience", {}).items():
            services.passport_experience_set(
                passport=passport, actor=None, occupation=occupations[key], years=years
            )
        created["passports"] += 1


def _load_vacancies(data, skills, occupations, created) -> None:
    for entry in data["vacancies"]:
        organisation = Organisation.objects.get(slug=entry["organisation"])
        if Vacancy.objects.filter(organisation=organisation, title=entry["title"]).exists():
            continue
        where = f"demo.yaml: vacancies ({entry['title']})"
        vacancy = services.vacancy_create(
            organisation=organisation,
            actor=None,
            title=entry["title"],
            occupation=occupations[entry["occupation"]],
            municipality=_municipality(entry["municipality"], where),
            hours=entry["hours"],
            text=entry["text"].strip(),
            is_example=True,
        )
        services.vacancy_propose_skills(vacancy=vacancy, actor=None)
        proposed = {d.skill_id: d for d in vacancy.demand.filter(status=DemandStatus.PROPOSED)}
        for key, (must, level) in entry["confirm"].items():
            skill = skills[key]
            if skill.pk in proposed:
                services.vacancy_confirm_skill(
                    demand_skill=proposed[skill.pk], actor=None, must=must, min_level=level
                )
            else:
                services.vacancy_add_skill(
                    vacancy=vacancy, actor=None, skill=skill, must=must, min_level=level
                )
        if entry.get("open"):
            services.vacancy_open(vacancy=vacancy, actor=None)
        created["vacancies"] += 1
