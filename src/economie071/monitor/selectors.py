"""Reads of the monitor: the areas, editions and the inputs of the index calculation.

``index_report`` reads everything the Index071 calculation needs in a fixed number of
queries, hands plain data to ``monitor.index.compute_index`` and returns the result with
the names, sources and labels the pages, exports and commands show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from economie071.monitor import index as calc
from economie071.monitor.constants import DEFAULT_BASE_YEAR, EXAMPLE_SOURCE, Geography
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import (
    EditionIndicator,
    EditionTheme,
    IndexEdition,
    IndexTheme,
    Indicator,
    Observation,
)
from economie071.portfolio.allocation import allocate
from economie071.programme.models import Municipality, PopulationFigure, Programme

REGION = "region"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Area:
    key: str  # the slug: the area's name in the calculation, the command and the URL
    name: str
    kind: str  # REGION or MUNICIPALITY
    pk: int


@dataclass(frozen=True)
class IndicatorInfo:
    slug: str
    name: str
    theme: str
    unit: str
    direction: str
    direction_label: str
    geography: str
    source_name: str
    source_url: str
    licence: str
    description: str
    weight: Decimal


@dataclass(frozen=True)
class ThemeInfo:
    slug: str
    name: str
    weight: Decimal


@dataclass
class IndexReport:
    edition: IndexEdition | None
    base_year: int
    areas: list[Area]
    themes: list[ThemeInfo]
    indicators: list[IndicatorInfo]
    results: dict[str, calc.AreaIndex]
    example_data: bool
    sources: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({y.year for result in self.results.values() for y in result.years})

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    def area(self, key: str) -> Area | None:
        return next((area for area in self.areas if area.key == key), None)

    def indicator(self, slug: str) -> IndicatorInfo | None:
        return next((item for item in self.indicators if item.slug == slug), None)

    def theme(self, slug: str) -> ThemeInfo | None:
        return next((item for item in self.themes if item.slug == slug), None)


# --- Areas and editions ----------------------------------------------------------------------


def monitor_areas(programme: Programme) -> list[Area]:
    """The programme's region first, then its municipalities by name."""
    region = programme.region
    areas = [Area(region.slug, region.name, REGION, region.pk)]
    for municipality in Municipality.objects.filter(region_id=region.pk).order_by("name"):
        areas.append(Area(municipality.slug, municipality.name, MUNICIPALITY, municipality.pk))
    return areas


def edition_list():
    return IndexEdition.objects.order_by("-year_published", "name")


def edition_by_slug(slug: str) -> IndexEdition | None:
    return IndexEdition.objects.filter(slug=slug).first()


def edition_latest() -> IndexEdition | None:
    return edition_list().first()


def indicator_list():
    return Indicator.objects.select_related("theme").order_by("theme__order", "theme__name", "name")


# --- The index -------------------------------------------------------------------------------


def _problem_text(problem: calc.Problem, names: dict[str, str]) -> str:
    params = {
        "indicator": names.get(problem.indicator, problem.indicator),
        "area": names.get(problem.area, problem.area),
        "year": problem.year,
        "theme": names.get(problem.theme, problem.theme),
    }
    texts = {
        "base_missing": _(
            "%(indicator)s has no value for %(area)s in the base year %(year)s, so its index "
            "cannot be calculated. Import the base-year figure or choose another base year."
        ),
        "base_not_positive": _(
            "%(indicator)s has a base-year value of 0 (or less) for %(area)s in %(year)s: "
            "an index relative to it would divide by zero."
        ),
        "value_not_positive": _(
            "%(indicator)s (lower is better) has a value of 0 (or less) for %(area)s in "
            "%(year)s: its inverted ratio would divide by zero."
        ),
        "before_base_year": _(
            "%(year)s is before the base year: the index starts at the base year."
        ),
    }
    text = texts.get(problem.code)
    return text % params if text else problem.message


