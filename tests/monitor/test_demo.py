"""The monitor's demo: example data labelled as such, deterministic, loaded idempotently."""

import pytest

from economie071.monitor.constants import EXAMPLE_SOURCE
from economie071.monitor.demo import generate_rows, load_monitor_demo, read_demo_data
from economie071.monitor.models import IndexEdition, Indicator, Observation
from economie071.monitor.selectors import index_report

pytestmark = pytest.mark.django_db


def test_demo_is_labelled_as_example_data(monitor_demo):
    assert Observation.objects.exclude(source=EXAMPLE_SOURCE).count() == 0
    assert Indicator.objects.exclude(source_name=EXAMPLE_SOURCE).count() == 0
    assert all("Voorbeeldcijfers" in i.description for i in Indicator.objects.all())
    data = read_demo_data()
    assert data["label"] == "voorbeeldcijfers"


def test_demo_loads_twice_without_change(programme, monitor_demo):
    counts = (Observation.objects.count(), IndexEdition.objects.count())
    again = load_monitor_demo(programme)
    assert (again.observations_created, again.editions_created) == (0, 0)
    assert (Observation.objects.count(), IndexEdition.objects.count()) == counts
    assert monitor_demo.observations_created == counts[0]
    assert counts[1] == 2


def test_generated_series_are_deterministic():
    data = read_demo_data()
    first = generate_rows(data, "leidse-regio")
    assert first == generate_rows(data, "leidse-regio")
    assert len(first) > 300


def test_demo_index_for_the_region_and_six_municipalities(programme, monitor_demo):
    report = index_report(programme=programme)
    assert report.example_data
    assert len(report.results) == 7
    for result in report.results.values():
        assert result.year(2014).total == 100
        assert [y.year for y in result.years] == list(range(2014, 2020))
    assert report.results["leidse-regio"].year(2019).missing == ("hotelovernachtingen",)


def test_retail_and_parks_demo(programme):
    from economie071.monitor import selectors
    from economie071.monitor.constants import EXAMPLE_SOURCE, SEED_SOURCE
    from economie071.monitor.demo import load_monitor_demo
    from economie071.monitor.models import (
        BusinessParkFigure,
        LandDemand,
        LedgerEntry,
        RetailActionLine,
        RetailFigure,
        RetailProgress,
    )

    first = load_monitor_demo(programme)
    assert first.retail_figures_created == 60 and first.park_figures_created == 14
    assert first.ledger_created == 3
    counts = [
        m.objects.count()
        for m in (RetailFigure, RetailProgress, BusinessParkFigure, LandDemand, LedgerEntry)
    ]
    second = load_monitor_demo(programme)
    assert (second.retail_figures_created, second.park_figures_created) == (0, 0)
    assert (second.demand_created, second.ledger_created) == (0, 0)
    assert counts == [
        m.objects.count()
        for m in (RetailFigure, RetailProgress, BusinessParkFigure, LandDemand, LedgerEntry)
    ]
    # Every figure is labelled; the lines of action are the seed's, with its contact points.
    assert not RetailFigure.objects.exclude(source=EXAMPLE_SOURCE).exists()
    assert not BusinessParkFigure.objects.exclude(source=EXAMPLE_SOURCE).exists()
    assert not LedgerEntry.objects.exclude(source=EXAMPLE_SOURCE).exists()
    lines = {line.code: line for line in RetailActionLine.objects.all()}
    assert lines["A"].contact_municipality.slug == "katwijk"
    assert lines["B"].contact_municipality.slug == "leiden"
    assert lines["C"].contact_municipality.slug == "leiderdorp"
    assert lines["C"].name == "Verminderen van vierkante meters op de perifere locaties"
    assert SEED_SOURCE in lines["A"].description
    assert lines["C"].target_source == EXAMPLE_SOURCE
    monitor = selectors.retail_monitor(programme=programme)
    assert monitor.example_data and monitor.year == 2019
    overview = selectors.parks_overview(programme=programme)
    assert overview.example_data
    assert overview.shortfall("mid", include_soft=False) is not None
