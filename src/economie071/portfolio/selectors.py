"""Reads of the portfolio for views, the API and exports."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.core.allocation import allocate
from economie071.core.groups import PROGRAMME_OFFICE_GROUP
from economie071.portfolio import permissions
from economie071.portfolio.constants import (
    CARD_SECTION_KEYS,
    CARD_SECTIONS,
    AllocationKey,
    CardStatus,
    Phase,
    RoleKind,
)
from economie071.portfolio.diffing import snapshot_changes
from economie071.portfolio.models import (
    BudgetLine,
    CardRevision,
    PhaseChange,
    Project,
    ProjectCard,
    ReportingPeriod,
    Role,
)
from economie071.portfolio.snapshots import (
    SNAPSHOT_LABELS,
    SNAPSHOT_VALUE_LABELS,
    card_snapshot,
    content_snapshot,
)
from economie071.programme.models import Municipality, Pillar, Programme, Theme

if TYPE_CHECKING:  # selectors do not use the services at run time
    from economie071.portfolio.services import CardContent


def programme_office_emails() -> list[str]:
    users = get_user_model().objects.filter(
        Q(groups__name=PROGRAMME_OFFICE_GROUP) | Q(is_superuser=True), is_active=True
    )
    return sorted({u.email for u in users if u.email})


def project_leader_emails(*, project: Project) -> list[str]:
    today = timezone.localdate()
    roles = (
        Role.objects.filter(
            project=project, kind=RoleKind.PROJECT_LEADER, person__user__isnull=False
        )
        .exclude(ends_on__lt=today)
        .select_related("person__user")
    )
    return sorted({r.person.user.email for r in roles if r.person.user.email})


# --- Projects ------------------------------------------------------------------------------


def projects_with_relations(*, programme: Programme) -> QuerySet[Project]:
    return Project.objects.filter(programme=programme).prefetch_related("pillars", "themes")


@dataclass
class ProjectFilters:
    q: str = ""
    pillar: str = ""
    theme: str = ""
    phase: str = ""
    municipality: str = ""
    organisation: str = ""
    person: str = ""


def project_search(
    *, programme: Programme, filters: ProjectFilters, include_unpublished: bool = False
) -> QuerySet[Project]:
    """Portfolio search: free text plus filters by pillar, theme, phase and who is involved.

    The text search looks into card text too; unless the searcher may read unpublished
    cards, only into cards whose text is published (a published card's working copy is
    its published text), so a search hit never gives away a draft.
    """
    qs = projects_with_relations(programme=programme)
    if filters.q:
        in_cards = Q()
        for key in CARD_SECTION_KEYS:
            in_cards |= Q(**{f"cards__{key}__icontains": filters.q})
        if not include_unpublished:
            in_cards &= Q(cards__status=CardStatus.PUBLISHED)
        qs = qs.filter(
            Q(name__icontains=filters.q) | Q(short_description__icontains=filters.q) | in_cards
        )
    if filters.pillar:
        qs = qs.filter(pillars__slug=filters.pillar)
    if filters.theme:
        qs = qs.filter(themes__slug=filters.theme)
    if filters.phase:
        qs = qs.filter(phase="" if filters.phase == "none" else filters.phase)
    if filters.municipality:
        qs = qs.filter(
            Q(roles__organisation__municipality__slug=filters.municipality)
            | Q(budget_lines__municipalities__slug=filters.municipality)
        )
    if filters.organisation:
        qs = qs.filter(
            Q(roles__organisation__slug=filters.organisation)
            | Q(roles__person__organisation__slug=filters.organisation)
        )
    if filters.person:
        qs = qs.filter(roles__person__slug=filters.person)
    return qs.distinct().order_by("name")


def pillars_with_projects(*, programme: Programme) -> QuerySet[Pillar]:
    """The home page: each pillar with its projects, like the overview's first page."""
    projects = Project.objects.order_by("name")
    return programme.pillars.prefetch_related(Prefetch("projects", queryset=projects))


def themes_with_projects(*, programme: Programme) -> QuerySet[Theme]:
    projects = Project.objects.order_by("name")
    return programme.themes.prefetch_related(Prefetch("projects", queryset=projects))


