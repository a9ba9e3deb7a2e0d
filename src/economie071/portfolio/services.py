"""Every write to the portfolio: one function per use case, each in its own transaction.

`actor` is the user doing it; None means the platform itself (a management command such as
load_demo), which is trusted. Services check permissions themselves, so no caller can skip
a rule, and write an audit entry for every state change.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.core.dates import DatePrecision
from economie071.core.groups import is_programme_office
from economie071.portfolio import permissions
from economie071.portfolio.constants import (
    CARD_SECTION_KEYS,
    CLOSED_PHASES,
    LEADER_EDITABLE_STATUSES,
    AllocationKey,
    CardStatus,
    Level,
    Phase,
    RoleKind,
    StatusLight,
)
from economie071.portfolio.exceptions import (
    AllocationError,
    CardStateError,
    NotAllowed,
    PortfolioError,
    StaleCardError,
)
from economie071.portfolio.models import (
    BudgetLine,
    BudgetShare,
    CardRevision,
    LineOfAction,
    Milestone,
    PhaseChange,
    Project,
    ProjectCard,
    ReportingPeriod,
    Result,
    RiskItem,
    Role,
)
from economie071.portfolio.periods import parse_period_label
from economie071.portfolio.snapshots import card_snapshot
from economie071.programme.models import Municipality, Organisation, Person, Programme


def _require(allowed: bool, actor) -> None:
    if actor is not None and not allowed:
        raise NotAllowed(_("You are not allowed to do this."), code="not_allowed")


# --- Projects, phases, roles ---------------------------------------------------------------


def project_create(
    *,
    programme: Programme,
    actor,
    name: str,
    slug: str,
    phase: str = "",
    short_description: str = "",
    urgency: str = "",
    assignment: str = "",
    pillars: Iterable = (),
    themes: Iterable = (),
    phase_date: datetime.date | None = None,
    phase_reason: str = "",
) -> Project:
    _require(permissions.can_manage_portfolio(actor), actor)
    if phase and phase not in Phase.values:
        raise PortfolioError(_("Unknown phase “%(phase)s”.") % {"phase": phase}, code="phase")
    if not name.strip():
        raise PortfolioError(_("A project needs a name."), code="name")
    if Project.objects.filter(slug=slug).exists():
        raise PortfolioError(
            _("There is already a project with the short name “%(slug)s”.") % {"slug": slug},
            code="slug",
        )
    with transaction.atomic():
        project = Project.objects.create(
            programme=programme,
            name=name.strip(),
            slug=slug,
            phase=phase,
            short_description=short_description,
            urgency=urgency,
            assignment=assignment,
        )
        project.pillars.set(pillars)
        project.themes.set(themes)
        if phase:
            PhaseChange.objects.create(
                project=project,
                from_phase="",
                to_phase=phase,
                date=phase_date or timezone.localdate(),
                reason=phase_reason or _("Project started"),
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
        audit_record(
            action="portfolio.project.created",
            actor=actor,
            target=project,
            project=project,
            summary=project.name,
            data={"phase": phase},
        )
    return project


def project_change_phase(
    *,
    project: Project,
    actor,
    phase: str,
    reason: str = "",
    date: datetime.date | None = None,
) -> PhaseChange:
    """Move a project to another phase; leaving 'completed' or 'stopped' needs a reason."""
    _require(permissions.can_manage_portfolio(actor), actor)
    if phase not in Phase.values:
        raise PortfolioError(_("Unknown phase “%(phase)s”.") % {"phase": phase}, code="phase")
    if phase == project.phase:
        raise PortfolioError(
            _("The project is already in the phase “%(phase)s”.") % {"phase": Phase(phase).label},
            code="phase",
        )
    reason = reason.strip()
    if project.phase in CLOSED_PHASES and not reason:
        raise PortfolioError(
            _("The project is %(phase)s: give a reason to move it back.")
            % {"phase": Phase(project.phase).label.lower()},
            code="reason",
        )
    with transaction.atomic():
        change = PhaseChange.objects.create(
            project=project,
            from_phase=project.phase,
            to_phase=phase,
            date=date or timezone.localdate(),
            reason=reason,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        old = project.phase
        project.phase = phase
        project.save(update_fields=["phase"])
        audit_record(
            action="portfolio.project.phase_changed",
            actor=actor,
            target=project,
            project=project,
            summary=f"{old or '-'} → {phase}",
            data={"from": old, "to": phase, "reason": reason, "date": change.date.isoformat()},
        )
    return change


def line_of_action_create(*, project: Project, actor, code: str, name: str) -> LineOfAction:
    _require(permissions.can_manage_portfolio(actor), actor)
    with transaction.atomic():
        line, _created = LineOfAction.objects.update_or_create(
            project=project, code=code, defaults={"name": name}
        )
        audit_record(
            action="portfolio.line_of_action.saved",
            actor=actor,
            target=line,
            project=project,
            summary=f"{code}: {name}",
        )
    return line


def role_assign(
    *,
    project: Project,
    actor,
    kind: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    label: str = "",
    title: str = "",
    line_of_action: LineOfAction | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> Role:
    _require(permissions.can_manage_portfolio(actor), actor)
    if kind not in RoleKind.values:
        raise PortfolioError(_("Unknown role “%(kind)s”.") % {"kind": kind}, code="kind")
    if person is None and organisation is None and not label.strip():
        raise PortfolioError(
            _("A role needs a person, an organisation or a description of the holder."),
            code="holder",
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise PortfolioError(_("A role cannot end before it starts."), code="ends_on")
    if line_of_action is not None and line_of_action.project_id != project.pk:
        raise PortfolioError(_("That line of action belongs to another project."), code="line")
    with transaction.atomic():
        order = (project.roles.filter(kind=kind).aggregate(m=Max("order"))["m"] or 0) + 1
        role = Role.objects.create(
            project=project,
            kind=kind,
            person=person,
            organisation=organisation,
            label=label.strip(),
            title=title.strip(),
            line_of_action=line_of_action,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            order=order,
        )
        audit_record(
            action="portfolio.role.assigned",
            actor=actor,
            target=role,
            project=project,
            summary=str(role),
            data={"kind": kind, "holder": role.holder_name},
        )
    return role


def role_end(*, role: Role, actor, ends_on: datetime.date) -> Role:
    _require(permissions.can_manage_portfolio(actor), actor)
    if role.starts_on and ends_on < role.starts_on:
        raise PortfolioError(_("A role cannot end before it starts."), code="ends_on")
    with transaction.atomic():
        role.ends_on = ends_on
        role.save(update_fields=["ends_on"])
        audit_record(
            action="portfolio.role.ended",
            actor=actor,
            target=role,
            project=role.project,
            summary=str(role),
            data={"ends_on": ends_on.isoformat()},
        )
    return role


# --- The reporting round -------------------------------------------------------------------


@dataclass
class CardContent:
    """Everything a project leader writes on a card."""

    sections: dict[str, str] = field(default_factory=dict)
    extra_sections: list[dict] = field(default_factory=list)
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
            status_light=card.status_light,
            quote_text=card.quote_text,
            quote_person=card.quote_person,
            quote_attribution=card.quote_attribution,
            milestones=[
                {
                    "date": m.date,
                    "date_precision": m.date_precision,
                    "title": m.title,
                    "text": m.text,
                    "links": list(m.links),
                }
                for m in card.milestones.all()
            ],
            results=[
                {"label": r.label, "value": r.value, "unit": r.unit, "date": r.date, "note": r.note}
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


def _write_children(card: ProjectCard, content: CardContent) -> None:
    card.milestones.all().delete()
    card.results.all().delete()
    card.risk_items.all().delete()
    Milestone.objects.bulk_create(
        Milestone(
            card=card,
            date=m["date"],
            date_precision=m.get("date_precision") or DatePrecision.DAY,
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


def _notify_after_commit(actor, subject: str, body: str, recipients: Sequence[str]) -> None:
    """E-mail people once the change is committed; the platform's own loads mail nobody."""
    recipients = [address for address in recipients if address]
    if recipients and actor is not None:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )


