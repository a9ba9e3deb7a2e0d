"""Inhabitants per municipality from CBS StatLine: table 03759ned ("Bevolking op 1 januari
en gemiddeld; geslacht, leeftijd en regio"), the measure "Bevolking op 1 januari", the
totals over sex, age and marital status, through the OData v4 API. The figures become the
programme's population figures (what cost allocation by inhabitants uses), each with its
source; fetched whole first, then written all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from economie071.monitor.cbs import V4, CbsClient, Query
from economie071.monitor.exceptions import MonitorError
from economie071.programme import services as programme_services
from economie071.programme.models import Municipality, Programme

POPULATION_TABLE = "03759ned"


def population_query(*, region_codes: tuple[str, ...], years: tuple[int, ...]) -> Query:
    """Inhabitants on 1 January per municipality: the totals over sex, age and marital
    status of table 03759ned."""
    return Query(
        api=V4,
        table_id=POPULATION_TABLE,
        measure="M000352",  # Bevolking op 1 januari (aantal)
        region_dimension="RegioS",
        region_codes=region_codes,
        period_dimension="Perioden",
        years=years,
        fixed=(("Geslacht", "T001038"), ("Leeftijd", "10000"), ("BurgerlijkeStaat", "T001019")),
    )


POPULATION_SOURCE = (
    "CBS StatLine, Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio (03759ned)"
)
POPULATION_SOURCE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/03759ned/table"


@dataclass
class PopulationImportResult:
    written: int
    missing: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


def population_import(
    *,
    actor: User | None,
    programme: Programme,
    client: CbsClient,
    years: Iterable[int] = (),
) -> PopulationImportResult:
    """Fetch the inhabitants of the programme's municipalities (all years CBS has, or
    `years`) and store them as population figures. CbsError (nothing written) when CBS
    cannot be asked; MonitorError when it gives no usable figure or a figure that cannot be
    a number of inhabitants."""
    municipalities = {
        m.cbs_code.upper(): m for m in Municipality.objects.filter(region_id=programme.region_id)
    }
    if not municipalities:
        raise MonitorError(_("The programme's municipalities have no CBS codes."))
    years = tuple(sorted(set(years)))
    result = client.fetch(population_query(region_codes=tuple(sorted(municipalities)), years=years))
    figures: dict[tuple[str, int], int] = {}
    problems = []
    missing = []
    for value in result.values:
        municipality = municipalities[value.region_code.upper()]
        if value.value is None or value.year is None:
            missing.append(
                _("CBS has no figure for %(area)s in %(year)s")
                % {"area": municipality.name, "year": value.year}
            )
            continue
        if value.value != value.value.to_integral_value() or value.value < 1:
            problems.append(
                _("%(area)s %(year)s: %(value)s is not a number of inhabitants")
                % {"area": municipality.name, "year": value.year, "value": value.value}
            )
            continue
        figures[(value.region_code.upper(), value.year)] = int(value.value)
    found = {code for code, _year in figures}
    missing += [
        _("CBS has no figure for %(area)s") % {"area": m.name}
        for code, m in sorted(municipalities.items())
        if code not in found
    ]
    if problems or not figures:
        raise MonitorError(
            problems or [_("CBS gave no inhabitants for the programme's municipalities.")]
        )
    with transaction.atomic():
        for (code, year), inhabitants in sorted(figures.items()):
            programme_services.population_figure_upsert(
                actor=actor,
                municipality=municipalities[code],
                year=year,
                inhabitants=inhabitants,
                source=POPULATION_SOURCE,
                source_url=POPULATION_SOURCE_URL,
            )
    return PopulationImportResult(written=len(figures), missing=missing, urls=result.urls)
