"""The events part of the demo (demo_data.yaml): the meetings the 2019 overview names with
a date (the Kenniskring, the Smart071 events at PLNT, the Open Innovatie Lab moments, the
start of Cirkelstad regio-071), each linked to its project and that project's pillars;
one upcoming example event with a few example registrations; and an organiser login.

Everything goes through the services (actor None: the platform itself), and no e-mail is
sent. Loading twice changes nothing: what exists already (by slug, username or e-mail
address) is found and left alone. Projects, people and organisations come from the main
demo data and are looked up.
"""

import datetime
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from economie071.core.dates import DatePrecision
from economie071.events import services
from economie071.events.constants import ACTIVE_STATUSES, EVENT_ORGANISER_GROUP, EventStatus
from economie071.events.models import Event
from economie071.portfolio.models import Project
from economie071.programme.models import Organisation, Person, Programme

DATA_FILE = Path(__file__).with_name("demo_data.yaml")


class EventsDemoError(Exception):
    """The demo data refers to something that is not there; nothing has been written."""


def _partial_date(value) -> tuple[datetime.date, str]:
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value)
    if len(text) == 7:  # 2019-05
        return datetime.date.fromisoformat(f"{text}-01"), DatePrecision.MONTH
    if len(text) == 4:
        return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    return datetime.date.fromisoformat(text), DatePrecision.DAY


def _at(day: datetime.date, hhmm: str = "00:00") -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(hhmm)))


def _projects(programme: Programme, slugs, where: str) -> list[Project]:
    found = {p.slug: p for p in Project.objects.filter(programme=programme, slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise EventsDemoError(
            f"events/demo_data.yaml: {where}: no project {', '.join(missing)} "
            "(load the main demo data first)"
        )
    return [found[slug] for slug in slugs]


def _pillars(projects: list[Project]) -> list:
    seen = {}
    for project in projects:
        for pillar in project.pillars.all():
            seen[pillar.pk] = pillar
    return list(seen.values())


def _users(usernames) -> list:
    """The demo users by username; ones the main demo does not have are skipped."""
    return list(get_user_model().objects.filter(username__in=usernames or []))


def _organiser(data: dict, created: dict, password: str):
    group, _new = Group.objects.get_or_create(name=EVENT_ORGANISER_GROUP)
    user_model = get_user_model()
    user = user_model.objects.filter(username=data["username"]).first()
    if user is None:
        user = user_model.objects.create_user(
            username=data["username"],
            email=data["email"],
            password=password,
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        created["event organisers"] += 1
    user.groups.add(group)
    return user


def _sessions(event: Event, entries, day: datetime.date, created: dict) -> None:
    for entry in entries or []:
        speakers = list(Person.objects.filter(name__in=entry.get("speakers") or []))
        if len(speakers) != len(entry.get("speakers") or []):
            raise EventsDemoError(
                f"events/demo_data.yaml: {event.slug}: a speaker of “{entry['title']}” "
                "is not among the people (load the main demo data first)"
            )
        services.session_add(
            event=event,
            actor=None,
            title=entry["title"],
            starts_at=_at(day, entry["starts"]) if entry.get("starts") else None,
            ends_at=_at(day, entry["ends"]) if entry.get("ends") else None,
            description=entry.get("description", ""),
            speakers=speakers,
            speaker_names=entry.get("speaker_names", ""),
        )
        created["event sessions"] += 1


def _load_event(programme: Programme, entry: dict, created: dict) -> None:
    if Event.objects.filter(slug=entry["slug"]).exists():
        return
    where = f"events ({entry['slug']})"
    day, precision = _partial_date(entry["date"])
    projects = _projects(programme, entry.get("projects") or [], where)
    organisation = None
    if entry.get("organisation"):
        organisation = Organisation.objects.filter(slug=entry["organisation"]).first()
        if organisation is None:
            raise EventsDemoError(f"events/demo_data.yaml: {where}: no organisation")
    event = services.event_create(
        programme=programme,
        actor=None,
        title=entry["title"],
        slug=entry["slug"],
        kind=entry["kind"],
        description=entry.get("description", ""),
        starts_at=_at(day),
        date_precision=precision,
        time_known=False,
        date_note=entry.get("date_note", ""),
        venue=entry.get("venue", ""),
        organisation=organisation,
        managers=_users(entry.get("managers")),
        projects=projects,
        pillars=_pillars(projects),
    )
    created["events"] += 1
    _sessions(event, entry.get("sessions"), day, created)
    services.event_publish(event=event, actor=None)


def _load_example(programme: Programme, entry: dict, created: dict) -> None:
    event = Event.objects.filter(slug=entry["slug"]).first()
    if event is None:
        day = timezone.localdate() + datetime.timedelta(days=entry["days_ahead"])
        projects = _projects(programme, entry.get("projects") or [], "example")
        event = services.event_create(
            programme=programme,
            actor=None,
            title=entry["title"],
            slug=entry["slug"],
            kind=entry["kind"],
            description=entry.get("description", ""),
            starts_at=_at(day, entry["starts"]),
            ends_at=_at(day, entry["ends"]),
            venue=entry.get("venue", ""),
            capacity=entry.get("capacity"),
            managers=_users(entry.get("managers")),
            projects=projects,
            pillars=_pillars(projects),
            is_example=True,
        )
        created["events"] += 1
        _sessions(event, entry.get("sessions"), day, created)
        event = services.event_publish(event=event, actor=None)
    if event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        return  # an example loaded long ago has passed; its registrations stay as they were
    for person in entry.get("registrations") or []:
        email = person["email"].lower()
        if event.registrations.filter(email=email, status__in=ACTIVE_STATUSES).exists():
            continue
        if event.registrations.filter(email=email).exists():
            continue  # cancelled by a visitor of the demo: left as it is
        services.registration_create(
            event=event,
            name=person["name"],
            email=email,
            organisation_name=person.get("organisation", ""),
            send_email=False,
        )
        created["event registrations"] += 1


def load_events_demo(
    programme: Programme, *, password: str, data_file: Path = DATA_FILE
) -> dict[str, int]:
    """Load the demo data of this app; returns what was created, by kind. Idempotent.

    `password` is the demo logins' (the demo loader's DEMO_PASSWORD)."""
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    created = {"events": 0, "event sessions": 0, "event registrations": 0, "event organisers": 0}
    with transaction.atomic():
        _organiser(data["organiser"], created, password)
        for entry in data.get("events") or []:
            _load_event(programme, entry, created)
        if data.get("example"):
            _load_example(programme, data["example"], created)
    return created
