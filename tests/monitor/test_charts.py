"""The index charts (monitor/charts.py): accessible SVG, Dutch numbers, gaps, empty data."""

import math
import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from economie071.core.charts import nice_ticks
from economie071.monitor.charts import bar_chart, format_index, line_chart


def test_line_chart():
    svg = line_chart(
        [
            {"label": "Leiden", "points": [(2014, Decimal("100")), (2015, None), (2016, 104)]},
            {"label": "Katwijk", "points": [(2014, 100), (2015, Decimal("98.5"))]},
        ],
        title="Totaalindex",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "Leiden 104,0" in svg  # the end label
    assert "Katwijk 2015: 98,5" in svg
    assert 'stroke-dasharray="6 3"' in svg  # the second series is dashed
    assert "style=" not in svg
    assert svg == line_chart(
        [
            {"label": "Leiden", "points": [(2014, Decimal("100")), (2015, None), (2016, 104)]},
            {"label": "Katwijk", "points": [(2014, 100), (2015, Decimal("98.5"))]},
        ],
        title="Totaalindex",
    )


def test_empty_charts():
    assert "Geen gegevens" in line_chart([], title="Leeg")
    assert "Geen gegevens" in bar_chart([{"label": "x", "value": None}], title="Leeg")


def test_bar_chart():
    svg = bar_chart(
        [{"label": "Leiden", "value": Decimal("104.2")}, {"label": "Zoeterwoude", "value": None}],
        title="Per gebied",
    )
    assert "104,2" in svg and "–" in svg
    assert 'stroke-dasharray="4 3"' in svg  # the 100 line


def test_format_index():
    assert format_index(Decimal("99.95")) == "100,0"  # half up, as the tables round
    assert format_index(None) == "–"
    assert format_index(Decimal("103.44")) == "103,4"


# --- Ticks, notes and the start of the axis ---------------------------------------------------


def tick_labels(svg: str) -> list[str]:
    return re.findall(r'fill="#4a4a4a" text-anchor="end">([^<]+)<', svg)


def test_value_ticks_are_round_numbers():
    svg = line_chart(
        [{"label": "Leiden", "points": [(2014, Decimal("100.3")), (2019, Decimal("106.6"))]}],
        title="Index",
    )
    labels = tick_labels(svg)
    assert labels and all(label.endswith(",0") for label in labels), labels
    assert "100,3" not in labels and "106,6" not in labels


@given(
    low=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    span=st.floats(min_value=1e-3, max_value=1e6, allow_nan=False),
)
def test_nice_ticks_cover_the_range_in_round_steps(low, span):
    high = low + span
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low + 1e-9 * max(1, abs(low)) and ticks[-1] >= high - 1e-9 * max(
        1, abs(high)
    )
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in {1, 2, 2.5, 5, 10}
    assert 2 <= len(ticks) <= 12


def test_example_data_is_said_inside_the_chart_and_in_its_description():
    note = "Voorbeeldcijfers: geen echte cijfers"
    svg = line_chart(
        [{"label": "Leiden", "points": [(2014, Decimal("100")), (2019, Decimal("104"))]}],
        title="Index",
        note=note,
    )
    assert f">{note}</text>" in svg
    assert re.search(r"<desc[^>]*>Voorbeeldcijfers: geen echte cijfers", svg)
    assert note in bar_chart([{"label": "A", "value": Decimal("101")}], title="T", note=note)


def test_index_bars_start_below_the_smallest_value_and_say_so():
    svg = bar_chart(
        [
            {"label": "Katwijk", "value": Decimal("112.2")},
            {"label": "Leiden", "value": Decimal("104.1")},
        ],
        title="Index per gemeente",
    )
    widths = [float(w) for w in re.findall(r'<rect[^>]* width="([\d.]+)"', svg)]
    assert widths[0] / widths[1] > 1.5  # the difference shows; from 0 it would be 1.08
    assert "De as begint bij" in svg
    percentages = bar_chart(
        [{"label": "A", "value": Decimal("4.9")}, {"label": "B", "value": Decimal("14.6")}],
        title="Leegstand",
        reference=None,
    )
    assert "De as begint bij" not in percentages  # shares and counts keep their zero
