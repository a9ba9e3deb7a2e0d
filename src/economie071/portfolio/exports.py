"""The portfolio as plain data: for the export command, the read API and other readers.

Only reads. Every function returns dicts and lists of JSON-ready values, plus dates,
datetimes and Decimals, which `DjangoJSONEncoder` or an API serializer formats. Amounts of
money and other decimal figures are Decimals quantized to cents, so they print with two
decimals ("192000.00"). Keys are snake_case; the API's serializers give them their
camelCase names.

A card is always shown from one of its revisions (an immutable snapshot), never from the
working copy: the published revision for readers, the latest revision for those who may
see the working state.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from economie071.portfolio.constants import RoleKind, StatusLight
from economie071.portfolio.models import CardRevision, Project, ProjectCard, ReportingPeriod, Role
from economie071.portfolio.periods import HalfYear
from economie071.portfolio.selectors import (
    budget_allocation,
    budget_lines,
    card_sections,
    cards_with_revision_ids,
    with_project_structure,
)
from economie071.programme.models import Programme

CENT = Decimal("0.01")


def cents(value) -> Decimal | None:
    """A decimal figure with exactly two decimals; None when there is no (valid) figure."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(CENT)
    except InvalidOperation:
        return None


def ref_data(obj) -> dict | None:
    """A reference to something with a slug: {"slug", "name"}."""
    return {"slug": obj.slug, "name": obj.name} if obj is not None else None


def _kind_label(kind: str) -> str:
    return str(RoleKind(kind).label) if kind in RoleKind.values else kind


# --- Projects ------------------------------------------------------------------------------


def role_data(role: Role) -> dict:
    """Someone's role in a project as it stands now (person and organisation with slugs)."""
    return {
        "kind": role.kind,
        "kind_label": _kind_label(role.kind),
        "holder": role.holder_name,
        "person": ref_data(role.person),
        "organisation": ref_data(role.organisation),
        "label": role.label,
        "title": role.title,
        "line_of_action": role.line_of_action.code if role.line_of_action else None,
        "starts_on": role.starts_on,
        "ends_on": role.ends_on,
        "note": role.note,
    }


def project_data(project: Project) -> dict:
    """A project with its phase, pillars, themes, lines of action and roles.

    Expects the relations prefetched (selectors.with_project_structure): no queries then.
    """
    return {
        "slug": project.slug,
        "name": project.name,
        "short_description": project.short_description,
        "phase": project.phase,
        "phase_label": str(project.get_phase_display()) if project.phase else "",
        "pillars": [ref_data(p) for p in project.pillars.all()],
        "themes": [ref_data(t) for t in project.themes.all()],
        "lines_of_action": [
            {"code": line.code, "name": line.name} for line in project.lines_of_action.all()
        ],
        "roles": [role_data(role) for role in _in_card_order(project.roles.all())],
    }


def _in_card_order(roles) -> list[Role]:
    """Roles in the order the card prints the project structure (sponsor first)."""
    rank = {kind: index for index, kind in enumerate(RoleKind.values)}
    return sorted(roles, key=lambda role: (rank.get(role.kind, len(rank)), role.order, role.id))


# --- Cards ---------------------------------------------------------------------------------


def _links(links) -> list[dict]:
    return [
        {"label": str(link.get("label", "")), "url": str(link.get("url", ""))}
        for link in links or []
        if isinstance(link, dict)
    ]


def card_data(revision: CardRevision, *, status: str | None = None) -> dict:
    """A card as one of its revisions shows it.

    `status` is the card's place in the reporting round to show; by default the revision's
    own (for a published revision: published). Pass the working copy's status only to
    those who may see the working state. Expects revision.card.project and .period loaded.
    """
    snapshot = revision.snapshot or {}
    card = revision.card
    quote = snapshot.get("quote") or {}
    return {
        "id": card.pk,
        "project": ref_data(card.project),
        "period": card.period.label,
        "status": status or revision.status,
        "published": revision.published,
        "revision": revision.number,
        "revised_at": revision.created_at,
        "phase": snapshot.get("phase", ""),
        "phase_label": snapshot.get("phase_label", ""),
        "status_light": snapshot.get("status_light") or StatusLight.NOT_SET,
        "sections": [
            {"key": s["key"], "heading": str(s["heading"]), "body": s["body"]}
            for s in card_sections(snapshot=snapshot)
        ],
        "quote": {
            "text": quote.get("text", ""),
            "person": quote.get("person", ""),
            "attribution": quote.get("attribution", ""),
        },
        "milestones": [
            {
                "date": m.get("date"),
                "date_precision": m.get("date_precision", "day"),
                "title": m.get("title", ""),
                "text": m.get("text", ""),
                "links": _links(m.get("links")),
            }
            for m in snapshot.get("milestones", [])
        ],
        "results": [
            {
                "label": r.get("label", ""),
                "value": cents(r.get("value")),
                "unit": r.get("unit", ""),
                "date": r.get("date"),
                "note": r.get("note", ""),
            }
            for r in snapshot.get("results", [])
        ],
        "risks": [
            {
                "description": r.get("description", ""),
                "likelihood": r.get("likelihood", ""),
                "impact": r.get("impact", ""),
                "mitigation": r.get("mitigation", ""),
            }
            for r in snapshot.get("risk_items", [])
        ],
        # The project structure as the card printed it: names, not references.
        "roles": [
            {
                "kind": r.get("kind", ""),
                "kind_label": _kind_label(r.get("kind", "")),
                "person": r.get("person", ""),
                "organisation": r.get("organisation", ""),
                "label": r.get("label", ""),
                "title": r.get("title", ""),
                "line_of_action": r.get("line_of_action", ""),
                "starts_on": r.get("starts_on"),
                "ends_on": r.get("ends_on"),
                "note": r.get("note", ""),
            }
            for r in snapshot.get("roles", [])
        ],
    }


