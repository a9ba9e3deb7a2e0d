"""Monitor fixtures: themes and indicators made through the services, rows to import.

The figures here are test data, not real-world figures.
"""

import pytest

from economie071.monitor import services
from economie071.monitor.tables import Row

TEST_SOURCE = "Testgegevens (geen echte cijfers)"


def rows(*records) -> list[Row]:
    """Import rows from tuples (indicator, area, year, value, unit[, status]); lines from 2."""
    result = []
    for line, record in enumerate(records, start=2):
        indicator, area, year, value, unit, *rest = record
        cells = {
            "indicator": indicator,
            "area": area,
            "year": str(year),
            "value": str(value),
            "unit": unit,
            "status": rest[0] if rest else "",
            "source": TEST_SOURCE,
        }
        result.append(Row(line=line, cells=cells))
    return result


@pytest.fixture
def themes(db):
    return {
        "werk": services.theme_upsert(actor=None, slug="werk", name="Werk", order=1),
        "bedrijvigheid": services.theme_upsert(
            actor=None, slug="bedrijvigheid", name="Bedrijvigheid", order=2
        ),
    }


@pytest.fixture
def indicators(themes):
    def make(slug, name, theme, unit, **kwargs):
        return services.indicator_upsert(
            actor=None,
            slug=slug,
            name=name,
            theme=themes[theme],
            unit=unit,
            source_name=TEST_SOURCE,
            **kwargs,
        )

    return {
        "banen": make("banen", "Banen", "werk", "banen"),
        "werkloosheid": make("werkloosheid", "Werkloosheid", "werk", "%", direction="lower"),
        "vestigingen": make("vestigingen", "Vestigingen", "bedrijvigheid", "vestigingen"),
        "overnachtingen": make(
            "overnachtingen", "Overnachtingen", "bedrijvigheid", "nachten", geography="region"
        ),
    }


BASIC = [
    ("banen", "leiden", 2014, 1000, "banen"),
    ("banen", "leiden", 2015, 1100, "banen"),
    ("werkloosheid", "leiden", 2014, 8, "%"),
    ("werkloosheid", "leiden", 2015, 10, "%"),
    ("vestigingen", "leiden", 2014, 50, "vestigingen"),
    ("vestigingen", "leiden", 2015, 60, "vestigingen"),
]


@pytest.fixture
def observed(programme, indicators):
    """Leiden with three indicators in 2014 and 2015 (test figures)."""
    return services.observations_import(actor=None, rows=rows(*BASIC), file_name="test.csv")


@pytest.fixture
def monitor_demo(programme):
    from economie071.monitor.demo import load_monitor_demo

    return load_monitor_demo(programme)
