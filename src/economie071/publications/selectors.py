"""Reads for the project overview: building an edition's content, finding editions, and
what changed between two editions."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation

from economie071.portfolio.constants import CARD_SECTIONS, CLOSED_PHASES, AllocationKey, Phase
from economie071.portfolio.diffing import snapshot_changes
from economie071.portfolio.models import CardRevision, Project, ReportingPeriod
from economie071.portfolio.selectors import budget_allocation, budget_lines
from economie071.programme.models import Programme
from economie071.publications.models import Edition, Foreword

EDITION_FORMAT = 1
PHASE_ORDER = {phase: index for index, phase in enumerate(Phase.values)}


def _published_cards(period: ReportingPeriod) -> dict[int, CardRevision]:
    """Per project, the latest published revision of its card in the period."""
    latest: dict[int, CardRevision] = {}
    revisions = (
        CardRevision.objects.filter(card__period=period, published=True)
        .select_related("card")
        .order_by("card_id", "number")
    )
    for revision in revisions:
        latest[revision.card.project_id] = revision
    return latest


def _population_source(line, allocation) -> str:
    """Where the inhabitants figures of an allocation by inhabitants come from."""
    if line.allocation_key != AllocationKey.BY_INHABITANTS:
        return ""
    year = line.population_year or line.period.year
    sources = {
        figure.source
        for row in allocation.rows
        if row.municipality
        # prefetched by budget_allocation: no query per municipality
        for figure in row.municipality.population_figures.all()
        if figure.year == year
    }
    return "; ".join(sorted(sources))


def _budget_data(line) -> dict:
    allocation = budget_allocation(line=line)
    return {
        "population_source": _population_source(line, allocation),
        "description": line.description,
        "amount": str(line.amount),
        "allocation_key": line.allocation_key,
        "allocation_label": str(AllocationKey(line.allocation_key).label),
        "population_year": (
            (line.population_year or line.period.year)
            if line.allocation_key == AllocationKey.BY_INHABITANTS
            else None
        ),
        "funder": str(line.funder) if line.funder else "",
        "rows": [
            {"party": row.party, "basis": str(row.basis), "amount": str(row.amount)}
            for row in allocation.rows
        ],
        "error": allocation.error,
    }


def edition_content(
    *,
    programme: Programme,
    period: ReportingPeriod,
    title: str,
    issued_on: datetime.date,
    version: int,
) -> dict:
    """Everything an edition shows, as plain data, frozen at this moment.

    Projects: those with a published card in the period, and every other project that is
    not completed or stopped (the overview page lists them by pillar). Ordered like the
    printed overview: by phase, then name. Labels are in the programme's language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        cards = _published_cards(period)
        projects = [
            project
            for project in Project.objects.filter(programme=programme).prefetch_related(
                "pillars", "themes"
            )
            if project.pk in cards or project.phase not in CLOSED_PHASES
        ]
        budgets: dict[int, list[dict]] = {}
        # a line carried over from the previous half year is printed once the office has
        # confirmed it for this one
        for line in budget_lines(programme=programme, period=period).filter(
            carried_over_from__isnull=True
        ):
            budgets.setdefault(line.project_id, []).append(_budget_data(line))

        def phase_of(project) -> str:
            revision = cards.get(project.pk)
            return revision.snapshot.get("phase", "") if revision else project.phase

        projects.sort(
            key=lambda p: (PHASE_ORDER.get(phase_of(p), len(PHASE_ORDER)), p.name.casefold())
        )
        project_data = []
        for project in projects:
            revision = cards.get(project.pk)
            card = None
            if revision is not None:
                card = {
                    **revision.snapshot,
                    "revision": revision.number,
                    "published_at": (
                        revision.card.published_at.isoformat()
                        if revision.card.published_at
                        else None
                    ),
                }
            phase = phase_of(project)
            project_data.append(
                {
                    "slug": project.slug,
                    "name": project.name,
                    "phase": phase,
                    "phase_label": str(Phase(phase).label) if phase else "",
                    "short_description": project.short_description,
                    "pillars": [p.slug for p in project.pillars.all()],
                    "themes": [t.slug for t in project.themes.all()],
                    "card": card,
                    "budget_lines": budgets.get(project.pk, []),
                }
            )
        foreword = Foreword.objects.filter(period=period).first()
        return {
            "format": EDITION_FORMAT,
            "programme": {
                "slug": programme.slug,
                "name": programme.name,
                "region": programme.region.name,
                "municipalities": [m.name for m in programme.region.municipalities.all()],
            },
            "period": period.label,
            "version": version,
            "title": title,
            "issued_on": issued_on.isoformat(),
            "foreword": (
                {
                    "text": foreword.text,
                    "author": foreword.author_name,
                    "author_title": foreword.author_title,
                }
                if foreword
                else None
            ),
            "pillars": [
                {
                    "slug": pillar.slug,
                    "number": pillar.number,
                    "name": pillar.name,
                    "subtitle": pillar.subtitle,
                    "colour": pillar.colour,
                    "projects": [p["slug"] for p in project_data if pillar.slug in p["pillars"]],
                }
                for pillar in programme.pillars.all()
            ],
            "themes": [
                {
                    "slug": theme.slug,
                    "name": theme.name,
                    "projects": [p["slug"] for p in project_data if theme.slug in p["themes"]],
                }
                for theme in programme.themes.all()
            ],
            "projects": project_data,
        }