def index_report(
    programme: Programme,
    *,
    edition: IndexEdition | None = None,
    base_year: int | None = None,
    area_keys: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> IndexReport:
    """The index of an edition (or, without one, of all indicators with equal weights).

    `base_year` overrides the edition's (default 2014 without an edition). Raises
    MonitorError with every problem named (unknown area, missing base-year data, ...).
    """
    all_areas = monitor_areas(programme)
    areas = all_areas
    if area_keys is not None:
        wanted = list(dict.fromkeys(area_keys))
        unknown = [key for key in wanted if key not in {a.key for a in areas}]
        if unknown:
            raise MonitorError(
                _("Unknown area: %(areas)s. Choose from: %(known)s.")
                % {"areas": ", ".join(unknown), "known": ", ".join(a.key for a in areas)}
            )
        areas = [area for area in areas if area.key in wanted]

    if edition is not None:
        rows = list(
            EditionIndicator.objects.filter(edition=edition)
            .select_related("indicator", "theme")
            .order_by("theme__order", "theme__name", "indicator__name")
        )
        set_items = [(row.indicator, row.theme, row.weight) for row in rows]
        themes = [
            ThemeInfo(row.theme.slug, row.theme.name, row.weight)
            for row in EditionTheme.objects.filter(edition=edition)
            .select_related("theme")
            .order_by("theme__order", "theme__name")
        ]
        base_year = base_year or edition.base_year
    else:
        set_items = [(i, i.theme, Decimal(1)) for i in indicator_list()]
        seen_themes = {theme.slug: theme for _i, theme, _w in set_items}
        themes = [ThemeInfo(t.slug, t.name, Decimal(1)) for t in seen_themes.values()]
        themes.sort(key=lambda t: (seen_themes[t.slug].order, t.name))
        base_year = base_year or DEFAULT_BASE_YEAR

    if not set_items:
        raise MonitorError(_("There are no indicators yet: import indicators first."))

    region_key = programme.region.slug
    indicators = [
        IndicatorInfo(
            slug=indicator.slug,
            name=indicator.name,
            theme=theme.slug,
            unit=indicator.unit,
            direction=indicator.direction,
            direction_label=str(indicator.get_direction_display()),
            geography=indicator.geography,
            source_name=indicator.source_name,
            source_url=indicator.source_url,
            licence=indicator.licence,
            description=indicator.description,
            weight=weight,
        )
        for indicator, theme, weight in set_items
    ]
    definitions = {
        info.slug: calc.IndicatorDefinition(
            theme=info.theme,
            direction=info.direction,
            areas=frozenset({region_key}) if info.geography == Geography.REGION else None,
        )
        for info in indicators
    }
    methodology = calc.Methodology(
        base_year=base_year,
        indicator_weights={info.slug: info.weight for info in indicators},
        theme_weights={theme.slug: theme.weight for theme in themes},
    )

    # One query for every observation of the set in the programme's areas.
    area_filter = Q(region_id=programme.region_id) | Q(municipality__region_id=programme.region_id)
    observations: dict[str, dict[str, dict[int, Decimal]]] = {}
    sources = set()
    example_data = False
    municipality_slugs = {a.pk: a.key for a in all_areas if a.kind != REGION}
    for slug, municipality_id, region_id, year, value, source in (
        Observation.objects.filter(area_filter, indicator__in=[i for i, _t, _w in set_items])
        .values_list("indicator__slug", "municipality_id", "region_id", "year", "value", "source")
        .order_by()
    ):
        key = region_key if region_id else municipality_slugs.get(municipality_id)
        if key is None:
            continue
        observations.setdefault(slug, {}).setdefault(key, {})[year] = value
        sources.add(source)
        example_data = example_data or source == EXAMPLE_SOURCE

    names = {a.key: a.name for a in all_areas}
    names.update({info.slug: info.name for info in indicators})
    names.update({theme.slug: theme.name for theme in themes})
    try:
        results = calc.compute_index(
            observations,
            definitions,
            methodology,
            # An area without a single observation has no index (and no error).
            areas=[
                area.key
                for area in areas
                if any(area.key in series for series in observations.values())
            ],
            years=years,
        )
    except calc.IndexCalculationError as error:
        raise MonitorError([_problem_text(p, names) for p in error.problems]) from None
    return IndexReport(
        edition=edition,
        base_year=base_year,
        areas=areas,
        themes=themes,
        indicators=indicators,
        results=results,
        example_data=example_data,
        sources=sorted(sources),
    )


def index_rows(report: IndexReport) -> list[dict]:
    """The report as flat rows (area, year, level, code, name, index) for export and JSON."""
    rows = []
    theme_names = {t.slug: t.name for t in report.themes}
    for area in report.areas:
        result = report.results.get(area.key)
        if result is None:
            continue
        for year in result.years:
            base = {"area": area.key, "area_name": area.name, "year": year.year}
            rows.append(
                {
                    **base,
                    "level": "total",
                    "code": "",
                    "name": _("Total index"),
                    "index": calc.to_decimal(year.total, 1),
                    "left_out": ", ".join(year.missing),
                }
            )
            for theme in report.themes:
                rows.append(
                    {
                        **base,
                        "level": "theme",
                        "code": theme.slug,
                        "name": theme_names[theme.slug],
                        "index": calc.to_decimal(year.themes.get(theme.slug), 1),
                        "left_out": "",
                    }
                )
            for info in report.indicators:
                if info.geography == Geography.REGION and area.kind != REGION:
                    continue
                rows.append(
                    {
                        **base,
                        "level": "indicator",
                        "code": info.slug,
                        "name": info.name,
                        "index": calc.to_decimal(year.indicators.get(info.slug), 1),
                        "left_out": "",
                    }
                )
    return rows


# --- Cost allocation by inhabitants ---------------------------------------------------------


@dataclass(frozen=True)
class AllocationShare:
    municipality: Municipality
    inhabitants: int
    amount: Decimal
    source: str


def population_allocation(
    programme: Programme,
    *,
    amount: Decimal,
    year: int,
    municipality_keys: Iterable[str] | None = None,
) -> list[AllocationShare]:
    """Share `amount` over municipalities by their inhabitants on 1 January of `year`.

    Uses the CBS figures in the database and portfolio.allocation.allocate (largest
    remainder), so the shares add up to the amount exactly. Raises MonitorError naming an
    unknown municipality or one without a figure for that year.
    """
    municipalities = list(
        Municipality.objects.filter(region_id=programme.region_id).order_by("name")
    )
    if municipality_keys is not None:
        wanted = [key.strip().lower() for key in municipality_keys if key.strip()]
        by_key = {}
        for m in municipalities:
            for key in (m.slug, m.name.lower(), m.cbs_code.lower()):
                by_key[key] = m
        unknown = [key for key in wanted if key not in by_key]
        if unknown:
            raise MonitorError(
                _("Unknown municipality: %(names)s. Choose from: %(known)s.")
                % {
                    "names": ", ".join(unknown),
                    "known": ", ".join(m.slug for m in municipalities),
                }
            )
        chosen = {by_key[key].pk for key in wanted}
        municipalities = [m for m in municipalities if m.pk in chosen]
    if not municipalities:
        raise MonitorError(_("Choose at least one municipality."))
    figures = {
        figure.municipality_id: figure
        for figure in PopulationFigure.objects.filter(municipality__in=municipalities, year=year)
    }
    missing = [m.name for m in municipalities if m.pk not in figures]
    if missing:
        raise MonitorError(
            _("No inhabitants figure for 1 January %(year)s: %(names)s.")
            % {"year": year, "names": ", ".join(missing)}
        )
    try:
        shares = allocate(amount, {m.pk: figures[m.pk].inhabitants for m in municipalities})
    except ValueError as error:
        raise MonitorError(str(error)) from None
    return [
        AllocationShare(m, figures[m.pk].inhabitants, shares[m.pk], figures[m.pk].source)
        for m in municipalities
    ]


def population_years(programme: Programme) -> list[int]:
    return sorted(
        set(
            PopulationFigure.objects.filter(
                municipality__region_id=programme.region_id
            ).values_list("year", flat=True)
        )
    )


def index_themes():
    return IndexTheme.objects.order_by("order", "name")
