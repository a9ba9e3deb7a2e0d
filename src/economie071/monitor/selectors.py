"""Reads of the monitor: the areas, editions and the inputs of the index calculation.

``index_report`` reads everything the Index071 calculation needs in a fixed number of
queries, hands plain data to ``monitor.index.compute_index`` and returns the result with
the names, sources and labels the pages, exports and commands show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from economie071.core.allocation import allocate
from economie071.monitor import index as calc
from economie071.monitor.calculations import (
    BalanceYear,
    first_shortfall,
    floor_space_reduction,
    land_balance,
    percentage,
)
from economie071.monitor.constants import (
    DEFAULT_BASE_YEAR,
    EXAMPLE_SOURCE,
    PARKS_HORIZON,
    ActionLineMetric,
    AreaType,
    Geography,
    LedgerKind,
    Scenario,
)
from economie071.monitor.exceptions import MonitorError
from economie071.monitor.models import (
    BusinessPark,
    BusinessParkFigure,
    CbsMapping,
    EditionIndicator,
    EditionTheme,
    IndexEdition,
    IndexTheme,
    Indicator,
    LandDemand,
    LedgerEntry,
    Observation,
    ObservationImport,
    RetailActionLine,
    RetailFigure,
    ShoppingArea,
)
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


def monitor_areas(*, programme: Programme) -> list[Area]:
    """The programme's region first, then its municipalities by name."""
    region = programme.region
    areas = [Area(region.slug, region.name, REGION, region.pk)]
    for municipality in Municipality.objects.filter(region_id=region.pk).order_by("name"):
        areas.append(Area(municipality.slug, municipality.name, MUNICIPALITY, municipality.pk))
    return areas


def edition_list() -> QuerySet[IndexEdition]:
    return IndexEdition.objects.order_by("-year_published", "name")


def edition_by_slug(*, slug: str) -> IndexEdition | None:
    return IndexEdition.objects.filter(slug=slug).first()


def edition_latest() -> IndexEdition | None:
    return edition_list().first()


def indicator_list() -> QuerySet[Indicator]:
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
    *,
    programme: Programme,
    edition: IndexEdition | None = None,
    base_year: int | None = None,
    area_keys: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> IndexReport:
    """The index of an edition (or, without one, of all indicators with equal weights).

    `base_year` overrides the edition's (default 2014 without an edition). Raises
    MonitorError with every problem named (unknown area, missing base-year data, ...).
    """
    all_areas = monitor_areas(programme=programme)
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


