"""The index as the pages, exports and commands show it: names, rounding and the notes.

The notes are part of every index output: what the index does not measure (the effect of
policy), the rule for missing data, and, for the demo, that the figures are example data.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from economie071.core.formats import format_percent, format_whole
from economie071.monitor import charts, selectors
from economie071.monitor import index as calc
from economie071.monitor.calculations import first_shortfall, percentage
from economie071.monitor.constants import (
    BUSINESS_PARK_DIRECT_JOBS,
    BUSINESS_PARK_INDIRECT_JOBS,
    COVENANT_NAME,
    SEED_SOURCE,
    Scenario,
)
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.selectors import IndexReport

POLICY_NOTE = gettext_lazy(
    "Index071 describes how the regional economy develops compared with the base year. It "
    "does not measure the effect of policy: economic figures move with the national economy, "
    "with the business cycle and with many other causes."
)
MISSING_RULE = gettext_lazy(
    "Missing data: an indicator without a figure for a year is left out of that year's "
    "mean (and listed here); no value is ever estimated or filled in."
)
EXAMPLE_NOTE = gettext_lazy(
    "Voorbeeldcijfers: these indicator series are example data generated for the "
    "demonstration, not real figures of the regional economy."
)


# Printed inside every chart that shows example data, so the label goes where the chart goes.
CHART_EXAMPLE_NOTE = gettext_lazy("Voorbeeldcijfers: not real figures")


def _chart_note(example_data: bool) -> str:
    return str(CHART_EXAMPLE_NOTE) if example_data else ""


def report_title(report: IndexReport) -> str:
    if report.edition is not None:
        return report.edition.name
    return _("Index071, all indicators, equal weights")


def contribution_rows(report: IndexReport, change: calc.Change | None) -> list[dict]:
    """The contributions of a change, largest effect first, with names; plus the composition."""
    if change is None:
        return []
    names = {info.slug: info.name for info in report.indicators}
    themes = {theme.slug: theme.name for theme in report.themes}
    rows = [
        {
            "indicator": item.indicator,
            "name": names.get(item.indicator, item.indicator),
            "theme": themes.get(item.theme, item.theme),
            "points": calc.to_decimal(item.points, 2),
        }
        for item in change.ranked()
    ]
    if change.composition:
        rows.append(
            {
                "indicator": "",
                "name": _("Change in the indicators available (missing data)"),
                "theme": "",
                "points": calc.to_decimal(change.composition, 2),
            }
        )
    return rows


def _points(rows: list[dict]) -> list[dict]:
    return [{"indicator": row["indicator"] or None, "points": str(row["points"])} for row in rows]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def report_as_dict(report: IndexReport) -> dict:
    """JSON-ready: per area and year the total, theme and indicator indexes (1 decimal)."""
    areas = []
    for area in report.areas:
        result = report.results.get(area.key)
        if result is None:
            continue
        years = []
        for year in result.years:
            years.append(
                {
                    "year": year.year,
                    "total": _text(calc.to_decimal(year.total, 1)),
                    "themes": {
                        theme.slug: _text(calc.to_decimal(year.themes.get(theme.slug), 1))
                        for theme in report.themes
                        if theme.slug in year.themes or theme.slug in year.missing_themes
                    },
                    "indicators": {
                        slug: _text(calc.to_decimal(value, 1))
                        for slug, value in year.indicators.items()
                    },
                    "left_out": list(year.missing),
                    "themes_left_out": list(year.missing_themes),
                    "change_since_previous_year": _change(report, result.since_previous(year.year)),
                    "change_since_base_year": _change(report, result.since_base(year.year))
                    if year.year != report.base_year
                    else None,
                }
            )
        areas.append({"area": area.key, "name": area.name, "kind": area.kind, "years": years})
    return {
        "title": report_title(report),
        "edition": report.edition.slug if report.edition else None,
        "base_year": report.base_year,
        "example_data": report.example_data,
        "example_data_note": str(EXAMPLE_NOTE) if report.example_data else "",
        "note": str(POLICY_NOTE),
        "missing_data_rule": str(MISSING_RULE),
        "themes": [
            {"theme": t.slug, "name": t.name, "weight": str(t.weight.normalize())}
            for t in report.themes
        ],
        "indicators": [
            {
                "indicator": i.slug,
                "name": i.name,
                "theme": i.theme,
                "unit": i.unit,
                "direction": i.direction,
                "weight": str(i.weight.normalize()),
                "source": i.source_name,
                "source_url": i.source_url,
                "licence": i.licence,
            }
            for i in report.indicators
        ],
        "areas": areas,
    }


def _change(report: IndexReport, change: calc.Change | None) -> dict | None:
    if change is None:
        return None
    return {
        "from_year": change.from_year,
        "points": str(calc.to_decimal(change.change, 2)),
        "contributions": _points(contribution_rows(report, change)),
    }


# --- Retail monitor -----------------------------------------------------------------------------

# The retail figures are percentages already: 6.4 is 6,4% (not a share of 1).
format_percentage = partial(format_percent, unit="percent")

RETAIL_EXAMPLE_NOTE = gettext_lazy(
    "Voorbeeldcijfers: the shopping areas, their figures and the targets shown here are "
    "example data made up for the demonstration, not the real retail monitor. The lines of "
    "action and their contact points are those of the Retailvisie."
)
RETAIL_VACANCY_RULE = gettext_lazy(
    "Vacancy % = vacant floor space ÷ floor space × 100 (m² wvo, weighted by floor space, "
    "also in the totals); the vacancy of outlets is counted the same way."
)
RETAIL_REDUCTION_RULE = gettext_lazy(
    "Line C: m² reduced = floor space of the peripheral locations in the baseline year minus "
    "that in the year shown, over the locations with a figure in both years; a location "
    "without one is named, never estimated."
)


def retail_charts(monitor) -> dict:
    """The retail page's SVG charts: vacancy per area, vacancy per type over the years, line C."""
    vacancy_chart = charts.bar_chart(
        [
            {"label": row.area.name, "value": row.vacancy_pct}
            for row in monitor.rows
            if row.figure is not None
        ],
        title=_("Vacancy per shopping area in %(year)s (%% of floor space)")
        % {"year": monitor.year},
        reference=None,
        value_format=format_percentage,
        note=_chart_note(monitor.example_data),
    )
    type_series = [{"label": label, "points": points} for label, points in monitor.vacancy_by_type]
    type_title = _("Vacancy per type of shopping area (percentage of floor space)")
    type_chart = charts.line_chart(
        type_series,
        title=type_title,
        reference=None,
        value_format=format_percentage,
        height=260,
        note=_chart_note(monitor.example_data),
        axis_label=_("% of floor space"),
    )
    line_charts = []
    for progress in monitor.lines:
        points = [(item.year, item.value) for item in progress.years]
        fmt = format_percentage if progress.unit == "%" else format_whole
        target = progress.line.target_value
        line_charts.append(
            {
                "code": progress.line.code,
                "chart": charts.line_chart(
                    [
                        {
                            "label": _("Line of action %(code)s") % {"code": progress.line.code},
                            "points": points,
                        }
                    ],
                    title=_("Line %(code)s: progress per year") % {"code": progress.line.code}
                    + (" " + _("(dashed line: the target)") if target is not None else ""),
                    reference=float(target) if target is not None else None,
                    value_format=fmt,
                    height=200,
                    note=_chart_note(monitor.example_data),
                    axis_label=progress.unit,
                ),
            }
        )
    return {
        "vacancy_chart": vacancy_chart,
        "type_chart": type_chart,
        "type_chart_title": type_title,
        "line_charts": line_charts,
    }


