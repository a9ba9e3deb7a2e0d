"""Budget lines of a project for a period, and how each is shared over the municipalities
(by inhabitants, by given shares, or one funder).
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from economie071.audit.services import audit_record
from economie071.portfolio import permissions
from economie071.portfolio.constants import AllocationKey
from economie071.portfolio.exceptions import AllocationError
from economie071.portfolio.models import BudgetLine, BudgetShare, Project, ReportingPeriod
from economie071.portfolio.services._common import _require
from economie071.programme.models import Municipality, Organisation


def budget_line_create(
    *,
    project: Project,
    period: ReportingPeriod,
    actor: User | None,
    description: str,
    amount: Decimal | int | str,
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


def budget_lines_carry_over(
    *, project: Project, period: ReportingPeriod, actor: User | None
) -> list[BudgetLine]:
    """Copy the project's budget lines of its latest earlier half year into `period`, each
    marked as carried over until the office confirms or removes it. A line keeps the year of
    its inhabitants' figures, so its shares do not change by being carried over. Nothing is
    carried when the period has lines of its own already."""
    _require(permissions.can_manage_portfolio(actor), actor)
    if BudgetLine.objects.filter(project=project, period=period).exists():
        return []
    earlier = (
        BudgetLine.objects.filter(project=project)
        .filter(
            Q(period__year__lt=period.year)
            | Q(period__year=period.year, period__half__lt=period.half)
        )
        .select_related("period")
        .order_by("-period__year", "-period__half", "id")
    )
    latest = earlier.first()
    if latest is None:
        return []
    carried = []
    with transaction.atomic():
        for line in earlier.filter(period=latest.period).prefetch_related(
            "municipalities", "shares"
        ):
            copy = BudgetLine.objects.create(
                project=project,
                period=period,
                description=line.description,
                amount=line.amount,
                funder=line.funder,
                allocation_key=line.allocation_key,
                population_year=line.population_year or line.period.year,
                note=line.note,
                carried_over_from=line,
            )
            copy.municipalities.set(line.municipalities.all())
            BudgetShare.objects.bulk_create(
                BudgetShare(budget_line=copy, municipality=s.municipality, weight=s.weight)
                for s in line.shares.all()
            )
            audit_record(
                action="portfolio.budget_line.carried_over",
                actor=actor,
                target=copy,
                project=project,
                summary=f"{copy.description}: {copy.amount}",
                data={"from_period": line.period.label, "from_line": line.pk},
            )
            carried.append(copy)
    return carried


def budget_line_confirm(*, line: BudgetLine, actor: User | None) -> BudgetLine:
    """The office confirms a carried-over line for its new half year."""
    _require(permissions.can_manage_portfolio(actor), actor)
    if line.carried_over_from_id is None:
        return line
    with transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(carried_over_from=None)
        line.carried_over_from = None
        audit_record(
            action="portfolio.budget_line.confirmed",
            actor=actor,
            target=line,
            project=line.project,
            summary=f"{line.description}: {line.amount}",
        )
    return line


def budget_line_remove(*, line: BudgetLine, actor: User | None) -> None:
    """Remove a budget line (a published edition keeps what it printed: it is frozen)."""
    _require(permissions.can_manage_portfolio(actor), actor)
    with transaction.atomic():
        audit_record(
            action="portfolio.budget_line.removed",
            actor=actor,
            target=line,
            project=line.project,
            summary=f"{line.description}: {line.amount}",
            data={"period": line.period.label, "amount": str(line.amount)},
        )
        line.delete()