def project_roles(*, project: Project) -> list[Role]:
    return list(
        project.roles.select_related("person", "organisation", "line_of_action").order_by(
            "kind", "order", "id"
        )
    )


def phase_history(*, project: Project) -> QuerySet[PhaseChange]:
    return project.phase_changes.select_related("actor").order_by("date", "recorded_at")


# --- Cards ---------------------------------------------------------------------------------


def latest_published_revision(*, project: Project) -> CardRevision | None:
    return (
        CardRevision.objects.filter(card__project=project, published=True)
        .select_related("card__period")
        .order_by("-card__period__year", "-card__period__half", "-number")
        .first()
    )


def published_revisions(*, programme: Programme) -> QuerySet[CardRevision]:
    """For each published card its latest published revision (what the public reads)."""
    latest_ids = {}
    rows = (
        CardRevision.objects.filter(published=True, card__project__programme=programme)
        .order_by("card_id", "number")
        .values_list("card_id", "id")
    )
    for card_id, revision_id in rows:
        latest_ids[card_id] = revision_id
    return (
        CardRevision.objects.filter(id__in=latest_ids.values())
        .select_related("card__project", "card__period")
        .order_by("-card__period__year", "-card__period__half", "card__project__name")
    )


def card_for_user(*, user: User | AnonymousUser | None, card_id: int) -> ProjectCard | None:
    card = (
        ProjectCard.objects.select_related("project__programme", "period", "quote_person")
        .filter(pk=card_id)
        .first()
    )
    if card is None or not permissions.can_view_card(user, card):
        return None
    return card


def card_revisions(*, card: ProjectCard) -> QuerySet[CardRevision]:
    return card.revisions.select_related("created_by").order_by("-number")


def previous_period_revision(*, card: ProjectCard) -> CardRevision | None:
    """The last published revision of the same project in an earlier period."""
    return (
        CardRevision.objects.filter(card__project=card.project, published=True)
        .filter(
            Q(card__period__year__lt=card.period.year)
            | Q(card__period__year=card.period.year, card__period__half__lt=card.period.half)
        )
        .order_by("-card__period__year", "-card__period__half", "-number")
        .first()
    )


def card_unsaved_changes(*, card: ProjectCard, content: "CardContent") -> list[dict]:
    """What differs between the card as saved and `content` (a services.CardContent), text
    someone could not save because another person saved first: shown beside their text, so
    they can bring the two together. Only the text can differ; the rest is the saved card's."""
    saved = card_snapshot(card)
    return snapshot_changes(
        saved, {**saved, **content_snapshot(content)}, SNAPSHOT_LABELS, SNAPSHOT_VALUE_LABELS
    )


def card_preview(*, card: ProjectCard, content: "CardContent") -> dict:
    """The card as it will be printed with `content` (a services.CardContent) in place of
    its saved text, for the editor's preview: nothing is saved. The rest (project, phase,
    structure) is the saved card's."""
    saved = card_snapshot(card)
    return card_display(snapshot={**saved, **content_snapshot(content)})


def card_sections(*, snapshot: dict) -> list[dict]:
    """The card's text sections in the card's own order under its own headings.

    The template's questions in their fixed order, then the card's other sections, is the
    default; a card's `section_layout` puts its sections in the order it prints them and
    gives a template section the heading it prints ("Vooruitblik" for the next steps).
    Sections the layout does not name follow in the default order, so none is lost.
    """
    default = [
        {"key": key, "heading": str(label), "body": snapshot.get(key, "")}
        for key, label in CARD_SECTIONS
        if snapshot.get(key)
    ]
    default += [
        {"key": f"extra-{index}", "heading": s["heading"], "body": s.get("body", "")}
        for index, s in enumerate(snapshot.get("extra_sections", []), start=1)
    ]
    remaining = {section["key"]: section for section in default}
    ordered = []
    for entry in snapshot.get("section_layout") or []:
        section = remaining.pop(entry.get("key"), None)
        if section is None:
            continue
        if entry.get("heading"):
            section = {**section, "heading": entry["heading"]}
        ordered.append(section)
    return ordered + [section for section in default if section["key"] in remaining]