def retail_rows(programme) -> tuple[list, list[list]]:
    header = [
        _("year"),
        _("municipality"),
        _("shopping area"),
        _("type"),
        _("in the main structure"),
        _("floor space (m² wvo)"),
        _("outlets"),
        _("vacant floor space (m² wvo)"),
        _("vacant outlets"),
        _("vacancy (percentage of m²)"),
        _("vacancy (percentage of outlets)"),
        _("source"),
    ]
    rows = []
    for figure in selectors.retail_figures(programme=programme):
        area = figure.area
        rows.append(
            [
                figure.year,
                area.municipality.name,
                area.name,
                str(area.get_area_type_display()),
                _("yes") if area.in_main_structure else _("no"),
                figure.floor_space_m2,
                figure.outlets,
                figure.vacant_m2,
                figure.vacant_outlets,
                percentage(figure.vacant_m2, figure.floor_space_m2),
                percentage(figure.vacant_outlets, figure.outlets),
                figure.source,
            ]
        )
    return header, rows


def action_line_rows(monitor) -> tuple[list, list[list]]:
    header = [
        _("line"),
        _("name"),
        _("year"),
        _("progress"),
        _("unit"),
        _("target"),
        _("target year"),
        _("share of the target (%)"),
        _("note"),
    ]
    rows = []
    for progress in monitor.lines:
        line = progress.line
        for item in progress.years:
            rows.append(
                [
                    line.code,
                    line.name,
                    item.year,
                    item.value,
                    progress.unit,
                    line.target_value,
                    line.target_year,
                    item.share_of_target,
                    item.note,
                ]
            )
    return header, rows