def default_title(*, programme: Programme, issued_on: datetime.date) -> str:
    from django.utils.formats import date_format

    with translation.override(settings.LANGUAGE_CODE):
        month = date_format(issued_on, "F Y")
        return translation.gettext("Project overview %(programme)s %(month)s") % {
            "programme": programme.name,
            "month": month,
        }


# --- Finding editions ----------------------------------------------------------------------


def editions(*, programme: Programme) -> QuerySet[Edition]:
    return Edition.objects.filter(programme=programme).select_related("period")


def edition_latest_versions(*, programme: Programme) -> list[Edition]:
    """The newest version of each period's edition, newest period first."""
    latest: dict[int, Edition] = {}
    for edition in editions(programme=programme).order_by("period_id", "version"):
        latest[edition.period_id] = edition
    return sorted(latest.values(), key=lambda e: (e.period.year, e.period.half), reverse=True)


def edition_get(
    *, programme: Programme, period_label: str, version: int | None = None
) -> Edition | None:
    from economie071.portfolio.periods import parse_period_label

    try:
        half_year = parse_period_label(period_label)
    except ValueError:
        return None
    qs = editions(programme=programme).filter(
        period__year=half_year.year, period__half=half_year.half
    )
    if version is not None:
        return qs.filter(version=version).first()
    return qs.order_by("-version").first()


def edition_previous(*, edition: Edition) -> Edition | None:
    """The edition issued just before this one: an earlier version of the same period, or
    else the newest version of the latest earlier period."""
    period = edition.period
    return (
        editions(programme=edition.programme)
        .filter(
            Q(period=period, version__lt=edition.version)
            | Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__half__lt=period.half)
        )
        .order_by("-period__year", "-period__half", "-version")
        .first()
    )


# --- What changed --------------------------------------------------------------------------


def edition_changes(*, older: dict, newer: dict) -> dict:
    """What changed between two editions' contents, per project."""
    with translation.override(settings.LANGUAGE_CODE):
        section_labels = {
            "quote": translation.gettext("Quote"),
            **{key: str(label) for key, label in CARD_SECTIONS},
            "extra_sections": translation.gettext("Other sections"),
            "milestones": translation.gettext("Timeline"),
            "risk_items": translation.gettext("Risks"),
            "roles": translation.gettext("Project structure"),
        }
    before = {p["slug"]: p for p in older.get("projects", [])}
    after = {p["slug"]: p for p in newer.get("projects", [])}
    new = [after[slug] for slug in after if slug not in before]
    ended = [before[slug] for slug in before if slug not in after]
    ended += [
        after[slug]
        for slug in after
        if slug in before
        and after[slug]["phase"] in CLOSED_PHASES
        and before[slug]["phase"] not in CLOSED_PHASES
    ]
    ended_slugs = {project["slug"] for project in ended}
    changed = []
    for slug, project in after.items():
        if slug not in before or slug in ended_slugs:
            continue
        old = before[slug]
        old_card, new_card = old.get("card") or {}, project.get("card") or {}
        entry = {
            "project": project,
            "phase": (old["phase_label"], project["phase_label"])
            if old["phase"] != project["phase"]
            else None,
            "sections": snapshot_changes(old_card, new_card, section_labels)
            if old_card or new_card
            else [],
            "key_figures": _key_figure_changes(old_card, new_card),
        }
        if entry["phase"] or entry["sections"] or entry["key_figures"]:
            changed.append(entry)
    return {"new": new, "ended": ended, "changed": changed}


def _key_figure_changes(old_card: dict, new_card: dict) -> list[dict]:
    def figures(card):
        return {r["label"]: r for r in card.get("results", [])}

    old, new = figures(old_card), figures(new_card)
    changes = []
    for label in [*new, *(label for label in old if label not in new)]:
        a, b = old.get(label), new.get(label)
        if a is None or b is None or (a["value"], a["unit"]) != (b["value"], b["unit"]):
            changes.append({"label": label, "before": a, "after": b})
    return changes