def index_rows(*, report: IndexReport) -> list[dict]:
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
    *,
    programme: Programme,
    amount: Decimal,
    year: int,
    municipality_keys: Iterable[str] | None = None,
) -> list[AllocationShare]:
    """Share `amount` over municipalities by their inhabitants on 1 January of `year`.

    Uses the CBS figures in the database and core.allocation.allocate (largest
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


def population_years(*, programme: Programme) -> list[int]:
    return sorted(
        set(
            PopulationFigure.objects.filter(
                municipality__region_id=programme.region_id
            ).values_list("year", flat=True)
        )
    )


def index_themes() -> QuerySet[IndexTheme]:
    return IndexTheme.objects.order_by("order", "name")


# --- CBS mappings -------------------------------------------------------------------------------


def cbs_mapping_list() -> QuerySet[CbsMapping]:
    return CbsMapping.objects.select_related("indicator").order_by("indicator__slug", "first_year")


def import_list(*, limit: int = 20) -> QuerySet[ObservationImport]:
    return ObservationImport.objects.select_related("imported_by").order_by("-imported_at", "-id")[
        :limit
    ]


# --- Retail monitor -----------------------------------------------------------------------------


@dataclass
class RetailAreaRow:
    area: ShoppingArea
    figure: RetailFigure | None
    previous: RetailFigure | None

    @property
    def vacancy_pct(self):
        return (
            percentage(self.figure.vacant_m2, self.figure.floor_space_m2) if self.figure else None
        )

    @property
    def vacancy_outlets_pct(self):
        return percentage(self.figure.vacant_outlets, self.figure.outlets) if self.figure else None

    @property
    def floor_space_change(self):
        if self.figure is None or self.previous is None:
            return None
        return self.figure.floor_space_m2 - self.previous.floor_space_m2


@dataclass
class RetailTotal:
    label: str
    areas: int
    floor_space_m2: int
    outlets: int
    vacant_m2: int
    vacant_outlets: int

    @property
    def vacancy_pct(self):
        return percentage(self.vacant_m2, self.floor_space_m2)

    @property
    def vacancy_outlets_pct(self):
        return percentage(self.vacant_outlets, self.outlets)


@dataclass
class LineProgressYear:
    year: int
    value: Decimal | None
    share_of_target: Decimal | None
    note: str = ""
    source: str = ""
    left_out: tuple[str, ...] = ()


@dataclass
class LineProgress:
    line: RetailActionLine
    computed: bool
    unit: str
    years: list[LineProgressYear]

    @property
    def latest(self) -> LineProgressYear | None:
        known = [y for y in self.years if y.value is not None]
        return known[-1] if known else None


@dataclass
class RetailMonitor:
    year: int | None
    years: list[int]
    rows: list[RetailAreaRow]
    type_totals: list[RetailTotal]
    municipality_totals: list[RetailTotal]
    region_total: RetailTotal | None
    lines: list[LineProgress]
    example_data: bool
    sources: list[str]
    areas_without_figure: list[ShoppingArea] = field(default_factory=list)
    # Per type of area (and outside the main structure): vacancy % in every year.
    vacancy_by_type: list[tuple[str, list[tuple[int, Decimal | None]]]] = field(
        default_factory=list
    )


def _total(label: str, figures: list[RetailFigure]) -> RetailTotal:
    return RetailTotal(
        label=label,
        areas=len(figures),
        floor_space_m2=sum(f.floor_space_m2 for f in figures),
        outlets=sum(f.outlets for f in figures),
        vacant_m2=sum(f.vacant_m2 for f in figures),
        vacant_outlets=sum(f.vacant_outlets for f in figures),
    )


def retail_monitor(*, programme: Programme, year: int | None = None) -> RetailMonitor:
    """The retail monitor of a year (default: the latest with figures), in four queries."""
    areas = list(
        ShoppingArea.objects.filter(municipality__region_id=programme.region_id)
        .select_related("municipality")
        .order_by("municipality__name", "area_type", "name")
    )
    figures: dict[int, dict[int, RetailFigure]] = {}
    for figure in RetailFigure.objects.filter(area__in=[a.pk for a in areas]).order_by():
        figures.setdefault(figure.area_id, {})[figure.year] = figure
    years = sorted({y for by_year in figures.values() for y in by_year})
    if year not in years:
        year = years[-1] if years else None
    previous_year = max((y for y in years if year and y < year), default=None)
    rows = [
        RetailAreaRow(
            area=area,
            figure=figures.get(area.pk, {}).get(year),
            previous=figures.get(area.pk, {}).get(previous_year),
        )
        for area in areas
    ]
    shown = [row.figure for row in rows if row.figure is not None]
    type_totals = []
    for value, label in AreaType.choices:
        of_type = [r.figure for r in rows if r.figure and r.area.area_type == value]
        type_totals.append(_total(str(label), of_type))
    outside = [r.figure for r in rows if r.figure and not r.area.in_main_structure]
    if outside:
        type_totals.append(_total(_("outside the main structure"), outside))
    municipality_totals = []
    for municipality in Municipality.objects.filter(region_id=programme.region_id).order_by("name"):
        own = [r.figure for r in rows if r.figure and r.area.municipality_id == municipality.pk]
        municipality_totals.append(_total(municipality.name, own))
    lines = _line_progress(areas, figures, years)
    groups = [
        (str(label), [a for a in areas if a.area_type == value])
        for value, label in AreaType.choices
    ]
    groups.append((_("outside the main structure"), [a for a in areas if not a.in_main_structure]))
    vacancy_by_type = []
    for label, members in groups:
        points = []
        for each_year in years:
            found = [
                figures[a.pk][each_year] for a in members if each_year in figures.get(a.pk, {})
            ]
            points.append((each_year, _total(label, found).vacancy_pct if found else None))
        if members:
            vacancy_by_type.append((label, points))
    sources = sorted({f.source for by_year in figures.values() for f in by_year.values()})
    sources += [p.source for line in lines for p in line.years if p.source]
    return RetailMonitor(
        year=year,
        years=years,
        rows=rows,
        type_totals=type_totals,
        municipality_totals=municipality_totals,
        region_total=_total(programme.region.name, shown) if shown else None,
        lines=lines,
        example_data=EXAMPLE_SOURCE in sources
        or any(line.line.target_source == EXAMPLE_SOURCE for line in lines),
        sources=sorted(set(sources)),
        areas_without_figure=[row.area for row in rows if row.figure is None],
        vacancy_by_type=vacancy_by_type,
    )


def _line_progress(areas, figures, years) -> list[LineProgress]:
    lines = list(
        RetailActionLine.objects.select_related("contact_municipality")
        .prefetch_related("progress")
        .order_by("code")
    )
    result = []
    for line in lines:
        target = line.target_value
        items: list[LineProgressYear] = []
        if line.metric == ActionLineMetric.PERIPHERAL_REDUCTION:
            peripheral = {
                a.name: {y: f.floor_space_m2 for y, f in figures.get(a.pk, {}).items()}
                for a in areas
                if a.area_type == AreaType.PERIPHERAL
            }
            for year in (y for y in years if y > line.baseline_year):
                reduction = floor_space_reduction(peripheral, line.baseline_year, year)
                value = Decimal(reduction.reduced_m2) if reduction else None
                items.append(
                    LineProgressYear(
                        year=year,
                        value=value,
                        share_of_target=percentage(value, target) if target else None,
                        left_out=reduction.left_out if reduction else (),
                    )
                )
            unit = "m² wvo"
        elif line.metric == ActionLineMetric.MAIN_VACANCY:
            for year in (y for y in years if y >= line.baseline_year):
                main = [
                    figures[a.pk][year]
                    for a in areas
                    if a.in_main_structure and year in figures.get(a.pk, {})
                ]
                total = _total("", main)
                items.append(
                    LineProgressYear(year=year, value=total.vacancy_pct, share_of_target=None)
                )
            unit = "%"
        else:
            for progress in sorted(line.progress.all(), key=lambda p: p.year):
                items.append(
                    LineProgressYear(
                        year=progress.year,
                        value=progress.value,
                        share_of_target=percentage(progress.value, target) if target else None,
                        note=progress.note,
                        source=progress.source,
                    )
                )
            unit = line.target_unit
        result.append(
            LineProgress(
                line=line,
                computed=line.metric != ActionLineMetric.MANUAL,
                unit=line.target_unit or unit,
                years=items,
            )
        )
    return result


def retail_area_list(
    *, programme: Programme, municipality: str = "", area_type: str = ""
) -> QuerySet[ShoppingArea]:
    """Shopping areas with their figures (for the API): two queries whatever the count."""
    areas = (
        ShoppingArea.objects.filter(municipality__region_id=programme.region_id)
        .select_related("municipality")
        .prefetch_related(Prefetch("figures", queryset=RetailFigure.objects.order_by("year")))
        .order_by("municipality__name", "name")
    )
    if municipality:
        areas = areas.filter(municipality__slug=municipality)
    if area_type:
        areas = areas.filter(area_type=area_type)
    return areas


# --- Business parks -----------------------------------------------------------------------------


@dataclass
class ParkRow:
    park: BusinessPark
    figure: BusinessParkFigure | None


@dataclass
class ParkTotal:
    label: str
    key: str
    parks: int
    gross_ha: Decimal
    net_ha: Decimal
    hard_ha: Decimal
    soft_ha: Decimal
    jobs: int | None  # None when a park lacks a jobs figure


@dataclass
class LedgerRow:
    municipality: Municipality
    transformed: Decimal
    compensated: Decimal
    entries: list[LedgerEntry]

    @property
    def outstanding(self) -> Decimal:
        """Hectares still to compensate (never below 0)."""
        return max(self.transformed - self.compensated, Decimal(0))


@dataclass
class AreaBalance:
    label: str
    key: str
    supply: ParkTotal
    basis: str  # "region" (forecast for the region) or "municipalities" (their sum)
    scenarios: dict[str, list[BalanceYear]]


@dataclass
class ParksOverview:
    supply_year: int | None
    years: list[int]
    rows: list[ParkRow]
    municipality_totals: list[ParkTotal]
    region_total: ParkTotal | None
    region_balance: AreaBalance | None
    municipality_balances: list[AreaBalance]
    ledger: list[LedgerRow]
    ledger_totals: tuple[Decimal, Decimal, Decimal]
    example_data: bool
    sources: list[str]
    parks_without_figure: list[BusinessPark]
    horizon: int

    def shortfall(self, scenario: str, *, include_soft: bool) -> int | None:
        if self.region_balance is None:
            return None
        rows = self.region_balance.scenarios.get(scenario, [])
        return first_shortfall(rows, include_soft=include_soft)

    def end_balance(self, scenario: str) -> BalanceYear | None:
        if self.region_balance is None:
            return None
        rows = self.region_balance.scenarios.get(scenario, [])
        return rows[-1] if rows else None


def _park_total(label: str, key: str, figures: list[BusinessParkFigure]) -> ParkTotal:
    jobs = [f.jobs for f in figures]
    return ParkTotal(
        label=label,
        key=key,
        parks=len(figures),
        gross_ha=sum((f.gross_ha for f in figures), Decimal(0)),
        net_ha=sum((f.net_ha for f in figures), Decimal(0)),
        hard_ha=sum((f.hard_ha for f in figures), Decimal(0)),
        soft_ha=sum((f.soft_ha for f in figures), Decimal(0)),
        jobs=None if not jobs or None in jobs else sum(jobs),
    )


def parks_overview(*, programme: Programme, year: int | None = None) -> ParksOverview:
    """Parks, supply, the demand balance per scenario to the horizon, and the ledger.

    Supply is the available land in the latest year with park figures (or `year`). The
    region's balance uses a forecast made for the region when there is one, otherwise the
    sum of the municipalities' forecasts (never both, which would count twice).
    """
    region = programme.region
    municipalities = list(Municipality.objects.filter(region_id=region.pk).order_by("name"))
    parks = list(
        BusinessPark.objects.filter(municipality__region_id=region.pk)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    figures: dict[int, dict[int, BusinessParkFigure]] = {}
    for figure in BusinessParkFigure.objects.filter(park__in=[p.pk for p in parks]).order_by():
        figures.setdefault(figure.park_id, {})[figure.year] = figure
    years = sorted({y for by_year in figures.values() for y in by_year})
    supply_year = year if year in years else (years[-1] if years else None)
    rows = [ParkRow(park, figures.get(park.pk, {}).get(supply_year)) for park in parks]
    shown = [row.figure for row in rows if row.figure]
    municipality_totals = [
        _park_total(
            m.name,
            m.slug,
            [r.figure for r in rows if r.figure and r.park.municipality_id == m.pk],
        )
        for m in municipalities
    ]
    region_total = _park_total(region.name, region.slug, shown) if shown else None

    demand: dict[tuple[str, str], dict[int, Decimal]] = {}
    sources = {f.source for f in shown}
    for item in LandDemand.objects.filter(
        Q(region_id=region.pk) | Q(municipality__region_id=region.pk)
    ).order_by():
        key = region.slug if item.region_id else None
        if key is None:
            key = next(m.slug for m in municipalities if m.pk == item.municipality_id)
        demand.setdefault((key, item.scenario), {})[item.year] = item.hectares
        sources.add(item.source)
    horizon = max([PARKS_HORIZON] + [y for series in demand.values() for y in series])

    def balances(supply: ParkTotal, key: str) -> dict[str, list[BalanceYear]]:
        result = {}
        for scenario in Scenario.values:
            series = demand.get((key, scenario))
            if series and supply_year is not None:
                result[scenario] = land_balance(
                    hard=supply.hard_ha,
                    soft=supply.soft_ha,
                    demand=series,
                    first_year=supply_year,
                    last_year=horizon,
                )
        return result

    municipality_balances = []
    for total in municipality_totals:
        scenarios = balances(total, total.key)
        if scenarios:
            municipality_balances.append(
                AreaBalance(total.label, total.key, total, "municipality", scenarios)
            )
    region_balance = None
    if region_total is not None:
        basis = "region"
        if not any((region.slug, s) in demand for s in Scenario.values):
            basis = "municipalities"
            for scenario in Scenario.values:
                parts = [demand.get((m.slug, scenario)) for m in municipalities]
                parts = [p for p in parts if p]
                if parts:
                    summed: dict[int, Decimal] = {}
                    every_year = set().union(*parts)
                    for y in every_year:
                        # A year counts only when every municipality with a forecast has it.
                        if all(y in p for p in parts):
                            summed[y] = sum((p[y] for p in parts), Decimal(0))
                    demand[(region.slug, scenario)] = summed
        region_balance = AreaBalance(
            region.name, region.slug, region_total, basis, balances(region_total, region.slug)
        )

    entries = list(
        LedgerEntry.objects.filter(municipality__region_id=region.pk)
        .select_related("municipality", "park")
        .order_by("municipality__name", "year", "id")
    )
    ledger = []
    for municipality in municipalities:
        own = [e for e in entries if e.municipality_id == municipality.pk]
        transformed = sum(
            (e.hectares for e in own if e.kind == LedgerKind.TRANSFORMATION), Decimal(0)
        )
        compensated = sum(
            (e.hectares for e in own if e.kind == LedgerKind.COMPENSATION), Decimal(0)
        )
        ledger.append(LedgerRow(municipality, transformed, compensated, own))
        sources.update(e.source for e in own)
    totals = (
        sum((row.transformed for row in ledger), Decimal(0)),
        sum((row.compensated for row in ledger), Decimal(0)),
        sum((row.outstanding for row in ledger), Decimal(0)),
    )
    return ParksOverview(
        supply_year=supply_year,
        years=years,
        rows=rows,
        municipality_totals=municipality_totals,
        region_total=region_total,
        region_balance=region_balance,
        municipality_balances=municipality_balances,
        ledger=ledger,
        ledger_totals=totals,
        example_data=EXAMPLE_SOURCE in sources,
        sources=sorted(sources),
        parks_without_figure=[row.park for row in rows if row.figure is None],
        horizon=horizon,
    )


def business_park_list(*, programme: Programme, municipality: str = "") -> QuerySet[BusinessPark]:
    parks = (
        BusinessPark.objects.filter(municipality__region_id=programme.region_id)
        .select_related("municipality")
        .prefetch_related(Prefetch("figures", queryset=BusinessParkFigure.objects.order_by("year")))
        .order_by("municipality__name", "name")
    )
    if municipality:
        parks = parks.filter(municipality__slug=municipality)
    return parks


def observation_list(
    *, programme: Programme, indicator: str = "", area: str = "", year: int | None = None
) -> QuerySet[Observation]:
    """Observations in the programme's areas (for the API), oldest year first."""
    observations = (
        Observation.objects.filter(
            Q(region_id=programme.region_id) | Q(municipality__region_id=programme.region_id)
        )
        .select_related("indicator", "region", "municipality")
        .order_by("indicator__slug", "year", "region_id", "municipality__name", "id")
    )
    if indicator:
        observations = observations.filter(indicator__slug=indicator)
    if area:
        observations = observations.filter(Q(region__slug=area) | Q(municipality__slug=area))
    if year is not None:
        observations = observations.filter(year=year)
    return observations


def action_line_by_code(*, code: str) -> RetailActionLine | None:
    return (
        RetailActionLine.objects.select_related("contact_municipality")
        .filter(code=code.upper())
        .first()
    )


def region_municipalities(*, programme: Programme) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region_id=programme.region_id).order_by("name")


def retail_figures(*, programme: Programme) -> QuerySet[RetailFigure]:
    return (
        RetailFigure.objects.filter(area__municipality__region_id=programme.region_id)
        .select_related("area", "area__municipality")
        .order_by("year", "area__municipality__name", "area__area_type", "area__name")
    )


def park_figures(*, programme: Programme) -> QuerySet[BusinessParkFigure]:
    return (
        BusinessParkFigure.objects.filter(park__municipality__region_id=programme.region_id)
        .select_related("park", "park__municipality")
        .order_by("year", "park__municipality__name", "park__name")
    )
