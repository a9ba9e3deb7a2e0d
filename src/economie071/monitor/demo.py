"""The monitor's demo: Index071 themes, indicators, example series and two example editions.

The indicator series are VOORBEELDCIJFERS (example data): generated deterministically from
the parameters in ``demo_data/index071_voorbeeldcijfers.yaml`` and stored with the source
"Voorbeeldcijfers (geen echte gegevens)", so they are never mistaken for the real monitor.
Everything goes through the monitor's services (the import path a user takes). Loading
twice changes nothing.

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
from economie071.monitor.constants import EXAMPLE_SOURCE, Geography
from economie071.monitor.models import IndexEdition, Observation
from economie071.monitor.tables import Row
from economie071.programme.models import Programme

DATA_FILE = Path(__file__).resolve().parent / "demo_data" / "index071_voorbeeldcijfers.yaml"
IMPORT_NAME = "demo_data/index071_voorbeeldcijfers.yaml"
EXAMPLE_DESCRIPTION = (
    "Voorbeeldcijfers: gegenereerd voor de demonstratie, geen echte gegevens. Bedoeld meetpunt: "
)


@dataclass(frozen=True)
class MonitorDemoReport:
    themes: int
    indicators: int
    observations_created: int
    editions_created: int


def read_demo_data(path: Path = DATA_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if data.get("source") != EXAMPLE_SOURCE or data.get("label") != "voorbeeldcijfers":
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
    return MonitorDemoReport(
        themes=len(themes),
        indicators=len(data["indicators"]),
        observations_created=created,
        editions_created=editions,
    )
