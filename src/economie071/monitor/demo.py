"""The monitor's demo: Index071 themes, indicators, example series and two example editions.

The indicator series are VOORBEELDCIJFERS (example data): generated deterministically from
the parameters in ``demo_data/index071_voorbeeldcijfers.yaml`` and stored with the source
"Voorbeeldcijfers (geen echte gegevens)", so they are never mistaken for the real monitor.
Everything goes through the monitor's services (the import path a user takes). Loading
twice changes nothing.

The retail monitor and the business parks get the same treatment: what the printed project
overview states (the lines of action and their contact points, the 42,500 direct and 10,000
indirect jobs on business parks, the covenant, the horizon 2030) is used as such, with
``SEED_SOURCE``; the shopping areas, parks, hectares, demand scenarios and targets are
voorbeeldcijfers from ``demo_data/*_voorbeeldcijfers.yaml``.

The real figures the monitor shows (congress participant-days, expats, business-park jobs)
come from the printed project overview and live in ``constants`` with their source.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from economie071.monitor import services
from economie071.monitor.constants import (
    EXAMPLE_LABEL,
    EXAMPLE_SOURCE,
    SEED_SOURCE,
    Geography,
    LedgerKind,
)
from economie071.monitor.models import (
    BusinessPark,
    BusinessParkFigure,
    IndexEdition,
    LandDemand,
    LedgerEntry,
    Observation,
    RetailFigure,
)
from economie071.monitor.tables import Row
from economie071.programme.models import Municipality, Programme

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "index071_voorbeeldcijfers.yaml"
IMPORT_NAME = "demo_data/index071_voorbeeldcijfers.yaml"
EXAMPLE_DESCRIPTION = (
    "Voorbeeldcijfers: gegenereerd voor de demonstratie, geen echte gegevens. Bedoeld meetpunt: "
)


RETAIL_FILE = Path(__file__).resolve().parent / "demo_data" / "retail_voorbeeldcijfers.yaml"
RETAIL_IMPORT_NAME = "demo_data/retail_voorbeeldcijfers.yaml"
PARKS_FILE = (
    Path(__file__).resolve().parent / "demo_data" / "bedrijventerreinen_voorbeeldcijfers.yaml"
)
PARKS_IMPORT_NAME = "demo_data/bedrijventerreinen_voorbeeldcijfers.yaml"
DEMAND_IMPORT_NAME = "demo_data/bedrijventerreinen_voorbeeldcijfers.yaml (vraag)"


@dataclass(frozen=True)
class MonitorDemoReport:
    themes: int
    indicators: int
    observations_created: int
    editions_created: int
    retail_figures_created: int = 0
    park_figures_created: int = 0
    demand_created: int = 0
    ledger_created: int = 0


def read_demo_data(path: Path = DATA_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if data.get("source") != EXAMPLE_SOURCE or data.get("label") != EXAMPLE_LABEL:
        raise ValueError(f"{path.name}: example data must be labelled as voorbeeldcijfers.")
    return data


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def generate_rows(data: dict, region_slug: str) -> list[Row]:
    """The example observations as import rows (deterministic: same data, same rows)."""
    first, last = data["years"]
    sizes = data["sizes"]
    gaps = {(g["indicator"], g["area"], g["year"]) for g in data.get("gaps", [])}
    rows: list[Row] = []

    def wiggle(indicator: str, area: str, year: int) -> float:
        if year == first:
            return 1.0
        rng = random.Random(f"{data['seed']}:{indicator}:{area}:{year}")  # noqa: S311
        return 1 + rng.uniform(-0.03, 0.03)

    def add(indicator: dict, area: str, year: int, value: Decimal):
        if (indicator["slug"], area, year) in gaps:
            return
        rows.append(
            Row(
                line=len(rows) + 2,
                cells={
                    "indicator": indicator["slug"],
                    "area": area,
                    "year": str(year),
                    "value": str(value),
                    "unit": indicator["unit"],
                    "status": "final",
                    "source": data["source"],
                },
            )
        )

    for indicator in data["indicators"]:
        is_share = indicator["aggregate"] == "mean"
        places = 1 if is_share else 0
        for year in range(first, last + 1):
            growth = (1 + indicator["trend"]) ** (year - first)
            if indicator["aggregate"] == "region":
                value = indicator["start"] * growth * wiggle(indicator["slug"], region_slug, year)
                add(indicator, region_slug, year, _round(value, 0))
                continue
            values = {}
            for area, size in sizes.items():
                start = indicator["start"] * (1 + (size - 3) / 100 if is_share else size)
                raw = start * growth * wiggle(indicator["slug"], area, year)
                values[area] = _round(raw, places)
                add(indicator, area, year, values[area])
            total = sum(values.values(), Decimal(0))
            region_value = total / len(values) if is_share else total
            add(indicator, region_slug, year, region_value.quantize(Decimal(1).scaleb(-places)))
    return rows


def load_monitor_demo(programme: Programme, *, actor=None) -> MonitorDemoReport:
    """Load the monitor's demo for `programme` (its region and six municipalities must exist)."""
    data = read_demo_data()
    themes = {
        item["slug"]: services.theme_upsert(
            actor=actor, slug=item["slug"], name=item["name"], order=item["order"]
        )
        for item in data["themes"]
    }
    for item in data["indicators"]:
        services.indicator_upsert(
            actor=actor,
            slug=item["slug"],
            name=item["name"],
            theme=themes[item["theme"]],
            unit=item["unit"],
            source_name=data["source"],
            direction=item["direction"],
            geography=item.get("geography", Geography.MUNICIPALITY),
            description=EXAMPLE_DESCRIPTION + item["name"].lower() + ".",
        )
    rows = generate_rows(data, programme.region.slug)
    created = 0
    present = Observation.objects.filter(
        source=EXAMPLE_SOURCE, batch__file_name=IMPORT_NAME
    ).count()
    if present != len(rows):
        batch = services.observations_import(actor=actor, rows=rows, file_name=IMPORT_NAME)
        created = batch.created
    editions = 0
    all_slugs = [item["slug"] for item in data["indicators"]]
    for item in data["editions"]:
        if IndexEdition.objects.filter(slug=item["slug"]).exists():
            continue
        slugs = all_slugs if item["indicators"] == "all" else item["indicators"]
        services.edition_create(
            actor=actor,
            slug=item["slug"],
            name=item["name"],
            year_published=item["year_published"],
            base_year=item["base_year"],
            indicators=dict.fromkeys(slugs),
            theme_weights=item.get("theme_weights") or {},
            description=item.get("description", ""),
        )
        editions += 1
    retail = load_retail_demo(programme, actor=actor)
    parks = load_parks_demo(programme, actor=actor)
    return MonitorDemoReport(
        themes=len(themes),
        indicators=len(data["indicators"]),
        observations_created=created,
        editions_created=editions,
        retail_figures_created=retail,
        park_figures_created=parks["figures"],
        demand_created=parks["demand"],
        ledger_created=parks["ledger"],
    )


