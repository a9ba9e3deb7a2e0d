"""The reporting round: a half year opened for reporting, the project card of each project
(filled from its last), written, submitted, returned or approved, published and corrected;
every stored version of a card is kept as a revision.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.core.links import absolute_url
from economie071.core.mail import mail_send
from economie071.portfolio import permissions
from economie071.portfolio.constants import (
    APPROVABLE_STATUSES,
    CARD_SECTION_KEYS,
    CLOSED_PHASES,
    CORRECTABLE_STATUSES,
    FROZEN_CARD_MESSAGES,
    PUBLISHABLE_STATUSES,
    RETURNABLE_STATUSES,
    SUBMITTABLE_STATUSES,
    CardStatus,
    Level,
    StatusLight,
)
from economie071.portfolio.exceptions import (
    CardStateError,
    NotAllowed,
    PortfolioError,
    StaleCardError,
)
from economie071.portfolio.models import (
    CardRevision,
    Milestone,
    Project,
    ProjectCard,
    ReportingPeriod,
    Result,
    RiskItem,
)
from economie071.portfolio.periods import parse_period_label
from economie071.portfolio.selectors import programme_office_emails, project_leader_emails
from economie071.portfolio.services._common import _require
from economie071.portfolio.services.budgets import budget_lines_carry_over
from economie071.portfolio.snapshots import card_snapshot
from economie071.programme.models import Person, Programme


@dataclass
class CardContent:
    """Everything a project leader writes on a card."""

    sections: dict[str, str] = field(default_factory=dict)
    extra_sections: list[dict] = field(default_factory=list)
    # The card's own order and printed headings (see ProjectCard.section_layout);
    # None keeps what the card has (the edit page does not change it).
    section_layout: list[dict] | None = None
    status_light: str = StatusLight.NOT_SET
    quote_text: str = ""
    quote_person: Person | None = None
    quote_attribution: str = ""
    milestones: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    risk_items: list[dict] = field(default_factory=list)

    @classmethod
    def from_card(cls, card: ProjectCard) -> "CardContent":
        return cls(
            sections={key: getattr(card, key) for key in CARD_SECTION_KEYS},
            extra_sections=[dict(s) for s in card.extra_sections],
            section_layout=[dict(entry) for entry in card.section_layout],
            status_light=card.status_light,
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
                    "links": list(m.links),
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
        )


def _clean_content(content: CardContent) -> CardContent:
    """Check the content before anything is written; errors name the field."""
    unknown = set(content.sections) - set(CARD_SECTION_KEYS)
    if unknown:
        raise PortfolioError(
            _("Unknown card section: %(name)s.") % {"name": ", ".join(sorted(unknown))},
            code="sections",
        )
    if content.status_light not in StatusLight.values:
        raise PortfolioError(
            _("Unknown status light “%(value)s”.") % {"value": content.status_light},
            code="status_light",
        )
    for index, section in enumerate(content.extra_sections, start=1):
        # A section may go without a heading (an introduction), but not without both.
        if (
            not str(section.get("heading") or "").strip()
            and not str(section.get("body") or "").strip()
        ):
            raise PortfolioError(
                _("Other section %(n)s is empty: give it a heading or a text.") % {"n": index},
                code="extra_sections",
            )
    if content.section_layout is not None:
        _clean_layout(content.section_layout, extra_count=len(content.extra_sections))
    for index, milestone in enumerate(content.milestones, start=1):
        if not isinstance(milestone.get("date"), datetime.date):
            raise PortfolioError(
                _("Milestone %(n)s needs a date.") % {"n": index}, code="milestones"
            )
        if not str(milestone.get("title", "")).strip():
            raise PortfolioError(
                _("Milestone %(n)s needs a title.") % {"n": index}, code="milestones"
            )
        if milestone.get("date_precision", DatePrecision.DAY) not in DatePrecision.values:
            raise PortfolioError(
                _("Milestone %(n)s has an unknown date precision.") % {"n": index},
                code="milestones",
            )
    for index, result in enumerate(content.results, start=1):
        try:
            value = Decimal(str(result.get("value")))
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite():  # NaN and Infinity are not key figures
            raise PortfolioError(
                _("Key figure %(n)s: “%(value)s” is not a number.")
                % {"n": index, "value": result.get("value")},
                code="results",
            )
        value_field = Result._meta.get_field("value")
        if abs(value) >= Decimal(10) ** (value_field.max_digits - value_field.decimal_places):
            raise PortfolioError(
                _("Key figure %(n)s: “%(value)s” is too large.")
                % {"n": index, "value": result.get("value")},
                code="results",
            )
        if not str(result.get("label", "")).strip() or not str(result.get("unit", "")).strip():
            raise PortfolioError(
                _("Key figure %(n)s needs a label and a unit.") % {"n": index}, code="results"
            )
    for index, risk in enumerate(content.risk_items, start=1):
        if not str(risk.get("description", "")).strip():
            raise PortfolioError(
                _("Risk %(n)s needs a description.") % {"n": index}, code="risk_items"
            )
        for level_field, field_name in (("likelihood", _("likelihood")), ("impact", _("impact"))):
            if risk.get(level_field) and risk[level_field] not in Level.values:
                raise PortfolioError(
                    _("Risk %(n)s: unknown %(field)s “%(value)s”.")
                    % {"n": index, "field": field_name, "value": risk[level_field]},
                    code="risk_items",
                )
    return content


LAYOUT_HEADING_MAX = 200


def _clean_layout(layout: list, *, extra_count: int) -> None:
    """The layout names each template section or other section at most once."""
    known = set(CARD_SECTION_KEYS) | {f"extra-{n}" for n in range(1, extra_count + 1)}
    seen = set()
    for index, entry in enumerate(layout, start=1):
        key = entry.get("key") if isinstance(entry, dict) else None
        if key not in known or key in seen:
            raise PortfolioError(
                _("Order of the sections, entry %(n)s: “%(key)s” is not a section of this card.")
                % {"n": index, "key": key},
                code="section_layout",
            )
        seen.add(key)
        heading = entry.get("heading") or ""
        if not isinstance(heading, str) or len(heading) > LAYOUT_HEADING_MAX:
            raise PortfolioError(
                _(
                    "Order of the sections, entry %(n)s: a heading is text of at most %(max)s "
                    "characters."
                )
                % {"n": index, "max": LAYOUT_HEADING_MAX},
                code="section_layout",
            )


def _write_children(card: ProjectCard, content: CardContent) -> None:
    card.milestones.all().delete()
    card.results.all().delete()
    card.risk_items.all().delete()
    Milestone.objects.bulk_create(
        Milestone(
            card=card,
            date=m["date"],
            date_precision=m.get("date_precision") or DatePrecision.DAY,
            date_note=(m.get("date_note") or "").strip(),
            title=m["title"].strip(),
            text=m.get("text", "") or "",
            links=m.get("links") or [],
        )
        for m in content.milestones
    )
    Result.objects.bulk_create(
        Result(
            card=card,
            label=r["label"].strip(),
            value=Decimal(str(r["value"])),
            as_printed=(r.get("as_printed") or "").strip(),
            unit=r["unit"].strip(),
            date=r.get("date"),
            note=r.get("note", "") or "",
        )
        for r in content.results
    )
    RiskItem.objects.bulk_create(
        RiskItem(
            card=card,
            description=r["description"].strip(),
            likelihood=r.get("likelihood") or "",
            impact=r.get("impact") or "",
            mitigation=r.get("mitigation", "") or "",
        )
        for r in content.risk_items
    )


def _add_revision(card: ProjectCard, actor, *, published: bool = False, reason: str = "") -> None:
    card = ProjectCard.objects.select_related("project", "period", "quote_person").get(pk=card.pk)
    number = (card.revisions.aggregate(m=Max("number"))["m"] or 0) + 1
    CardRevision.objects.create(
        card=card,
        number=number,
        snapshot=card_snapshot(card),
        status=card.status,
        published=published,
        reason=reason,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _notify(
    actor, card: ProjectCard, *, topic: str, subject: str, body: str, recipients: Sequence[str]
) -> None:
    """E-mail people (through the outbox: sent once the change is committed); the
    platform's own loads mail nobody."""
    recipients = [address for address in recipients if address]
    if recipients and actor is not None:
        mail_send(
            messages=[EmailMessage(subject=subject, body=body, to=recipients)],
            topic=topic,
            reference=card.pk,
        )