def card_display(*, snapshot: dict) -> dict:
    """What a card page needs from a snapshot: sections in order and roles by kind."""
    by_kind: dict[str, list] = {}
    for role in snapshot.get("roles", []):
        by_kind.setdefault(role["kind"], []).append(role)
    structure = [
        {"kind": kind, "label": label, "roles": by_kind[kind]}
        for kind, label in RoleKind.choices
        if kind in by_kind
    ]
    return {
        "snap": snapshot,
        "sections": card_sections(snapshot=snapshot),
        "structure": structure,
    }


def current_period(*, programme: Programme) -> ReportingPeriod | None:
    return programme.reporting_periods.order_by("-year", "-half").first()


def period_by_label(*, programme: Programme, label: str) -> ReportingPeriod | None:
    from economie071.portfolio.periods import parse_period_label

    half_year = parse_period_label(label)
    return programme.reporting_periods.filter(year=half_year.year, half=half_year.half).first()


def round_overview(*, period: ReportingPeriod) -> QuerySet[ProjectCard]:
    """The state of the reporting round: one row per card."""
    return (
        period.cards.select_related("project", "updated_by")
        .prefetch_related("project__pillars")
        .order_by("project__name")
    )


def round_counts(*, period: ReportingPeriod) -> dict[str, int]:
    counts = {status: 0 for status in CardStatus.values}
    for status in period.cards.values_list("status", flat=True):
        counts[status] += 1
    return counts


def phase_pillar_matrix(*, programme: Programme) -> dict:
    """How many projects per phase and pillar (a project in two pillars counts in both).

    Projects without a pillar get a column of their own, so every project is counted.
    """
    pillars = list(programme.pillars.all())
    counts: dict[tuple[str, int | None], int] = defaultdict(int)
    for phase, pillar_id in Project.objects.filter(programme=programme).values_list(
        "phase", "pillars"
    ):
        counts[(phase, pillar_id)] += 1
    columns = [p.id for p in pillars]
    without_pillar = any(pillar_id is None for _phase, pillar_id in counts)
    if without_pillar:
        columns.append(None)
    rows = []
    for value, label in [("", None), *Phase.choices]:
        cells = [counts.get((value, column), 0) for column in columns]
        if value or any(cells):
            rows.append({"phase": value, "label": label, "cells": cells, "total": sum(cells)})
    return {"pillars": pillars, "without_pillar": without_pillar, "rows": rows}


# --- Budgets -------------------------------------------------------------------------------


@dataclass
class AllocationRow:
    municipality: Municipality | None
    party: str
    basis: str  # inhabitants or share, as text
    amount: Decimal


@dataclass
class BudgetAllocation:
    line: BudgetLine
    rows: list[AllocationRow]
    error: str = ""


def budget_allocation(*, line: BudgetLine) -> BudgetAllocation:
    """Each municipality's share of a budget line in euros; the shares add up exactly."""
    if line.allocation_key == AllocationKey.SINGLE_FUNDER:
        funder = line.funder
        return BudgetAllocation(
            line,
            [
                AllocationRow(
                    funder.municipality if funder else None,
                    str(funder) if funder else "",
                    "100%",
                    line.amount,
                )
            ],
        )
    if line.allocation_key == AllocationKey.FIXED_SHARES:
        weights = {s.municipality: s.weight for s in line.shares.all()}
        bases = {m: f"{w.normalize()}" for m, w in weights.items()}
    else:
        municipalities = list(line.municipalities.all())
        year = line.population_year or line.period.year
        # Reuses the figures prefetched by budget_lines(); one query when called on its own.
        prefetch_related_objects(municipalities, "population_figures")
        figures = {
            f.municipality_id: f.inhabitants
            for m in municipalities
            for f in m.population_figures.all()
            if f.year == year
        }
        missing = [m.name for m in municipalities if m.id not in figures]
        if missing:
            return BudgetAllocation(
                line,
                [],
                _("No inhabitants figure for 1 January %(year)s: %(names)s.")
                % {"year": year, "names": ", ".join(missing)},
            )
        weights = {m: figures[m.id] for m in municipalities}
        bases = {m: f"{figures[m.id]}" for m in municipalities}
    if not weights:
        return BudgetAllocation(line, [], _("No municipalities to allocate to."))
    shares = allocate(line.amount, weights)
    rows = [
        AllocationRow(m, m.name, bases[m], shares[m]) for m in sorted(weights, key=lambda m: m.name)
    ]
    return BudgetAllocation(line, rows)