# --- Budgets -------------------------------------------------------------------------------


def budget_line_data(line) -> dict:
    """A budget line and each party's share of it (selectors.budget_allocation)."""
    allocation = budget_allocation(line=line)
    return {
        "description": line.description,
        "amount": cents(line.amount),
        "funder": ref_data(line.funder),
        "allocation_key": line.allocation_key,
        "allocation_key_label": str(line.get_allocation_key_display()),
        "population_year": line.population_year,
        "note": line.note,
        # taken over from the previous half year and not yet confirmed by the office
        "carried_over_from": line.carried_over_from.period.label
        if line.carried_over_from
        else None,
        "allocation": [
            {
                "municipality": row.municipality.slug if row.municipality else None,
                "party": row.party,
                "basis": row.basis,
                "amount": cents(row.amount),
            }
            for row in allocation.rows
        ],
        "allocation_error": allocation.error or None,
    }


# --- The whole portfolio -------------------------------------------------------------------


def _period_cards(period: ReportingPeriod) -> dict[int, dict]:
    """Per project id the card of the period: its published revision, else its latest."""
    cards = cards_with_revision_ids(cards=ProjectCard.objects.filter(period=period))
    shown = {
        card.pk: (card.published_revision_id or card.latest_revision_id, card.status)
        for card in cards
    }
    revisions = CardRevision.objects.select_related("card__project", "card__period").in_bulk(
        [revision_id for revision_id, _status in shown.values() if revision_id]
    )
    result = {}
    for revision_id, status in shown.values():
        if revision_id in revisions:
            revision = revisions[revision_id]
            result[revision.card.project_id] = card_data(revision, status=status)
    return result


def _partners(project: Project, period: ReportingPeriod | None) -> list[str]:
    """Names of the partners, leaving out those who had left before the period began."""
    starts_on = HalfYear(period.year, period.half).starts_on if period else None
    return [
        role.holder_name
        for role in _in_card_order(project.roles.all())
        if role.kind == RoleKind.PARTNER
        and not (starts_on and role.ends_on and role.ends_on < starts_on)
    ]


def portfolio_export(programme: Programme, period: ReportingPeriod | None) -> dict:
    """The programme and every project with its structure, budget and card of `period`.

    Without a period (none opened yet) there are no budget lines or cards to show.
    """
    projects = with_project_structure(
        projects=Project.objects.filter(programme=programme)
    ).order_by("name")
    lines_by_project: dict[int, list[dict]] = defaultdict(list)
    cards_by_project: dict[int, dict] = {}
    if period is not None:
        for line in budget_lines(programme=programme, period=period):
            lines_by_project[line.project_id].append(budget_line_data(line))
        cards_by_project = _period_cards(period)
    return {
        "programme": {
            "slug": programme.slug,
            "name": programme.name,
            "tagline": programme.tagline,
            "description": programme.description,
            "region": ref_data(programme.region),
            "pillars": [
                {
                    "slug": p.slug,
                    "number": p.number,
                    "name": p.name,
                    "subtitle": p.subtitle,
                    "colour": p.colour,
                }
                for p in programme.pillars.order_by("number")
            ],
            "themes": [ref_data(t) for t in programme.themes.order_by("order", "name")],
        },
        "period": (
            {
                "label": period.label,
                "status": period.status,
                "deadline": period.deadline,
            }
            if period is not None
            else None
        ),
        "projects": [
            {
                **project_data(project),
                "partners": _partners(project, period),
                "budget_lines": lines_by_project.get(project.pk, []),
                "card": cards_by_project.get(project.pk),
            }
            for project in projects
        ],
    }
