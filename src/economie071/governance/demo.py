"""The governance part of the demo: the 2019 bodies, the steering group meeting of
4 December 2019 with the five Human Capital proposals, and the decision trail of the
business parks strategy across the six municipalities (demo_data.yaml).

Everything goes through the services (actor None: the platform itself). Loading twice
changes nothing: what exists already is found and left alone. People, organisations,
municipalities and projects come from the main demo data and are looked up by slug.
"""

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from economie071.core.dates import DatePrecision
from economie071.governance import services
from economie071.governance.constants import StepState
from economie071.governance.exceptions import GovernanceError
from economie071.governance.models import (
    AgendaItem,
    Body,
    DecisionTrail,
    Meeting,
    Membership,
    Proposal,
    TrailStepState,
)
from economie071.portfolio.models import Project
from economie071.programme.models import Municipality, Organisation, Person, Programme

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


class GovernanceDemoError(Exception):
    """The demo data refers to something that is not there; nothing has been written."""


def _get(model, slug: str, where: str):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise GovernanceDemoError(
            f"demo_data.yaml: {where}: no {model._meta.verbose_name} “{slug}” "
            "(load the main demo data first)"
        ) from None


def _partial_date(value) -> tuple[datetime.date, str]:
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value)
    if len(text) == 7:  # 2020-01
        return datetime.date.fromisoformat(f"{text}-01"), DatePrecision.MONTH
    if len(text) == 4:
        return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def load_governance_demo(programme: Programme, data_file: Path = DATA_FILE) -> dict[str, int]:
    """Load the governance demo data; returns how many objects were created, by kind."""
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    created = {"bodies": 0, "memberships": 0, "meetings": 0, "proposals": 0, "trails": 0}
    with transaction.atomic():
        for entry in data.get("bodies") or []:
            _load_body(programme, entry, created)
        for i, entry in enumerate(data.get("meetings") or []):
            _load_meeting(entry, f"meetings[{i}]", created)
        for entry in data.get("trails") or []:
            _load_trail(programme, entry, created)
    return created


def _load_body(programme, entry, created) -> None:
    where = f"bodies ({entry['slug']})"
    body = Body.objects.filter(slug=entry["slug"]).first()
    if body is None:
        body = services.body_create(
            programme=programme,
            actor=None,
            name=entry["name"],
            slug=entry["slug"],
            kind=entry["kind"],
            project=_get(Project, entry["project"], where) if entry.get("project") else None,
            description=entry.get("description") or "",
            min_meetings_per_year=entry.get("min_meetings_per_year"),
            cadence_source=entry.get("cadence_source") or "",
        )
        created["bodies"] += 1
    for member in entry.get("members") or []:
        person = _get(Person, member["person"], where) if member.get("person") else None
        municipality = (
            _get(Municipality, member["municipality"], where)
            if member.get("municipality")
            else None
        )
        organisation = (
            _get(Organisation, member["organisation"], where)
            if member.get("organisation")
            else None
        )
        role = member.get("role") or ""
        if Membership.objects.filter(
            body=body,
            person=person,
            municipality=municipality,
            organisation=organisation,
            role=role,
        ).exists():
            continue
        services.membership_add(
            body=body,
            actor=None,
            person=person,
            role=role,
            is_chair=bool(member.get("chair")),
            municipality=municipality,
            organisation=organisation,
        )
        created["memberships"] += 1


def _load_meeting(entry, where, created) -> None:
    body = _get(Body, entry["body"], where)
    time = entry.get("time")
    time = datetime.time.fromisoformat(time) if time else None
    meeting = Meeting.objects.filter(body=body, date=entry["date"], time=time).first()
    if meeting is None:
        meeting = services.meeting_create(
            body=body,
            actor=None,
            date=entry["date"],
            time=time,
            place=entry.get("place") or "",
            status=entry["status"],
        )
        created["meetings"] += 1
    for item in entry.get("agenda") or []:
        if AgendaItem.objects.filter(meeting=meeting, title=item["title"]).exists():
            continue
        proposals = []
        for spec in item.get("proposals") or []:
            project = _get(Project, spec["project"], where)
            proposal = Proposal.objects.filter(
                body=body, project=project, title=spec["title"]
            ).first()
            if proposal is None:
                proposal = services.proposal_create(
                    project=project,
                    body=body,
                    actor=None,
                    title=spec["title"],
                    text=spec.get("text") or "",
                    requested_decision=spec.get("requested_decision") or "",
                )
                services.proposal_submit(proposal=proposal, actor=None)
                created["proposals"] += 1
            proposals.append(proposal)
        services.agenda_item_add(
            meeting=meeting,
            actor=None,
            title=item["title"],
            text=item.get("text") or "",
            projects=[_get(Project, slug, where) for slug in item.get("projects") or []],
            proposals=proposals,
            is_public=item.get("public", True),
        )
    if entry.get("agenda_published") and not meeting.agenda_published:
        services.meeting_publish_agenda(meeting=meeting, actor=None)


def _load_trail(programme, entry, created) -> None:
    where = f"trails ({entry['slug']})"
    trail = DecisionTrail.objects.filter(slug=entry["slug"]).first()
    if trail is None:
        trail = services.trail_create(
            programme=programme,
            actor=None,
            title=entry["title"],
            slug=entry["slug"],
            project=_get(Project, entry["project"], where) if entry.get("project") else None,
            description=entry.get("description") or "",
            steps=[step["name"] for step in entry["steps"]],
            municipalities=[_get(Municipality, s, where) for s in entry["municipalities"]],
        )
        created["trails"] += 1
    steps = {step.order: step for step in trail.steps.all()}
    municipalities = list(trail.municipalities.order_by("name"))
    for order, spec in enumerate(entry["steps"], start=1):
        state = spec.get("state") or StepState.NOT_STARTED
        if state == StepState.NOT_STARTED:
            continue
        date, precision = _partial_date(spec["date"]) if spec.get("date") else (None, "day")
        for municipality in municipalities:
            current = TrailStepState.objects.filter(
                step=steps[order], municipality=municipality
            ).first()
            if current is not None and (current.state, current.date) == (state, date):
                continue
            try:
                services.trail_step_set(
                    step=steps[order],
                    municipality=municipality,
                    actor=None,
                    state=state,
                    date=date,
                    date_precision=precision,
                    note=spec.get("note") or "",
                )
            except GovernanceError as exc:
                raise GovernanceDemoError(
                    f"demo_data.yaml: {where}, step {order}: {' '.join(exc.messages)}"
                ) from None