def _rows(records: list[dict]) -> list[Row]:
    return [Row(line=line, cells=cells) for line, cells in enumerate(records, start=2)]


def retail_rows(data: dict) -> list[Row]:
    """The example retail figures as import rows (deterministic)."""
    first, last = data["years"]
    records = []
    for area in data["areas"]:
        for step, year in enumerate(range(first, last + 1)):
            floor = area["floor"] + area["change"] * step
            vacancy = max(0.0, area["vacancy"] + area["vacancy_change"] * step) / 100
            outlets = area["outlets"]
            records.append(
                {
                    "municipality": area["municipality"],
                    "shopping_area": area["name"],
                    "type": area["type"],
                    "main_structure": "yes" if area.get("main", True) else "no",
                    "year": str(year),
                    "floor_space_m2": str(floor),
                    "outlets": str(outlets),
                    "vacant_m2": str(round(floor * vacancy)),
                    "vacant_outlets": str(round(outlets * vacancy)),
                    "source": data["source"],
                }
            )
    return _rows(records)


def load_retail_demo(programme: Programme, *, actor=None) -> int:
    """The Retailvisie's lines of action (real names and contact points) with example targets,
    and example shopping areas with example figures. Returns the figures created."""
    data = read_demo_data(RETAIL_FILE)
    if data.get("seed_source") != SEED_SOURCE:
        raise ValueError(f"{RETAIL_FILE.name}: the real facts must name {SEED_SOURCE!r}.")
    municipalities = {m.slug: m for m in Municipality.objects.filter(region_id=programme.region_id)}
    rows = retail_rows(data)
    created = 0
    present = RetailFigure.objects.filter(
        source=EXAMPLE_SOURCE, batch__file_name=RETAIL_IMPORT_NAME
    ).count()
    if present != len(rows):
        created = services.retail_figures_import(
            actor=actor, rows=rows, file_name=RETAIL_IMPORT_NAME, create_new=True
        ).created
    for item in data["lines"]:
        line = services.action_line_upsert(
            actor=actor,
            code=item["code"],
            name=item["name"],
            metric=item["metric"],
            baseline_year=item["baseline_year"],
            target_value=Decimal(item["target_value"]),
            target_unit=item["target_unit"],
            target_year=item["target_year"],
            target_source=data["source"],
            description=(
                f"Actielijn en aanspreekpunt: {data['seed_source']}. "
                "Doel en voortgang: voorbeeldcijfers (geen echte gegevens)."
            ),
            contact_municipality=municipalities.get(item["contact"]),
        )
        recorded = set(line.progress.values_list("year", flat=True))
        for progress in item.get("progress", []):
            if progress["year"] in recorded:
                continue
            services.action_line_progress_record(
                actor=actor,
                line=line,
                year=progress["year"],
                value=Decimal(progress["value"]),
                note=progress["note"],
                source=data["source"],
            )
    return created


