"""The matching plan as an Excel workbook, written through core.exports (no cell is ever a
formula). Aggregates only: no person appears in it."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from economie071.core.exports import (
    HEADER_FONT,
    SheetTable,
    new_workbook,
    workbook_bytes,
    write_row,
)


def matching_plan_xlsx(plan, *, sector_name: str = "") -> bytes:
    """`plan` is a selectors.MatchingPlan."""
    wb = new_workbook()
    about = wb.active
    about.title = _("About")[:31]
    write_row(about, 1, [_("House of Skills: matching plan")], font=HEADER_FONT)
    write_row(about, 2, [_("Made on"), timezone.localdate()])
    write_row(about, 3, [_("Scope"), sector_name or _("The whole region")])
    write_row(
        about,
        4,
        [
            _(
                "Supply counts skills passports with current consent; demand counts open vacancies "
                "with the skill confirmed. Aggregates only: no person is named. Demo data is "
                "example data."
            )
        ],
    )
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 40

    def balance_sheet(name, rows):
        ws = wb.create_sheet(name[:31])
        table = SheetTable(
            ws,
            [
                _("Skill"),
                _("ESCO URI"),
                _("Demand (vacancies)"),
                _("of which must-have"),
                _("Supply (passports)"),
                _("Demand minus supply"),
            ],
        )
        for b in rows:
            table.add([b.skill.label, b.skill.uri or "", b.demand, b.demand_must, b.supply, b.gap])
        table.finish()

    balance_sheet(_("Shortage skills"), plan.shortage)
    balance_sheet(_("Surplus skills"), plan.surplus)
    ws = wb.create_sheet(_("Sectors")[:31])
    table = SheetTable(
        ws,
        [
            _("Sector"),
            _("Open vacancies"),
            _("Passports"),
            _("Skills asked for"),
            _("Shortage skills"),
        ],
    )
    for s in plan.sectors:
        table.add(
            [str(s.sector), s.open_vacancies, s.passports, s.demanded_skills, s.shortage_skills]
        )
    table.finish()
    if plan.sector is not None:
        ws = wb.create_sheet(_("Feeder occupations")[:31])
        table = SheetTable(
            ws,
            [_("Occupation"), _("Sector"), _("Score"), _("Shared skills"), _("Skills to learn")],
            wrap=(4, 5),
        )
        for f in plan.feeders:
            table.add(
                [
                    f.occupation.label,
                    str(f.sector) if f.sector else "",
                    Decimal(str(round(f.score, 1))),
                    ", ".join(s.label for s in f.shared),
                    ", ".join(s.label for s in f.to_learn),
                ]
            )
        table.finish()
    return workbook_bytes(wb)
