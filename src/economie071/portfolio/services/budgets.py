"""Budget lines of a project for a period, and how each is shared over the municipalities
(by inhabitants, by given shares, or one funder).
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import User
from django.db import transaction
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
