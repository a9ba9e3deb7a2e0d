"""A card as plain JSON-ready data: what revisions store and what readers are shown.

Every snapshot is written here: `card_snapshot` for a stored card, `content_snapshot` for
text someone wrote (to compare it with the stored card); both go through `_text_snapshot`.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from economie071.core.dates import DatePrecision
from economie071.portfolio.constants import (
    CARD_SECTION_KEYS,
    CARD_SECTIONS,
    Level,
    Phase,
    RoleKind,
    StatusLight,
)
from economie071.portfolio.periods import HalfYear

# Snapshot keys shown when two versions are compared, in card order.
SNAPSHOT_LABELS: dict[str, str] = {
    "phase_label": _("Phase"),
    "status_light": _("Status light"),
    "quote": _("Quote"),
    **dict(CARD_SECTIONS),
    "extra_sections": _("Other sections"),
    "section_layout": _("Order and headings of the sections"),
    "milestones": _("Milestones"),
    "results": _("Key figures"),
    "risk_items": _("Risks"),
    "roles": _("Project structure"),
}


# Snapshot keys whose values are codes, with the names to show for them; for a key that holds
# records, the records' coded fields with the names of their codes.
SNAPSHOT_VALUE_LABELS: dict[str, dict] = {
    "status_light": dict(StatusLight.choices),
    "roles": {"kind": dict(RoleKind.choices)},
    "risk_items": {"likelihood": dict(Level.choices), "impact": dict(Level.choices)},
    "milestones": {"date_precision": {"day": "", **dict(DatePrecision.choices)}},
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


def content_snapshot(content) -> dict:
    """The text part of a snapshot (status light, sections, quote, milestones, key figures,
    risks) built from a `services.CardContent`: text someone wrote, saved or not. It has the
    form card_snapshot gives the same text once stored, so the two compare key by key."""
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = _text_snapshot(
            status_light=content.status_light,
            sections={key: (content.sections.get(key) or "").strip() for key in CARD_SECTION_KEYS},
            extra_sections=[
                {
                    "heading": (s.get("heading") or "").strip(),
                    "body": (s.get("body") or "").strip(),
                }
                for s in content.extra_sections
            ],
            section_layout=content.section_layout,
            quote_text=content.quote_text.strip(),
            quote_person=content.quote_person,
            quote_attribution=content.quote_attribution.strip(),
            milestones=[
                {
                    "date": m["date"],
                    "date_precision": m.get("date_precision") or DatePrecision.DAY,
                    "date_note": (m.get("date_note") or "").strip(),
                    "title": m["title"].strip(),
                    "text": m.get("text", "") or "",
                    "links": m.get("links") or [],
                }
                for m in content.milestones
            ],
            results=[
                {
                    "label": r["label"].strip(),
                    "value": Decimal(str(r["value"])),
                    "as_printed": (r.get("as_printed") or "").strip(),
                    "unit": r["unit"].strip(),
                    "date": r.get("date"),
                    "note": r.get("note", "") or "",
                }
                for r in content.results
            ],
            risk_items=[
                {
                    "description": r["description"].strip(),
                    "likelihood": r.get("likelihood") or "",
                    "impact": r.get("impact") or "",
                    "mitigation": r.get("mitigation", "") or "",
                }
                for r in content.risk_items
            ],
        )
    if content.section_layout is None:  # not written: the stored layout stays
        del snapshot["section_layout"]
    return snapshot


def _text_snapshot(
    *,
    status_light: str,
    sections: dict[str, str],
    extra_sections: list[dict],
    section_layout: list[dict] | None,
    quote_text: str,
    quote_person,
    quote_attribution: str,
    milestones: list[dict],
    results: list[dict],
    risk_items: list[dict],
) -> dict:
    """The one place that writes a card's text as snapshot data, from plain values."""
    return {
        "status_light": status_light,
        **{key: sections[key] for key in CARD_SECTION_KEYS},
        "extra_sections": list(extra_sections),
        "section_layout": [
            {"key": entry["key"], "heading": (entry.get("heading") or "").strip()}
            for entry in section_layout or []
        ],
        "quote": {
            "text": quote_text,
            "person": quote_person.name if quote_person else "",
            "attribution": quote_attribution,
        },
        "milestones": [
            {
                "date": m["date"].isoformat(),
                "date_precision": m["date_precision"],
                "date_note": m["date_note"],
                "title": m["title"],
                "text": m["text"],
                "links": m["links"],
            }
            for m in milestones
        ],
        "results": [
            {
                "label": r["label"],
                "value": _number(r["value"]),
                "as_printed": r["as_printed"],
                "unit": r["unit"],
                "date": r["date"].isoformat() if r["date"] else None,
                "note": r["note"],
            }
            for r in results
        ],
        "risk_items": [
            {
                "description": r["description"],
                "likelihood": r["likelihood"],
                "impact": r["impact"],
                "mitigation": r["mitigation"],
            }
            for r in risk_items
        ],
    }


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
        **_text_snapshot(
            status_light=card.status_light,
            sections={key: getattr(card, key) for key in CARD_SECTION_KEYS},
            extra_sections=card.extra_sections,
            section_layout=card.section_layout,
            quote_text=card.quote_text,
            quote_person=card.quote_person,
            quote_attribution=card.quote_attribution,
            milestones=[
                {
                    "date": m.date,
                    "date_precision": m.date_precision,
                    "date_note": m.date_note,
                    "title": m.title,
                    "text": m.text,
                    "links": m.links,
                }
                for m in card.milestones.all()
            ],
            results=[
                {
                    "label": r.label,
                    "value": r.value,
                    "as_printed": r.as_printed,
                    "unit": r.unit,
                    "date": r.date,
                    "note": r.note,
                }
                for r in card.results.all()
            ],
            risk_items=[
                {
                    "description": r.description,
                    "likelihood": r.likelihood,
                    "impact": r.impact,
                    "mitigation": r.mitigation,
                }
                for r in card.risk_items.all()
            ],
        ),
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
