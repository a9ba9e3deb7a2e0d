"""The index as the pages, exports and commands show it: names, rounding and the notes.

The notes are part of every index output: what the index does not measure (the effect of
policy), the rule for missing data, and, for the demo, that the figures are example data.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from economie071.monitor import index as calc
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