def period_open(
    *,
    programme: Programme,
    actor: User | None,
    label: str,
    deadline: datetime.date | None = None,
) -> ReportingPeriod:
    """Open a half year: every project that reports gets a draft card, filled from its last."""
    _require(permissions.can_manage_portfolio(actor), actor)
    try:
        half_year = parse_period_label(label)
    except ValueError as exc:
        raise PortfolioError(str(exc), code="label") from None
    if ReportingPeriod.objects.filter(
        programme=programme, year=half_year.year, half=half_year.half
    ).exists():
        raise PortfolioError(
            _("Reporting period %(label)s has already been opened.") % {"label": half_year.label},
            code="period",
        )
    with transaction.atomic():
        period = ReportingPeriod.objects.create(
            programme=programme, year=half_year.year, half=half_year.half, deadline=deadline
        )
        projects = (
            Project.objects.filter(programme=programme)
            .exclude(phase="")
            .exclude(phase__in=CLOSED_PHASES)
        )
        for project in projects:
            _card_create(project=project, period=period, actor=actor)
            budget_lines_carry_over(project=project, period=period, actor=actor)
        audit_record(
            action="portfolio.period.opened",
            actor=actor,
            target=period,
            summary=period.label,
            data={"cards": projects.count()},
        )
    return period


