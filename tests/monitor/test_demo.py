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
    report = index_report(programme)
    assert report.example_data
    assert len(report.results) == 7
    for result in report.results.values():
        assert result.year(2014).total == 100
        assert [y.year for y in result.years] == list(range(2014, 2020))
    assert report.results["leidse-regio"].year(2019).missing == ("hotelovernachtingen",)
