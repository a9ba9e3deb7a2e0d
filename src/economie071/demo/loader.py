"""Loading the demo: the Leidse regio, Economie071 and its portfolio of November 2019.

Everything goes through the same services a user's actions go through. The data is read
and checked whole before anything is written, and written in one transaction: a file with
an error changes nothing, and the error names the file and the field. Loading twice
changes nothing: records are found by their natural keys, and a card that exists is kept.
"""

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from economie071.core.dates import DatePrecision
from economie071.core.groups import PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP
from economie071.events.demo import load_events_demo
from economie071.forum.demo import load_forum_demo
from economie071.governance.demo import load_governance_demo
from economie071.monitor.demo import load_monitor_demo
from economie071.network.demo import load_network_demo
from economie071.portfolio import services as portfolio
from economie071.portfolio.constants import (
    CARD_SECTION_KEYS,
    AllocationKey,
    CardStatus,
    Level,
    Phase,
    RoleKind,
    StatusLight,
)
from economie071.portfolio.models import Project, ProjectCard, ReportingPeriod
from economie071.portfolio.periods import parse_period_label
from economie071.programme import services as programme_services
from economie071.programme.constants import HelixSide
from economie071.programme.models import Organisation, Person
from economie071.publications import services as publications
from economie071.publications.models import Edition, Foreword
from economie071.skills.demo import load_skills_demo

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "economie071-demo"  # noqa: S105 - the demo's published password
# The overview is dated 26 November 2019; phases are recorded as they stood then.
OVERVIEW_DATE = datetime.date(2019, 11, 26)
OVERVIEW_PUBLISHED_AT = datetime.datetime(2019, 11, 26, 12, 0, tzinfo=datetime.UTC)