def _card_create(*, project: Project, period: ReportingPeriod, actor) -> ProjectCard:
    # The last card of an earlier half year (not of a later one, when a period is backfilled).
    previous = (
        ProjectCard.objects.filter(project=project)
        .filter(
            Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__half__lt=period.half)
        )
        .order_by("-period__year", "-period__half")
        .first()
    )
    card = ProjectCard.objects.create(project=project, period=period)
    if previous is not None:
        content = CardContent.from_card(previous)
        content.status_light = StatusLight.NOT_SET  # a new half year needs a new assessment
    else:
        content = CardContent(
            sections={"urgency": project.urgency, "assignment": project.assignment}
        )
    _store_content(card, content, actor)
    card.refresh_from_db()
    _add_revision(card, actor, reason=_("Draft opened"))
    audit_record(
        action="portfolio.card.created",
        actor=actor,
        target=card,
        project=project,
        summary=f"{project} {period}",
        data={"prefilled_from": previous.period.label if previous else None},
    )
    return card


def card_create(*, project: Project, period: ReportingPeriod, actor: User | None) -> ProjectCard:
    """A draft card for one project (e.g. a project started after the period opened)."""
    _require(permissions.can_manage_portfolio(actor), actor)
    if ProjectCard.objects.filter(project=project, period=period).exists():
        raise PortfolioError(
            _("%(project)s already has a card for %(period)s.")
            % {"project": project, "period": period},
            code="period",
        )
    with transaction.atomic():
        return _card_create(project=project, period=period, actor=actor)


def _store_content(card: ProjectCard, content: CardContent, actor) -> None:
    for key, value in content.sections.items():
        setattr(card, key, (value or "").strip())
    card.extra_sections = [
        {"heading": (s.get("heading") or "").strip(), "body": (s.get("body") or "").strip()}
        for s in content.extra_sections
    ]
    if content.section_layout is not None:
        card.section_layout = [
            {"key": entry["key"], "heading": (entry.get("heading") or "").strip()}
            for entry in content.section_layout
        ]
    card.status_light = content.status_light
    card.quote_text = content.quote_text.strip()
    card.quote_person = content.quote_person
    card.quote_attribution = content.quote_attribution.strip()
    card.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    card.save()
    _write_children(card, content)


