"""The network part of the demo (demo_data.yaml): a directory profile for every
organisation of the main demo data, the covenant partners, the Open Innovatie Lab
challenges of 2019 and the Smart071 trajectories, experts and an example profile editor.

Everything goes through the services (actor None: the platform itself). Loading twice
changes nothing: what exists already is found and left alone (profiles are brought up to
date by services that write only what changed).

The Smart071 trajectories are placeholders: the overview gives only totals (25 completed,
10 running, about a third with a follow-up) and names none of the companies. Each
placeholder says so on every page and in the API.
"""

import datetime
from collections.abc import Sequence
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from economie071.core.dates import DatePrecision
from economie071.network import services
from economie071.network.constants import ChallengeStatus, ExchangeDirection, TrajectoryStatus
from economie071.network.models import (
    Challenge,
    ExpertEntry,
    NetworkProfile,
    ProfileEditor,
    Trajectory,
)
from economie071.network.services import ExchangeInput
from economie071.programme import services as programme_services
from economie071.programme.models import Municipality, Organisation

DATA_FILE = Path(__file__).with_name("demo_data.yaml")
LAB_PROJECT = "open-innovatie-lab"
SMART071_PROJECT = "smart071"


class NetworkDemoError(Exception):
    """The demo data refers to something that is not there."""


