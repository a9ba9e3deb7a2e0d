"""A card as plain JSON-ready data: what revisions store and what readers are shown."""

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from economie071.portfolio.constants import CARD_SECTION_KEYS, CARD_SECTIONS, Phase, RoleKind
from economie071.portfolio.periods import HalfYear

# Snapshot keys shown when two versions are compared, in card order.
SNAPSHOT_LABELS: dict[str, str] = {
    "phase_label": _("Phase"),
    "status_light": _("Status light"),
    "quote": _("Quote"),
    **dict(CARD_SECTIONS),
    "extra_sections": _("Other sections"),
    "milestones": _("Milestones"),
    "results": _("Key figures"),
    "risk_items": _("Risks"),
    "roles": _("Project structure"),
}


def _number(value) -> str:
    """Decimals without trailing zeros: 25.00 -> '25', 5.90 -> '5.9'."""
    text = format(value.normalize(), "f") if value is not None else ""
    return text


def card_snapshot(card) -> dict:
    """The card as a document in the programme's own language (settings.LANGUAGE_CODE):
    labels stored in it read the same whoever made the snapshot, in whatever language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _card_snapshot(card)


def _card_snapshot(card) -> dict:
    project = card.project
    period = card.period
    starts_on = HalfYear(period.year, period.half).starts_on
    roles = (
        project.roles.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        .select_related("person", "organisation", "line_of_action")
        .order_by("kind", "order", "id")
    )
    role_order = {kind: index for index, kind in enumerate(RoleKind.values)}
    return {
        "project": {"slug": project.slug, "name": project.name},
        "period": period.label,
        "phase": project.phase,
        "phase_label": str(Phase(project.phase).label) if project.phase else "",
        "status_light": card.status_light,
        **{key: getattr(card, key) for key in CARD_SECTION_KEYS},
        "extra_sections": list(card.extra_sections),
        "quote": {
            "text": card.quote_text,
            "person": card.quote_person.name if card.quote_person else "",
            "attribution": card.quote_attribution,
        },
        "milestones": [
            {
                "date": m.date.isoformat(),
                "date_precision": m.date_precision,
                "title": m.title,
                "text": m.text,
                "links": m.links,
            }
            for m in card.milestones.all()
        ],
        "results": [
            {
                "label": r.label,
                "value": _number(r.value),
                "unit": r.unit,
                "date": r.date.isoformat() if r.date else None,
                "note": r.note,
            }
            for r in card.results.all()
        ],
        "risk_items": [
            {
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
            }
            for r in card.risk_items.all()
        ],
        "roles": [
            {
                "kind": role.kind,
                "person": role.person.name if role.person else "",
                "organisation": role.organisation.name if role.organisation else "",
                "label": role.label,
                "title": role.title,
                "line_of_action": (
                    f"{role.line_of_action.code}: {role.line_of_action.name}"
                    if role.line_of_action
                    else ""
                ),
                "starts_on": role.starts_on.isoformat() if role.starts_on else None,
                "ends_on": role.ends_on.isoformat() if role.ends_on else None,
                "note": role.note,
            }
            for role in sorted(roles, key=lambda r: (role_order[r.kind], r.order, r.id))
        ],
    }