def card_update(
    *, card: ProjectCard, actor: User | None, content: CardContent, expected_version: int
) -> ProjectCard:
    """Save a card's text. Refused when someone else saved since `expected_version`."""
    _require(permissions.can_edit_card(actor, card), actor)
    if card.status == CardStatus.PUBLISHED:
        raise CardStateError(str(FROZEN_CARD_MESSAGES[CardStatus.PUBLISHED]), code="status")
    leader_only = actor is not None and not permissions.is_programme_office(actor)
    if leader_only and not card.editable_by_leader:
        raise CardStateError(str(FROZEN_CARD_MESSAGES[CardStatus.SUBMITTED]), code="status")
    _clean_content(content)
    with transaction.atomic():
        # Optimistic lock: bump the version only if nobody else did since the edit began.
        claimed = ProjectCard.objects.filter(pk=card.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleCardError(
                _(
                    "Someone else saved this card while you were editing it. Your text has "
                    "not been saved yet: it is kept below. Compare it with the current card "
                    "and save again."
                ),
                code="stale",
            )
        card.refresh_from_db(fields=["version", "status"])
        before = card_snapshot(card)
        _store_content(card, content, actor)
        after = card_snapshot(card)
        if after != before:
            _add_revision(card, actor)
        audit_record(
            action="portfolio.card.updated",
            actor=actor,
            target=card,
            project=card.project,
            summary=f"{card.project} {card.period}",
            data={"version": card.version},
        )
    return card


def _transition(
    card: ProjectCard,
    actor,
    *,
    allowed_from: set[str],
    to: str,
    action: str,
    stamp: str | None = None,
    extra: dict | None = None,
) -> ProjectCard:
    with transaction.atomic():
        locked = ProjectCard.objects.select_for_update().get(pk=card.pk)
        if locked.status not in allowed_from:
            raise CardStateError(
                _("The card is %(status)s; that step is not possible now.")
                % {"status": CardStatus(locked.status).label.lower()},
                code="status",
            )
        locked.status = to
        locked.version = locked.version + 1
        update_fields = ["status", "version", "updated_at"]
        if stamp:
            setattr(locked, stamp, timezone.now())
            update_fields.append(stamp)
        for name, value in (extra or {}).items():
            setattr(locked, name, value)
            update_fields.append(name)
        locked.save(update_fields=update_fields)
        audit_record(
            action=action,
            actor=actor,
            target=locked,
            project=locked.project,
            summary=f"{locked.project} {locked.period}",
            data=extra or {},
        )
    card.refresh_from_db()
    return card


def card_submit(*, card: ProjectCard, actor: User | None) -> ProjectCard:
    _require(permissions.can_submit_card(actor, card), actor)
    with transaction.atomic():
        card = _transition(
            card,
            actor,
            allowed_from=set(SUBMITTABLE_STATUSES),
            to=CardStatus.SUBMITTED,
            action="portfolio.card.submitted",
            stamp="submitted_at",
        )
        _notify(
            actor,
            card,
            topic="portfolio.card.submitted",
            subject=_("Project card submitted: %(project)s %(period)s")
            % {"project": card.project, "period": card.period},
            body=_("The project card of %(project)s for %(period)s is ready for review.")
            % {"project": card.project, "period": card.period},
            recipients=programme_office_emails(),
        )
    return card


def card_return(*, card: ProjectCard, actor: User | None, comment: str) -> ProjectCard:
    _require(permissions.can_review_card(actor, card), actor)
    comment = comment.strip()
    if not comment:
        raise PortfolioError(_("Say what needs to change when you return a card."), code="comment")
    with transaction.atomic():
        card = _transition(
            card,
            actor,
            allowed_from=set(RETURNABLE_STATUSES),
            to=CardStatus.RETURNED,
            action="portfolio.card.returned",
            extra={"return_comment": comment},
        )
        _notify_leaders(
            actor,
            card,
            topic="portfolio.card.returned",
            subject=_("Project card returned: %(project)s %(period)s"),
            body=_("The programme office has returned your project card with this comment:")
            + f"\n\n{comment}",
        )
    return card


def _notify_leaders(actor, card: ProjectCard, *, topic: str, subject: str, body: str) -> None:
    """Tell the project's current leaders what the office did with their card, with a link."""
    link = absolute_url(reverse("portfolio:card", args=[card.pk]))
    _notify(
        actor,
        card,
        topic=topic,
        subject=subject % {"project": card.project, "period": card.period},
        body=f"{body}\n\n{link}\n",
        recipients=project_leader_emails(project=card.project),
    )


def card_approve(*, card: ProjectCard, actor: User | None) -> ProjectCard:
    _require(permissions.can_review_card(actor, card), actor)
    with transaction.atomic():
        card = _transition(
            card,
            actor,
            allowed_from=set(APPROVABLE_STATUSES),
            to=CardStatus.APPROVED,
            action="portfolio.card.approved",
            stamp="approved_at",
            extra={"return_comment": ""},
        )
        _notify_leaders(
            actor,
            card,
            topic="portfolio.card.approved",
            subject=_("Project card approved: %(project)s %(period)s"),
            body=_(
                "The programme office has approved your project card. It will be published "
                "with the other cards of this half year."
            ),
        )
    return card


def card_publish(
    *, card: ProjectCard, actor: User | None, published_at: datetime.datetime | None = None
) -> ProjectCard:
    """Publish an approved card. `published_at` dates a historical card when the platform
    itself imports it (e.g. an edition printed before the platform existed)."""
    _require(permissions.can_review_card(actor, card), actor)
    if published_at is not None and actor is not None:
        raise NotAllowed(_("Only an import may set the publication date."), code="not_allowed")
    with transaction.atomic():
        card = _transition(
            card,
            actor,
            allowed_from=set(PUBLISHABLE_STATUSES),
            to=CardStatus.PUBLISHED,
            action="portfolio.card.published",
            stamp="published_at",
        )
        if published_at is not None:
            ProjectCard.objects.filter(pk=card.pk).update(published_at=published_at)
            card.published_at = published_at
        _add_revision(card, actor, published=True, reason=_("Published"))
        _notify_leaders(
            actor,
            card,
            topic="portfolio.card.published",
            subject=_("Project card published: %(project)s %(period)s"),
            body=_("The programme office has published your project card: everyone can read it."),
        )
    return card


def card_start_correction(*, card: ProjectCard, actor: User | None, reason: str) -> ProjectCard:
    """Reopen a published card; readers keep seeing the published revision until the next."""
    _require(permissions.can_review_card(actor, card), actor)
    reason = reason.strip()
    if not reason:
        raise PortfolioError(_("Give a reason for the correction."), code="reason")
    return _transition(
        card,
        actor,
        allowed_from=set(CORRECTABLE_STATUSES),
        to=CardStatus.DRAFT,
        action="portfolio.card.correction_started",
        extra={"return_comment": reason},
    )
