"""The chart kit (core/charts.py): the allocation chart every app draws a share-out with,
and the colour and label helpers every chart is built from. No database needed."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from economie071.core.charts import (
    allocation_chart,
    contrast_ratio,
    text_colour_for,
    truncate_label,
)
from economie071.core.formats import format_money

SVG = "{http://www.w3.org/2000/svg}"
# Example data (not real figures): € 192.000 shared out by round test populations.
ALLOCATION = [
    {"label": "Katwijk", "amount": Decimal("42666.67")},
    {"label": "Leiden", "amount": Decimal("85333.33")},
    {"label": "Leiderdorp", "amount": Decimal("21333.33")},
    {"label": "Oegstgeest", "amount": Decimal("17777.78")},
    {"label": "Voorschoten", "amount": Decimal("17777.78")},
    {"label": "Zoeterwoude", "amount": Decimal("7111.11")},
]


def allocation(**kwargs):
    return allocation_chart(
        kwargs.pop("rows", ALLOCATION),
        title=kwargs.pop("title", "Kostenverdeling naar inwonertal"),
        description=kwargs.pop("description", "Verdeling van € 192.000 over zes gemeenten."),
        **kwargs,
    )


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    """The visible text of every <text> element (its own text and tspans, not its <title>)."""
    found = []
    for node in root.iter(f"{SVG}text"):
        parts = [node.text or ""]
        for child in node:
            if child.tag == f"{SVG}tspan":
                parts.append(child.text or "")
            parts.append(child.tail or "")
        found.append("".join(parts).strip())
    return found


# --- Allocation chart -----------------------------------------------------------------------


def test_allocation_chart_labels_every_bar_with_amount_and_share():
    root = parse(allocation())
    shown = texts(root)
    assert "Leiden" in shown
    assert "€ 85.333,33 (44,4%)" in shown
    assert "€ 7.111,11 (3,7%)" in shown
    for row in ALLOCATION:
        assert row["label"] in shown
        assert any(text.startswith(format_money(row["amount"])) for text in shown)
    assert "Totaal" in shown
    assert "€ 192.000" in shown


def test_allocation_bars_are_proportional_to_the_amounts():
    root = parse(allocation())
    bars = [
        (Decimal(rect.get("data-value")), float(rect.get("width")))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("data-value")
    ]
    assert [amount for amount, _ in bars] == [row["amount"] for row in ALLOCATION]
    unit = sum(width for _, width in bars) / float(sum(amount for amount, _ in bars))
    for amount, width in bars:
        assert width == pytest.approx(float(amount) * unit, abs=0.05)


def test_allocation_with_whole_euros_and_another_currency():
    rows = [{"label": "A", "amount": 1500}, {"label": "B", "amount": Decimal("500")}]
    shown = texts(parse(allocation(rows=rows, currency="EUR", total_label="Total")))
    assert "EUR 1.500 (75,0%)" in shown
    assert "EUR 500 (25,0%)" in shown
    assert "EUR 2.000" in shown
    assert "Total" in shown


def test_allocation_with_zero_total_renders_the_empty_text():
    rows = [{"label": "Leiden", "amount": Decimal("0")}]
    assert texts(parse(allocation(rows=rows))) == ["Geen gegevens"]


def test_allocation_with_a_zero_amount_draws_an_empty_bar():
    rows = [{"label": "Leiden", "amount": Decimal("100")}, {"label": "Katwijk", "amount": 0}]
    shown = texts(parse(allocation(rows=rows)))
    assert "€ 0 (0,0%)" in shown


@pytest.mark.parametrize("amount", [None, Decimal("-1"), "abc", float("nan")])
def test_allocation_rejects_missing_negative_or_non_numeric_amounts(amount):
    with pytest.raises(ValueError, match="Leiden"):
        allocation(rows=[{"label": "Leiden", "amount": amount}])


# --- Contrast and labels ----------------------------------------------------------------


def test_text_colour_is_white_on_dark_and_black_on_light_fills():
    assert text_colour_for("#154273") == "#ffffff"
    assert text_colour_for("#f2b705") == "#000000"
    assert text_colour_for("#fff") == "#000000"
    assert text_colour_for("#000") == "#ffffff"


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_chosen_text_colour_has_the_better_contrast(colour):
    chosen = text_colour_for(colour)
    other = "#000000" if chosen == "#ffffff" else "#ffffff"
    assert contrast_ratio(chosen, colour) >= contrast_ratio(other, colour)
    assert contrast_ratio(chosen, colour) >= 4.5  # always one of the two reaches AA


@given(st.text(min_size=0, max_size=80))
def test_truncate_label_never_exceeds_the_limit(label):
    short = truncate_label(label)
    assert len(short) <= 28
    clean = " ".join(label.split())
    assert short == clean or short.endswith("…")
