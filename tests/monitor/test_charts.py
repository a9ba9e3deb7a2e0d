"""The index charts (monitor/charts.py): accessible SVG, Dutch numbers, gaps, empty data."""

from decimal import Decimal

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