# --- Business parks -----------------------------------------------------------------------------

PARKS_EXAMPLE_NOTE = gettext_lazy(
    "Voorbeeldcijfers: the business parks, their hectares, the demand scenarios and the ledger "
    "shown here are example data made up for the demonstration, not the figures of the "
    "business parks strategy."
)
PARKS_BALANCE_RULE = gettext_lazy(
    "Balance = land available at the start of the supply year (hard plan capacity, and hard "
    "plus soft) minus the forecast demand added up year by year. Below zero is a shortfall. "
    "A year without a forecast leaves the balance unknown from that year on. The region's "
    "balance uses a forecast for the region when there is one, otherwise the sum of the "
    "municipalities' forecasts."
)


def parks_context(overview, scenario: str) -> dict:
    """The balance chart and table of one scenario, and the plain words about the shortfall."""
    rows = []
    if overview.region_balance is not None:
        rows = overview.region_balance.scenarios.get(scenario, [])
    chart = charts.line_chart(
        [
            {
                "label": _("hard supply"),
                "points": [(r.year, r.hard_balance) for r in rows],
            },
            {
                "label": _("hard + soft supply"),
                "points": [(r.year, r.total_balance) for r in rows],
            },
        ]
        if rows
        else [],
        title=_("Balance of business land, %(scenario)s scenario (ha; below 0: shortfall)")
        % {"scenario": Scenario(scenario).label},
        reference=0,
        value_format=charts.format_hectares,
        note=_chart_note(overview.example_data),
        axis_label="ha",
    )
    hard_year = first_shortfall(rows, include_soft=False)
    total_year = first_shortfall(rows, include_soft=True)
    return {
        "balance_rows": rows,
        "balance_chart": chart,
        "hard_shortfall_year": hard_year,
        "total_shortfall_year": total_year,
        "end": rows[-1] if rows else None,
        "scenario_summary": [
            {
                "scenario": value,
                "label": label,
                "end": overview.end_balance(value),
                "hard_year": overview.shortfall(value, include_soft=False),
                "total_year": overview.shortfall(value, include_soft=True),
            }
            for value, label in Scenario.choices
            if overview.region_balance and value in overview.region_balance.scenarios
        ],
    }


def parks_sheets(programme, overview) -> list[tuple[str, list, list[list]]]:
    example = _("yes") if overview.example_data else _("no")
    balance_header = [
        _("area"),
        _("scenario"),
        _("year"),
        _("demand (ha)"),
        _("demand so far (ha)"),
        _("balance against hard supply (ha)"),
        _("balance against hard + soft supply (ha)"),
        _("voorbeeldcijfers"),
    ]
    balances = ([overview.region_balance] if overview.region_balance else []) + list(
        overview.municipality_balances
    )
    balance_rows = [
        [
            balance.label,
            str(Scenario(scenario).label),
            row.year,
            row.demand,
            row.cumulative_demand,
            row.hard_balance,
            row.total_balance,
            example,
        ]
        for balance in balances
        for scenario, rows in balance.scenarios.items()
        for row in rows
    ]
    park_header = [
        _("year"),
        _("municipality"),
        _("business park"),
        _("gross hectares"),
        _("net hectares"),
        _("available: hard plan capacity (ha)"),
        _("available: soft plan capacity (ha)"),
        _("jobs"),
        _("source"),
    ]
    park_rows = [
        [
            f.year,
            f.park.municipality.name,
            f.park.name,
            f.gross_ha,
            f.net_ha,
            f.hard_ha,
            f.soft_ha,
            f.jobs,
            f.source,
        ]
        for f in selectors.park_figures(programme=programme)
    ]
    ledger_header = [
        _("municipality"),
        _("business park"),
        _("year"),
        _("kind"),
        _("hectares"),
        _("description"),
        _("source"),
    ]
    ledger_rows = [
        [
            e.municipality.name,
            e.park.name if e.park else "",
            e.year,
            str(e.get_kind_display()),
            e.hectares,
            e.description,
            e.source,
        ]
        for row in overview.ledger
        for e in row.entries
    ]
    notes = [[str(PARKS_BALANCE_RULE)]]
    if overview.example_data:
        notes.insert(0, [str(PARKS_EXAMPLE_NOTE)])
    return [
        (_("Balance"), balance_header, balance_rows),
        (_("Business parks"), park_header, park_rows),
        (_("Ledger"), ledger_header, ledger_rows),
        (_("Notes"), [], notes),
    ]