def budget_lines(
    *, programme: Programme, period: ReportingPeriod | None = None
) -> QuerySet[BudgetLine]:
    qs = (
        BudgetLine.objects.filter(project__programme=programme)
        .select_related("project", "period", "funder__municipality", "carried_over_from__period")
        .prefetch_related("municipalities__population_figures", "shares__municipality")
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs.order_by("project__name", "id")


def allocation_totals(*, allocations: list[BudgetAllocation]) -> list[tuple[str, Decimal]]:
    """Per municipality the sum of its shares over the given budget lines."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for allocation in allocations:
        for row in allocation.rows:
            totals[row.party] += row.amount
    return sorted(totals.items())


# --- The read API and exports --------------------------------------------------------------


def _roles_in_order() -> QuerySet[Role]:
    return Role.objects.select_related("person", "organisation", "line_of_action").order_by(
        "kind", "order", "id"
    )


def with_project_structure(*, projects: QuerySet[Project]) -> QuerySet[Project]:
    """Everything a project's representation needs, in a fixed number of queries."""
    return projects.prefetch_related(
        "pillars",
        "themes",
        "lines_of_action",
        Prefetch("roles", queryset=_roles_in_order()),
    )


def project_list(*, programme: Programme, filters: ProjectFilters) -> QuerySet[Project]:
    """The portfolio search with each project's pillars, themes, roles and lines of action."""
    return with_project_structure(projects=project_search(programme=programme, filters=filters))


def project_by_slug(*, programme: Programme, slug: str) -> Project | None:
    projects = Project.objects.filter(programme=programme, slug=slug)
    return with_project_structure(projects=projects).first()


def _latest_revision_id(*, published_only: bool) -> Subquery:
    revisions = CardRevision.objects.filter(card=OuterRef("pk"))
    if published_only:
        revisions = revisions.filter(published=True)
    return Subquery(revisions.order_by("-number").values("id")[:1])


def cards_with_revision_ids(*, cards: QuerySet[ProjectCard]) -> QuerySet[ProjectCard]:
    """Annotate each card with the id of its latest published revision and of its latest
    revision of all (the working state), both None when there is none."""
    return cards.annotate(
        published_revision_id=_latest_revision_id(published_only=True),
        latest_revision_id=_latest_revision_id(published_only=False),
    )


def card_revisions_visible(
    *,
    programme: Programme,
    user: User | AnonymousUser | None,
    include_unpublished: bool = False,
    period: ReportingPeriod | None = None,
    project: Project | None = None,
    card_id: int | None = None,
) -> QuerySet[CardRevision]:
    """Per card the one revision this user reads.

    That is the card's latest published revision; with `include_unpublished`, for the cards
    whose working copy the user may see (permissions.can_view_card), it is the card's latest
    revision, published or not. Cards with nothing to show are left out. Two queries at most
    for the permissions, then one query whatever the number of cards.
    """
    cards = ProjectCard.objects.filter(project__programme=programme)
    if period is not None:
        cards = cards.filter(period=period)
    if project is not None:
        cards = cards.filter(project=project)
    if card_id is not None:
        cards = cards.filter(pk=card_id)
    cards = cards_with_revision_ids(cards=cards)
    visible = F("published_revision_id")
    if include_unpublished:
        if permissions.can_read_unpublished(user):
            visible = F("latest_revision_id")
        elif led := permissions.led_project_ids(user):
            visible = Case(
                When(project_id__in=led, then=F("latest_revision_id")),
                default=F("published_revision_id"),
            )
    revision_ids = cards.annotate(visible_revision_id=visible).values("visible_revision_id")
    return (
        CardRevision.objects.filter(id__in=revision_ids)
        .select_related("card__project", "card__period")
        .order_by("-card__period__year", "-card__period__half", "card__project__name", "card_id")
    )