def parks_rows(data: dict) -> tuple[list[Row], list[Row]]:
    """The example park figures and demand forecast as import rows."""
    figures = []
    for park in data["parks"]:
        for key, value in park.items():
            if not key.isdigit():
                continue
            gross, net, hard, soft = (str(Decimal(str(v))) for v in value)
            figures.append(
                {
                    "municipality": park["municipality"],
                    "business_park": park["name"],
                    "year": key,
                    "gross_ha": gross,
                    "net_ha": net,
                    "hard_ha": hard,
                    "soft_ha": soft,
                    "jobs": "",
                    "source": data["source"],
                }
            )
    first, last = data["demand_years"]
    demand = [
        {
            "area": "{region}",
            "scenario": scenario,
            "year": str(year),
            "hectares": str(hectares),
            "source": data["source"],
        }
        for scenario, hectares in data["demand"].items()
        for year in range(first, last + 1)
    ]
    return _rows(figures), _rows(demand)


def load_parks_demo(programme: Programme, *, actor=None) -> dict[str, int]:
    """Example parks, figures, demand scenarios and ledger entries (all labelled)."""
    data = read_demo_data(PARKS_FILE)
    figure_rows, demand_rows = parks_rows(data)
    for row in demand_rows:
        row.cells["area"] = programme.region.slug
    result = {"figures": 0, "demand": 0, "ledger": 0}
    present = BusinessParkFigure.objects.filter(
        source=EXAMPLE_SOURCE, batch__file_name=PARKS_IMPORT_NAME
    ).count()
    if present != len(figure_rows):
        result["figures"] = services.park_figures_import(
            actor=actor, rows=figure_rows, file_name=PARKS_IMPORT_NAME, create_new=True
        ).created
    present = LandDemand.objects.filter(
        source=EXAMPLE_SOURCE, batch__file_name=DEMAND_IMPORT_NAME
    ).count()
    if present != len(demand_rows):
        result["demand"] = services.land_demand_import(
            actor=actor, rows=demand_rows, file_name=DEMAND_IMPORT_NAME
        ).created
    municipalities = {m.slug: m for m in Municipality.objects.filter(region_id=programme.region_id)}
    for item in data["ledger"]:
        municipality = municipalities[item["municipality"]]
        exists = LedgerEntry.objects.filter(
            municipality=municipality,
            year=item["year"],
            kind=item["kind"],
            description=item["description"],
        ).exists()
        if exists:
            continue
        services.ledger_entry_create(
            actor=actor,
            municipality=municipality,
            park=BusinessPark.objects.filter(municipality=municipality, name=item["park"]).first(),
            year=item["year"],
            kind=LedgerKind(item["kind"]),
            hectares=Decimal(item["hectares"]),
            description=item["description"],
            source=data["source"],
        )
        result["ledger"] += 1
    return result