# --- The yearly monitor report ------------------------------------------------------------------


def index_section(programme) -> dict:
    """Index071 of the latest edition for the report: region and municipalities, themes,
    contributions, missing data and what the index does not measure."""
    edition = selectors.edition_latest()
    section = {"policy_note": POLICY_NOTE, "missing_rule": MISSING_RULE}
    try:
        report = selectors.index_report(programme=programme, edition=edition)
    except MonitorError as error:
        section["errors"] = error.messages
        return section
    latest = report.latest_year
    region = report.areas[0]
    result = report.results.get(region.key)
    area_rows = []
    for area in report.areas:
        found = report.results.get(area.key)
        item = found.year(latest) if found and latest else None
        area_rows.append(
            {
                "area": area,
                "total": calc.to_decimal(item.total, 1) if item else None,
                "themes": [
                    calc.to_decimal(item.themes.get(t.slug), 1) if item else None
                    for t in report.themes
                ],
            }
        )
    totals = []
    for area in report.areas:
        found = report.results.get(area.key)
        points = []
        for year in report.years:
            item = found.year(year) if found else None
            points.append((year, calc.to_decimal(item.total, 1) if item else None))
        totals.append({"label": area.name, "points": points})
    names = {i.slug: i.name for i in report.indicators}
    theme_names = {t.slug: t.name for t in report.themes}
    missing = []
    if result:
        for item in result.years:
            if item.missing:
                missing.append({"year": item.year, "indicators": [names[s] for s in item.missing]})
    section.update(
        {
            "report": report,
            "title": report_title(report),
            "region": region,
            "latest": latest,
            "area_rows": area_rows,
            "themes": report.themes,
            "chart": charts.line_chart(
                totals,
                title=_("Total index per area (%(year)s = 100)") % {"year": report.base_year},
                note=_chart_note(report.example_data),
                axis_label=_("index"),
            ),
            "area_charts": _area_charts(report, totals),
            "previous": contribution_rows(report, result.since_previous(latest))
            if result and latest
            else [],
            "base": contribution_rows(report, result.since_base(latest))
            if result and latest and latest != report.base_year
            else [],
            "missing": missing,
            "theme_names": theme_names,
        }
    )
    return section


def _area_charts(report: IndexReport, totals: list[dict]) -> list[dict]:
    """One small chart per area on one shared scale: seven lines in one chart overlap."""
    values = [float(v) for item in totals for _year, v in item["points"] if v is not None]
    if not values:
        return []
    shared = (min(values), max(values))
    return [
        {
            "label": item["label"],
            "chart": charts.line_chart(
                [item],
                title=_("%(area)s: total index (%(year)s = 100)")
                % {"area": item["label"], "year": report.base_year},
                note=_chart_note(report.example_data),
                value_range=shared,
                width=360,
                height=230,
                axis_label=_("index"),
                caption=item["label"],
            ),
        }
        for item in totals
    ]


def monitor_report(programme) -> dict:
    """Everything the yearly monitor report shows (web page and PDF use the same context)."""
    retail = selectors.retail_monitor(programme=programme)
    parks = selectors.parks_overview(programme=programme)
    scenario = Scenario.MID
    index = index_section(programme)
    return {
        "programme": programme,
        "generated_on": timezone.localdate(),
        "index": index,
        "index_example": bool(index.get("report") and index["report"].example_data),
        "example_data_shown": bool(index.get("report") and index["report"].example_data)
        or retail.example_data
        or parks.example_data,
        "example_note": EXAMPLE_NOTE,
        "retail": retail,
        "retail_example_note": RETAIL_EXAMPLE_NOTE,
        "retail_vacancy_rule": RETAIL_VACANCY_RULE,
        "retail_reduction_rule": RETAIL_REDUCTION_RULE,
        **{f"retail_{k}": v for k, v in retail_charts(retail).items()},
        "parks": parks,
        "parks_example_note": PARKS_EXAMPLE_NOTE,
        "parks_balance_rule": PARKS_BALANCE_RULE,
        "scenario": scenario,
        "scenario_label": Scenario(scenario).label,
        **{f"parks_{k}": v for k, v in parks_context(parks, scenario).items()},
        "seed_source": SEED_SOURCE,
        "covenant_name": COVENANT_NAME,
        "park_direct_jobs": BUSINESS_PARK_DIRECT_JOBS,
        "park_indirect_jobs": BUSINESS_PARK_INDIRECT_JOBS,
    }