def _organisation(slug: str, where: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise NetworkDemoError(
            f"demo_data.yaml: {where}: no organisation “{slug}” (load the main demo data first)"
        ) from None


def _partial_date(value) -> tuple[datetime.date | None, str]:
    if value in (None, ""):
        return None, DatePrecision.DAY
    text = str(value)
    if len(text) == 4:
        return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    if len(text) == 7:
        return datetime.date.fromisoformat(f"{text}-01"), DatePrecision.MONTH
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def load_network_demo(
    programme, *, password: str, organisation_slugs: Sequence[str]
) -> dict[str, int]:
    """Load the demo data of this app; returns what was created, by kind. Idempotent.

    Every organisation of the main demo (`organisation_slugs`, in its order) gets a
    profile; `password` is the demo logins' (the demo loader's DEMO_PASSWORD)."""
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    created = {
        "network profiles": 0,
        "profile editors": 0,
        "challenges": 0,
        "trajectories": 0,
        "experts": 0,
    }
    with transaction.atomic():
        _load_extra_organisations(data)
        created["network profiles"] = _load_profiles(data, organisation_slugs)
        created["profile editors"] = _load_editors(data, password)
        created["challenges"] = _load_challenges(data, programme)
        created["trajectories"] = _load_trajectories(data["trajectories"], programme)
        created["experts"] = _load_experts(data, programme)
    return created


def _load_extra_organisations(data) -> None:
    for entry in data.get("extra_organisations", []):
        municipality = Municipality.objects.filter(slug=entry.get("municipality") or "").first()
        programme_services.organisation_upsert(
            actor=None,
            slug=entry["slug"],
            name=entry["name"],
            helix=entry["helix"],
            municipality=municipality,
        )


def _load_profiles(data, organisation_slugs: Sequence[str]) -> int:
    slugs = list(organisation_slugs)
    slugs += [o["slug"] for o in data.get("extra_organisations", [])]
    partners = set(data["partners"]["slugs"])
    sector_of = {slug: sector for sector, group in data["sectors"].items() for slug in group}
    count = 0
    for slug in slugs:
        organisation = _organisation(slug, "profiles")
        profile = NetworkProfile.objects.filter(organisation=organisation).first()
        if profile is None:
            profile = services.profile_create(organisation=organisation, actor=None)
            count += 1
        services.profile_update(
            profile=profile,
            actor=None,
            is_published=True,
            sector=sector_of.get(slug, ""),
            description=(data["descriptions"].get(slug) or "").strip(),
            contact_email=f"{slug}@example.org",
            covenant_partner=slug in partners,
            partner_note=data["partners"]["note"].strip() if slug in partners else "",
            source=data["source"],
        )
        services.profile_set_exchanges(
            profile=profile,
            actor=None,
            exchanges=[
                ExchangeInput(direction=ExchangeDirection.OFFERS, kind=kind, text=text)
                for kind, text in data["offers"].get(slug, [])
            ],
        )
    return count


def _load_editors(data, password: str) -> int:
    user_model = get_user_model()
    count = 0
    for entry in data.get("editors", []):
        user = user_model.objects.filter(username=entry["username"]).first()
        if user is None:
            user = user_model.objects.create_user(
                username=entry["username"],
                email=entry["email"],
                password=password,
                first_name=entry["first_name"],
                last_name=entry["last_name"],
            )
        profile = _organisation(entry["organisation"], "editors").network_profile
        if not ProfileEditor.objects.filter(profile=profile, user=user).exists():
            services.profile_editor_add(profile=profile, user=user, actor=None)
            count += 1
    return count


def _load_challenges(data, programme) -> int:
    project = programme.projects.filter(slug=LAB_PROJECT).first()
    count = 0
    for i, entry in enumerate(data["challenges"]):
        if Challenge.objects.filter(slug=entry["slug"]).exists():
            continue
        where = f"challenges[{i}]"
        starts_on, precision = _partial_date(entry.get("starts"))
        challenge = services.challenge_post(
            programme=programme,
            organisation=_organisation(entry["organisation"], where),
            actor=None,
            slug=entry["slug"],
            project=project,
            title=entry["title"],
            description=entry.get("description", "").strip(),
            location=entry.get("location", ""),
            starts_on=starts_on,
            starts_on_precision=precision,
            duration_weeks=entry.get("duration_weeks"),
            school_year=str(entry.get("school_year") or ""),
            date_note=(entry.get("date_note") or "").strip(),
            source=data["challenge_source"].strip(),
        )
        status = entry.get("status", ChallengeStatus.PROPOSED)
        if entry.get("team"):
            team = entry["team"]
            services.challenge_match_team(
                challenge=challenge,
                actor=None,
                team_name=team.get("name", ""),
                study_programme=team.get("study_programme", ""),
                student_count=team.get("student_count"),
            )
        path = {
            ChallengeStatus.RUNNING: [ChallengeStatus.RUNNING],
            ChallengeStatus.COMPLETED: [ChallengeStatus.RUNNING, ChallengeStatus.COMPLETED],
        }.get(status, [])
        for step in path:
            services.challenge_status_change(challenge=challenge, actor=None, status=step)
        for kind, title in entry.get("results", []):
            services.result_add(challenge=challenge, actor=None, kind=kind, title=title)
        count += 1
    return count


def _load_trajectories(spec, programme) -> int:
    project = programme.projects.filter(slug=SMART071_PROJECT).first()
    with_follow_up = spec["completed_with_follow_up"]
    plan = [
        (f"smart071-afgerond-{n:02d}", TrajectoryStatus.COMPLETED, n <= with_follow_up)
        for n in range(1, spec["completed"] + 1)
    ] + [
        (f"smart071-lopend-{n:02d}", TrajectoryStatus.RUNNING, None)
        for n in range(1, spec["running"] + 1)
    ]
    count = 0
    for slug, status, follow_up in plan:
        if Trajectory.objects.filter(slug=slug).exists():
            continue
        number = slug.rsplit("-", 1)[1]
        label = "afgerond" if status == TrajectoryStatus.COMPLETED else "lopend"
        trajectory = services.trajectory_create(
            programme=programme,
            actor=None,
            slug=slug,
            project=project,
            title=f"Innovatietraject {number} ({label}, gereconstrueerd)",
            phase=spec["phase"],
            is_placeholder=True,
            placeholder_note=spec["note"].strip(),
            source=spec["source"],
        )
        if status == TrajectoryStatus.COMPLETED:
            services.trajectory_close(
                trajectory=trajectory,
                actor=None,
                status=status,
                follow_up=follow_up,
                outcome=spec["follow_up_outcome"].strip() if follow_up else "",
            )
        count += 1
    return count


def _load_experts(data, programme) -> int:
    count = 0
    for i, entry in enumerate(data["experts"]):
        organisation = _organisation(entry["organisation"], f"experts[{i}]")
        exists = ExpertEntry.objects.filter(programme=programme, organisation=organisation).exists()
        services.expert_entry_upsert(
            programme=programme,
            organisation=organisation,
            actor=None,
            description=entry["description"].strip(),
            tags=[tuple(tag) for tag in entry["tags"]],
            source=data["source"],
        )
        count += 0 if exists else 1
    return count