def period_open(
    *,
    programme: Programme,
    actor,
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


def card_create(*, project: Project, period: ReportingPeriod, actor) -> ProjectCard:
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
    card.status_light = content.status_light
    card.quote_text = content.quote_text.strip()
    card.quote_person = content.quote_person
    card.quote_attribution = content.quote_attribution.strip()
    card.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    card.save()
    _write_children(card, content)


def card_update(
    *, card: ProjectCard, actor, content: CardContent, expected_version: int
) -> ProjectCard:
    """Save a card's text. Refused when someone else saved since `expected_version`."""
    _require(permissions.can_edit_card(actor, card), actor)
    if card.status == CardStatus.PUBLISHED:
        raise CardStateError(
            _("This card is published; start a correction to change it."), code="status"
        )
    leader_only = actor is not None and not is_programme_office(actor)
    if leader_only and card.status not in LEADER_EDITABLE_STATUSES:
        raise CardStateError(
            _("This card has been submitted and is frozen until it is returned."),
            code="status",
        )
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


def card_submit(*, card: ProjectCard, actor) -> ProjectCard:
    _require(permissions.can_submit_card(actor, card), actor)
    card = _transition(
        card,
        actor,
        allowed_from=set(LEADER_EDITABLE_STATUSES),
        to=CardStatus.SUBMITTED,
        action="portfolio.card.submitted",
        stamp="submitted_at",
    )
    from economie071.portfolio.selectors import programme_office_emails

    _notify_after_commit(
        actor,
        _("Project card submitted: %(project)s %(period)s")
        % {"project": card.project, "period": card.period},
        _("The project card of %(project)s for %(period)s is ready for review.")
        % {"project": card.project, "period": card.period},
        programme_office_emails(),
    )
    return card


def card_return(*, card: ProjectCard, actor, comment: str) -> ProjectCard:
    _require(permissions.can_review_card(actor, card), actor)
    comment = comment.strip()
    if not comment:
        raise PortfolioError(_("Say what needs to change when you return a card."), code="comment")
    card = _transition(
        card,
        actor,
        allowed_from={CardStatus.SUBMITTED, CardStatus.APPROVED},
        to=CardStatus.RETURNED,
        action="portfolio.card.returned",
        extra={"return_comment": comment},
    )
    from economie071.portfolio.selectors import project_leader_emails

    _notify_after_commit(
        actor,
        _("Project card returned: %(project)s %(period)s")
        % {"project": card.project, "period": card.period},
        comment,
        project_leader_emails(card.project),
    )
    return card


def card_approve(*, card: ProjectCard, actor) -> ProjectCard:
    _require(permissions.can_review_card(actor, card), actor)
    return _transition(
        card,
        actor,
        allowed_from={CardStatus.SUBMITTED},
        to=CardStatus.APPROVED,
        action="portfolio.card.approved",
        stamp="approved_at",
        extra={"return_comment": ""},
    )


def card_publish(
    *, card: ProjectCard, actor, published_at: datetime.datetime | None = None
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
            allowed_from={CardStatus.APPROVED},
            to=CardStatus.PUBLISHED,
            action="portfolio.card.published",
            stamp="published_at",
        )
        if published_at is not None:
            ProjectCard.objects.filter(pk=card.pk).update(published_at=published_at)
            card.published_at = published_at
        _add_revision(card, actor, published=True, reason=_("Published"))
    return card


def card_start_correction(*, card: ProjectCard, actor, reason: str) -> ProjectCard:
    """Reopen a published card; readers keep seeing the published revision until the next."""
    _require(permissions.can_review_card(actor, card), actor)
    reason = reason.strip()
    if not reason:
        raise PortfolioError(_("Give a reason for the correction."), code="reason")
    return _transition(
        card,
        actor,
        allowed_from={CardStatus.PUBLISHED},
        to=CardStatus.DRAFT,
        action="portfolio.card.correction_started",
        extra={"return_comment": reason},
    )


# --- Budgets -------------------------------------------------------------------------------


def budget_line_create(
    *,
    project: Project,
    period: ReportingPeriod,
    actor,
    description: str,
    amount,
    allocation_key: str,
    municipalities: Iterable[Municipality] = (),
    shares: dict[Municipality, Decimal] | None = None,
    funder: Organisation | None = None,
    population_year: int | None = None,
    note: str = "",
) -> BudgetLine:
    _require(permissions.can_manage_portfolio(actor), actor)
    raw_amount = amount
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise AllocationError(
            _("Amount: “%(value)s” is not a number.") % {"value": raw_amount}, code="amount"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise AllocationError(
            _("Amount: “%(value)s” must be zero or more.") % {"value": raw_amount}, code="amount"
        )
    amount_field = BudgetLine._meta.get_field("amount")
    if amount >= Decimal(10) ** (amount_field.max_digits - amount_field.decimal_places):
        raise AllocationError(
            _("Amount: “%(value)s” is too large.") % {"value": raw_amount}, code="amount"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise AllocationError(
            _("Amount: “%(value)s” is not in whole cents.") % {"value": raw_amount}, code="amount"
        )
    if allocation_key not in AllocationKey.values:
        raise AllocationError(
            _("Unknown allocation key “%(key)s”.") % {"key": allocation_key}, code="allocation_key"
        )
    if not description.strip():
        raise AllocationError(_("Description: required."), code="description")
    municipalities = list(municipalities)
    shares = shares or {}
    region = project.programme.region_id
    outside = [m.name for m in [*municipalities, *shares] if m.region_id != region]
    if outside:
        raise AllocationError(
            _("Not part of the region: %(names)s.") % {"names": ", ".join(sorted(outside))},
            code="municipalities",
        )
    if allocation_key == AllocationKey.BY_INHABITANTS and not municipalities:
        raise AllocationError(
            _("Choose the participating municipalities for an allocation by inhabitants."),
            code="municipalities",
        )
    if allocation_key == AllocationKey.FIXED_SHARES:
        if not shares:
            raise AllocationError(_("Give the share of each municipality."), code="shares")
        if any(Decimal(str(w)) <= 0 for w in shares.values()):
            raise AllocationError(_("Every share must be more than zero."), code="shares")
    if allocation_key == AllocationKey.SINGLE_FUNDER and funder is None:
        raise AllocationError(_("Choose the funder."), code="funder")
    with transaction.atomic():
        line = BudgetLine.objects.create(
            project=project,
            period=period,
            description=description.strip(),
            amount=amount,
            funder=funder,
            allocation_key=allocation_key,
            population_year=population_year,
            note=note.strip(),
        )
        if allocation_key == AllocationKey.BY_INHABITANTS:
            line.municipalities.set(municipalities)
        if allocation_key == AllocationKey.FIXED_SHARES:
            BudgetShare.objects.bulk_create(
                BudgetShare(budget_line=line, municipality=m, weight=Decimal(str(w)))
                for m, w in shares.items()
            )
            line.municipalities.set(shares)
        audit_record(
            action="portfolio.budget_line.created",
            actor=actor,
            target=line,
            project=project,
            summary=f"{line.description}: {line.amount}",
            data={"amount": str(amount), "allocation_key": allocation_key},
        )
    return line