class DemoDataError(Exception):
    """The demo data has errors; `errors` names each one with its file and field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@contextmanager
def _refused_at(where: str):
    """A record the checks let through but a service refuses: name its file and field."""
    try:
        yield
    except ValidationError as exc:  # a PortfolioError, or a model's full_clean
        if hasattr(exc, "error_dict"):
            problem = "; ".join(
                f"“{name}”: {' '.join(messages)}" for name, messages in exc.message_dict.items()
            )
        else:
            problem = " ".join(exc.messages)
        raise DemoDataError([f"{where}: {problem}"]) from None


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


# --- Reading and checking ------------------------------------------------------------------


def _read(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise DemoDataError([f"{path.name}: file not found in {path.parent}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DemoDataError([f"{path.name}: {where}{problem}"]) from None


def parse_partial_date(value) -> tuple[datetime.date, str]:
    """'2019-02-05' (or a YAML date), '2019-02' and '2019' with their precision."""
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    for pattern, precision in (
        (r"^(\d{4})-(\d{2})-(\d{2})$", DatePrecision.DAY),
        (r"^(\d{4})-(\d{2})$", DatePrecision.MONTH),
        (r"^(\d{4})$", DatePrecision.YEAR),
    ):
        match = re.match(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()] + [1, 1]
            return datetime.date(parts[0], parts[1], parts[2]), precision
    raise ValueError(f"“{value}” is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


class _Checker:
    """Collects every error in the data, each with its file and path."""

    def __init__(self):
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def required(self, record, key: str, where: str):
        value = record.get(key) if isinstance(record, dict) else None
        if value in (None, ""):
            self.error(where, f"“{key}” is required")
        return value

    def choice(self, value, allowed, where: str, what: str) -> None:
        if value not in allowed:
            self.error(where, f"unknown {what} “{value}” (expected one of: {', '.join(allowed)})")


@dataclass
class DemoData:
    region: dict
    population: dict
    organisations: list[dict]
    people: list[dict]
    overview: dict
    users: list[dict]


def read_demo_data(data_dir: Path = DATA_DIR) -> DemoData:
    data = DemoData(
        region=_read(data_dir / "region.yaml") or {},
        population=_read(data_dir / "population.yaml") or {},
        organisations=(_read(data_dir / "organisations.yaml") or {}).get("organisations", []),
        people=(_read(data_dir / "people.yaml") or {}).get("people", []),
        overview=_read(data_dir / "overview_2019-H2.yaml") or {},
        users=(_read(data_dir / "users.yaml") or {}).get("users", []),
    )
    check_demo_data(data)
    return data


def check_demo_data(data: DemoData) -> None:
    c = _Checker()
    municipalities = {m.get("slug") for m in data.region.get("municipalities", [])}
    pillars = {p.get("slug") for p in data.region.get("pillars", [])}
    themes = {t.get("slug") for t in data.region.get("themes", [])}
    for key in ("region", "programme", "municipalities", "pillars"):
        c.required(data.region, key, "region.yaml")

    for i, fig in enumerate(data.population.get("figures", [])):
        where = f"population.yaml: figures[{i}]"
        c.choice(fig.get("municipality"), sorted(municipalities), where, "municipality")
        if not isinstance(fig.get("year"), int):
            c.error(where, "“year” must be a whole number")
        if not isinstance(fig.get("inhabitants"), int) or fig.get("inhabitants", 0) <= 0:
            c.error(where, "“inhabitants” must be a whole number above zero")

    org_slugs = set()
    for i, org in enumerate(data.organisations):
        where = f"organisations.yaml: organisations[{i}]"
        slug = c.required(org, "slug", where)
        c.required(org, "name", where)
        if slug in org_slugs:
            c.error(where, f"duplicate slug “{slug}”")
        org_slugs.add(slug)
        c.choice(org.get("helix"), HelixSide.values, where, "helix side")
        if org.get("municipality") is not None:
            c.choice(org.get("municipality"), sorted(municipalities), where, "municipality")

    people = set()
    for i, person in enumerate(data.people):
        where = f"people.yaml: people[{i}]"
        name = c.required(person, "name", where)
        if name in people:
            c.error(where, f"duplicate person “{name}”")
        people.add(name)
        if person.get("organisation") is not None:
            c.choice(person.get("organisation"), sorted(org_slugs), where, "organisation")

    for i, user in enumerate(data.users):
        where = f"users.yaml: users[{i}]"
        c.required(user, "username", where)
        c.choice(user.get("person"), sorted(people), where, "person")
        for group in user.get("groups", []):
            c.choice(group, [PROGRAMME_OFFICE_GROUP, STEERING_GROUP_GROUP], where, "group")

    overview = data.overview
    try:
        parse_period_label(str(overview.get("period", "")))
    except ValueError as exc:
        c.error("overview_2019-H2.yaml: period", str(exc))
    slugs = set()
    for i, project in enumerate(overview.get("projects", [])):
        where = f"overview_2019-H2.yaml: projects[{i}] ({project.get('slug', '?')})"
        slug = c.required(project, "slug", where)
        c.required(project, "name", where)
        if slug in slugs:
            c.error(where, f"duplicate slug “{slug}”")
        slugs.add(slug)
        if project.get("phase") is not None:
            c.choice(project.get("phase"), Phase.values, f"{where}.phase", "phase")
        for pillar in project.get("pillars") or []:
            c.choice(pillar, sorted(pillars), f"{where}.pillars", "pillar")
        for theme in project.get("themes") or []:
            c.choice(theme, sorted(themes), f"{where}.themes", "theme")
        lines = {str(line.get("code")) for line in project.get("lines_of_action") or []}
        for j, role in enumerate(project.get("roles") or []):
            rwhere = f"{where}.roles[{j}]"
            c.choice(role.get("kind"), RoleKind.values, rwhere, "role")
            if role.get("person") is not None:
                c.choice(role.get("person"), sorted(people), rwhere, "person")
            if role.get("organisation") is not None:
                c.choice(role.get("organisation"), sorted(org_slugs), rwhere, "organisation")
            if not (role.get("person") or role.get("organisation") or role.get("label")):
                c.error(rwhere, "a role needs a person, an organisation or a label")
            if role.get("line_of_action") is not None:
                c.choice(str(role["line_of_action"]), sorted(lines), rwhere, "line of action")
            for key in ("starts_on", "ends_on"):
                if role.get(key) is not None and not isinstance(role[key], datetime.date):
                    c.error(rwhere, f"“{key}” must be a date (YYYY-MM-DD)")
        card = project.get("card")
        if card:
            _check_card(c, card, f"{where}.card", people)
        for j, line in enumerate(project.get("budget_lines") or []):
            bwhere = f"{where}.budget_lines[{j}]"
            c.required(line, "description", bwhere)
            try:
                if Decimal(str(line.get("amount"))) < 0:
                    c.error(bwhere, "“amount” must not be negative")
            except InvalidOperation:
                c.error(bwhere, f"“amount” is not a number: “{line.get('amount')}”")
            c.choice(line.get("allocation"), AllocationKey.values, bwhere, "allocation key")
            for slug_ in line.get("municipalities") or []:
                c.choice(slug_, sorted(municipalities), bwhere, "municipality")
            if line.get("funder") is not None:
                c.choice(line.get("funder"), sorted(org_slugs), bwhere, "funder")
    if c.errors:
        raise DemoDataError(c.errors)


def _check_card(c: _Checker, card: dict, where: str, people: set[str]) -> None:
    c.choice(card.get("status_light", StatusLight.NOT_SET), StatusLight.values, where, "status")
    quote = card.get("quote")
    if quote:
        c.required(quote, "text", f"{where}.quote")
        if quote.get("person") is not None:
            c.choice(quote["person"], sorted(people), f"{where}.quote", "person")
    for key in card.get("sections") or {}:
        c.choice(key, CARD_SECTION_KEYS, f"{where}.sections", "section")
    for j, section in enumerate(card.get("extra_sections") or []):
        if not (section.get("heading") or section.get("body")):
            c.error(f"{where}.extra_sections[{j}]", "a section needs a heading or a body")
    for j, milestone in enumerate(card.get("milestones") or []):
        mwhere = f"{where}.milestones[{j}]"
        c.required(milestone, "title", mwhere)
        try:
            parse_partial_date(milestone.get("date"))
        except ValueError as exc:
            c.error(mwhere, str(exc))
    for j, result in enumerate(card.get("results") or []):
        rwhere = f"{where}.results[{j}]"
        c.required(result, "label", rwhere)
        c.required(result, "unit", rwhere)
        try:
            Decimal(str(result.get("value")))
        except InvalidOperation:
            c.error(rwhere, f"“value” is not a number: “{result.get('value')}”")
    for j, risk in enumerate(card.get("risk_items") or []):
        rwhere = f"{where}.risk_items[{j}]"
        c.required(risk, "description", rwhere)
        for key in ("likelihood", "impact"):
            if risk.get(key) is not None:
                c.choice(risk[key], Level.values, rwhere, key)


# --- Writing -------------------------------------------------------------------------------


def load_demo(data_dir: Path = DATA_DIR) -> LoadReport:
    data = read_demo_data(data_dir)
    report = LoadReport()
    with transaction.atomic():
        programme, municipalities = _load_region(data, report)
        load_monitor_demo(programme)
        organisations = _load_organisations(data, municipalities)
        people = _load_people(data, organisations)
        _load_users(data, people, report)
        period = _load_portfolio(data, programme, municipalities, organisations, people, report)
        _load_edition(data, programme, period, report)
        # The other domains' demo data, each from its own app (network before events and
        # the forum, which refer to its organisations). The apps are handed the demo's
        # password and its organisations: they never import the demo.
        organisation_slugs = [org["slug"] for org in data.organisations]
        for load_app_demo in (
            load_governance_demo,
            partial(
                load_network_demo, password=DEMO_PASSWORD, organisation_slugs=organisation_slugs
            ),
            partial(load_events_demo, password=DEMO_PASSWORD),
            partial(load_forum_demo, password=DEMO_PASSWORD),
            partial(load_skills_demo, password=DEMO_PASSWORD),
        ):
            for what, count in load_app_demo(programme).items():
                if count:
                    report.created[what] = report.created.get(what, 0) + count
    return report


def _load_region(data: DemoData, report: LoadReport):
    region_data = data.region["region"]
    with _refused_at("region.yaml: region"):
        region = programme_services.region_upsert(actor=None, **region_data)
    municipalities = {}
    for i, m in enumerate(data.region["municipalities"]):
        with _refused_at(f"region.yaml: municipalities[{i}]"):
            municipalities[m["slug"]] = programme_services.municipality_upsert(
                actor=None, region=region, **m
            )
    source = data.population.get("source", {})
    for i, fig in enumerate(data.population.get("figures", [])):
        with _refused_at(f"population.yaml: figures[{i}]"):
            programme_services.population_figure_upsert(
                actor=None,
                municipality=municipalities[fig["municipality"]],
                year=fig["year"],
                inhabitants=fig["inhabitants"],
                source=source.get("name", "CBS"),
                source_url=source.get("url", ""),
            )
    with _refused_at("region.yaml: programme"):
        programme = programme_services.programme_upsert(
            actor=None, region=region, **data.region["programme"]
        )
    for i, pillar in enumerate(data.region["pillars"]):
        with _refused_at(f"region.yaml: pillars[{i}]"):
            programme_services.pillar_upsert(actor=None, programme=programme, **pillar)
    for i, theme in enumerate(data.region.get("themes", [])):
        with _refused_at(f"region.yaml: themes[{i}]"):
            programme_services.theme_upsert(actor=None, programme=programme, **theme)
    return programme, municipalities


def _load_organisations(data: DemoData, municipalities) -> dict[str, Organisation]:
    organisations = {}
    for i, org in enumerate(data.organisations):
        with _refused_at(f"organisations.yaml: organisations[{i}]"):
            organisations[org["slug"]] = programme_services.organisation_upsert(
                actor=None,
                slug=org["slug"],
                name=org["name"],
                helix=org["helix"],
                municipality=municipalities.get(org.get("municipality")),
                website=org.get("website") or "",
            )
    return organisations


def _load_people(data: DemoData, organisations) -> dict[str, Person]:
    people = {}
    for i, person in enumerate(data.people):
        with _refused_at(f"people.yaml: people[{i}]"):
            people[person["name"]] = programme_services.person_upsert(
                actor=None,
                slug=slugify(person["name"]),
                name=person["name"],
                organisation=organisations.get(person.get("organisation")),
                job_title=person.get("job_title") or "",
            )
    return people


def _load_users(data: DemoData, people, report: LoadReport) -> None:
    programme_services.role_groups_ensure()
    user_model = get_user_model()
    for entry in data.users:
        user = user_model.objects.filter(username=entry["username"]).first()
        if user is None:
            user = user_model.objects.create_user(
                username=entry["username"], email=entry.get("email", ""), password=DEMO_PASSWORD
            )
            person = people[entry["person"]]
            name_parts = person.name.split(" ", 1)
            user.first_name, user.last_name = name_parts[0], (name_parts[1:] or [""])[0]
            user.save(update_fields=["first_name", "last_name"])
            report.count("users")
        for group_name in entry.get("groups", []):
            user.groups.add(Group.objects.get(name=group_name))
        if PROGRAMME_OFFICE_GROUP in entry.get("groups", []) and not user.is_staff:
            user.is_staff = True  # the office keeps the reference data in the admin
            user.save(update_fields=["is_staff"])
        programme_services.person_link_user(actor=None, person=people[entry["person"]], user=user)
        report.users.append(entry["username"])


def _load_portfolio(data, programme, municipalities, organisations, people, report) -> None:
    overview = data.overview
    half_year = parse_period_label(overview["period"])
    new_projects = []
    for i, entry in enumerate(overview["projects"]):
        if Project.objects.filter(slug=entry["slug"]).exists():
            continue
        with _refused_at(f"overview_2019-H2.yaml: projects[{i}] ({entry['slug']})"):
            project = portfolio.project_create(
                programme=programme,
                actor=None,
                name=entry["name"],
                slug=entry["slug"],
                phase=entry.get("phase") or "",
                short_description=entry.get("short_description") or "",
                urgency=(entry.get("card") or {}).get("sections", {}).get("urgency") or "",
                assignment=(entry.get("card") or {}).get("sections", {}).get("assignment") or "",
                pillars=programme.pillars.filter(slug__in=entry.get("pillars") or []),
                themes=programme.themes.filter(slug__in=entry.get("themes") or []),
                phase_date=OVERVIEW_DATE,
                phase_reason="Fase volgens het Projectenoverzicht van november 2019",
            )
            _load_roles(project, entry, organisations, people)
        new_projects.append((project, entry))
        report.count("projects")

    period = ReportingPeriod.objects.filter(
        programme=programme, year=half_year.year, half=half_year.half
    ).first()
    if period is None:
        period = portfolio.period_open(programme=programme, actor=None, label=half_year.label)
        report.count("periods")

    for i, entry in enumerate(overview["projects"]):
        if not entry.get("card"):
            continue
        where = f"overview_2019-H2.yaml: projects[{i}] ({entry['slug']})"
        project = Project.objects.get(slug=entry["slug"])
        card = ProjectCard.objects.filter(project=project, period=period).first()
        if card is not None and card.status == CardStatus.PUBLISHED:
            continue  # loaded before: keep it as it is
        with _refused_at(f"{where}.card"):
            if card is None:
                card = portfolio.card_create(project=project, period=period, actor=None)
            portfolio.card_update(
                card=card,
                actor=None,
                content=_card_content(entry["card"], people),
                expected_version=card.version,
            )
        for j, line in enumerate(entry.get("budget_lines") or []):
            with _refused_at(f"{where}.budget_lines[{j}]"):
                _load_budget_line(project, period, line, municipalities, organisations, half_year)
        portfolio.card_submit(card=card, actor=None)
        portfolio.card_approve(card=card, actor=None)
        portfolio.card_publish(card=card, actor=None, published_at=OVERVIEW_PUBLISHED_AT)
        report.count("cards")
    return period


def _load_edition(data: DemoData, programme, period, report: LoadReport) -> None:
    """The foreword and the printed edition of the overview, issued as it was in 2019."""
    foreword = data.overview.get("foreword")
    if foreword and not Foreword.objects.filter(period=period).exists():
        with _refused_at("overview_2019-H2.yaml: foreword"):
            publications.foreword_save(
                period=period,
                actor=None,
                text=foreword.get("text") or "",
                author_name=foreword.get("author") or "",
                author_title=foreword.get("author_title") or "",
            )
    if not Edition.objects.filter(period=period).exists():
        publications.edition_issue(
            programme=programme,
            period=period,
            actor=None,
            title=data.overview.get("edition_title") or "",
            issued_on=OVERVIEW_DATE,
        )
        report.count("editions")


def _load_roles(project, entry, organisations, people) -> None:
    lines = {
        str(line["code"]): portfolio.line_of_action_create(
            project=project, actor=None, code=str(line["code"]), name=line["name"]
        )
        for line in entry.get("lines_of_action") or []
    }
    for role in entry.get("roles") or []:
        portfolio.role_assign(
            project=project,
            actor=None,
            kind=role["kind"],
            person=people.get(role.get("person")),
            organisation=organisations.get(role.get("organisation")),
            label=role.get("label") or "",
            title=role.get("title") or "",
            line_of_action=lines.get(str(role.get("line_of_action"))),
            starts_on=role.get("starts_on"),
            ends_on=role.get("ends_on"),
            note=role.get("note") or "",
        )


def _card_content(card: dict, people) -> portfolio.CardContent:
    quote = card.get("quote") or {}
    milestones = []
    for milestone in card.get("milestones") or []:
        date, precision = parse_partial_date(milestone["date"])
        milestones.append(
            {
                "date": date,
                "date_precision": precision,
                "date_note": milestone.get("date_note") or "",
                "title": milestone["title"],
                "text": milestone.get("text") or "",
                "links": [
                    {"label": link.get("label", ""), "url": link.get("url") or ""}
                    for link in milestone.get("links") or []
                ],
            }
        )
    return portfolio.CardContent(
        sections={key: value or "" for key, value in (card.get("sections") or {}).items()},
        extra_sections=[
            {"heading": s.get("heading") or "", "body": s.get("body") or ""}
            for s in card.get("extra_sections") or []
        ],
        section_layout=[
            {"key": entry["key"], "heading": entry.get("heading") or ""}
            for entry in card.get("layout") or []
        ],
        status_light=card.get("status_light") or StatusLight.NOT_SET,
        quote_text=quote.get("text") or "",
        quote_person=people.get(quote.get("person")),
        quote_attribution=quote.get("attribution") or "",
        milestones=milestones,
        results=[
            {
                "label": r["label"],
                "value": Decimal(str(r["value"])),
                "as_printed": r.get("as_printed") or "",
                "unit": r["unit"],
                "date": parse_partial_date(r["date"])[0] if r.get("date") else None,
                "note": r.get("note") or "",
            }
            for r in card.get("results") or []
        ],
        risk_items=[
            {
                "description": r["description"],
                "likelihood": r.get("likelihood") or "",
                "impact": r.get("impact") or "",
                "mitigation": r.get("mitigation") or "",
            }
            for r in card.get("risk_items") or []
        ],
    )


def _load_budget_line(project, period, line, municipalities, organisations, half_year) -> None:
    portfolio.budget_line_create(
        project=project,
        period=period,
        actor=None,
        description=line["description"],
        amount=Decimal(str(line["amount"])),
        allocation_key=line["allocation"],
        municipalities=[municipalities[s] for s in line.get("municipalities") or []],
        funder=organisations.get(line.get("funder")),
        population_year=line.get("population_year") or half_year.year,
        note=line.get("note") or "",
    )
