"""The project overview's SVG charts (projects by phase and pillar, and the kit's allocation
chart): valid, accessible, CSP-safe, greyscale-readable markup that renders the same in a
browser and in WeasyPrint. No database needed."""

import io
import re
import xml.etree.ElementTree as ET

import pytest

from economie071.core.charts import (
    PATTERNS,
    contrast_ratio,
    text_colour_for,
    truncate_label,
)
from economie071.publications.charts import portfolio_chart
from tests.core.test_charts import ALLOCATION, SVG, allocation, parse, texts

LONG_LABEL = "Regionale ruimtelijke bedrijventerreinenstrategie"

# The pillars' platform colours (demo/data/region.yaml) plus projects without a pillar.
SERIES = [
    {"label": "versterken", "colour": "#1f5f8b"},
    {"label": "verdienen", "colour": "#8a4b08"},
    {"label": "verbinden", "colour": "#2d6a2d"},
    {"label": "verleiden", "colour": "#8b2252"},
    {"label": "vertellen", "colour": "#5a3d8a"},
    {"label": "Zonder pijler", "colour": None},
]
ROWS = [
    {"label": "Oriëntatiefase", "values": [0, 0, 1, 0, 0, 2]},
    {"label": "Nieuw project", "values": [0, 1, 1, 1, 0, 0]},
    {"label": "Aanjaagfase", "values": [1, 0, 2, 0, 1, 0]},
    {"label": "Lopend project", "values": [1, 1, 2, 1, 1, 0]},
    {"label": "Doorstart project", "values": [0, 0, 0, 0, 0, 0]},
    {"label": LONG_LABEL, "values": [0, 0, 0, 12, 0, 0]},
]


def portfolio(**kwargs):
    return portfolio_chart(
        kwargs.pop("rows", ROWS),
        kwargs.pop("series", SERIES),
        title=kwargs.pop("title", "Projecten per fase en pijler"),
        description=kwargs.pop("description", "Aantal projecten per fase, naar pijler."),
        **kwargs,
    )


def all_svgs():
    return {
        "portfolio": portfolio(),
        "allocation": allocation(),
        "empty portfolio": portfolio(rows=[]),
        "empty allocation": allocation(rows=[]),
    }


# --- Markup: XML, accessibility, CSP --------------------------------------------------------


@pytest.mark.parametrize("name", list(all_svgs()))
def test_svg_is_an_accessible_image_with_title_and_description(name):
    svg = all_svgs()[name]
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", root.get("viewBox"))
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text
    assert desc.text
    assert root.get("font-family") == "Noto Sans, sans-serif"


@pytest.mark.parametrize("name", list(all_svgs()))
def test_svg_has_no_styles_scripts_or_external_resources(name):
    root = parse(all_svgs()[name])
    for node in root.iter():
        assert node.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}image", f"{SVG}use")
        assert "style" not in node.attrib
        assert "class" not in node.attrib
        assert not any(attr.startswith("on") for attr in node.attrib)
        assert not any("href" in attr for attr in node.attrib)
        for value in node.attrib.values():
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value)


def test_pattern_references_point_at_patterns_in_the_same_svg():
    root = parse(portfolio())
    patterns = {
        node.get("id"): node
        for node in root.iter(f"{SVG}pattern")
        if node.get("patternUnits") == "userSpaceOnUse"
    }
    used = {
        re.fullmatch(r"url\(#([\w-]+)\)", node.get("fill")).group(1)
        for node in root.iter(f"{SVG}rect")
        if node.get("fill", "").startswith("url(")
    }
    assert used
    assert used == set(patterns)
    assert len(patterns) == len(SERIES) - 1  # the first series is solid


def test_ids_are_unique_between_charts_and_stable_for_the_same_input():
    first = portfolio()
    other_data = portfolio(rows=ROWS[:2])
    other_chart = allocation()
    same_title_other_data = allocation(rows=ALLOCATION[:3], title="Kostenverdeling naar inwonertal")

    def ids(svg):
        return {node.get("id") for node in parse(svg).iter() if node.get("id")}

    all_ids = [ids(svg) for svg in (first, other_data, other_chart, same_title_other_data)]
    for index, some in enumerate(all_ids):
        for other in all_ids[index + 1 :]:
            assert not some & other
    assert portfolio() == first  # deterministic
    assert allocation() == other_chart
    assert parse(first).get("aria-labelledby").startswith("chart-projecten-per-fase-en-pijler-")


def test_chart_id_can_be_given_for_the_same_chart_twice_on_a_page():
    svg = portfolio(chart_id="overzicht-2")
    root = parse(svg)
    assert root.get("aria-labelledby") == "overzicht-2-title overzicht-2-desc"


# --- Portfolio chart ------------------------------------------------------------------------


def test_portfolio_chart_shows_every_label_count_and_total():
    svg = portfolio()
    root = parse(svg)
    shown = texts(root)
    for series in SERIES:
        assert series["label"] in shown
    for row in ROWS:
        assert truncate_label(row["label"]) in shown
        assert str(sum(row["values"])) in shown
    counts = [
        text.text
        for group in root.iter(f"{SVG}g")
        if group.get("data-value")
        for text in group.iter(f"{SVG}text")
    ]
    non_zero = [str(v) for row in ROWS for v in row["values"] if v]
    assert counts == non_zero
    totals = [node.get("data-total") for node in root.iter(f"{SVG}text") if node.get("data-total")]
    assert totals == [str(sum(row["values"])) for row in ROWS]


def test_portfolio_segments_are_proportional_to_their_values():
    root = parse(portfolio())
    segments = [
        (int(group.get("data-value")), float(group.find(f"{SVG}rect").get("width")))
        for group in root.iter(f"{SVG}g")
        if group.get("data-value")
    ]
    assert len(segments) == sum(1 for row in ROWS for v in row["values"] if v)
    # Coordinates are written with two decimals, so compare with the average unit.
    unit = sum(width for _, width in segments) / sum(value for value, _ in segments)
    for value, width in segments:
        assert width == pytest.approx(value * unit, abs=0.05)
    # The longest bar fills the plot: it ends inside the viewBox with room for its total.
    width = float(root.get("viewBox").split()[2])
    assert 12 * unit < width


def test_portfolio_segments_of_a_row_are_stacked_without_gaps_or_overlap():
    root = parse(portfolio())
    for row_group in root.iter(f"{SVG}g"):
        segments = [g for g in row_group if g.get("data-value")]
        rects = [g.find(f"{SVG}rect") for g in segments]
        for left, right in zip(rects, rects[1:], strict=False):
            end = float(left.get("x")) + float(left.get("width"))
            assert float(right.get("x")) == pytest.approx(end, abs=0.01)


def test_every_series_has_its_own_pattern_and_the_legend_uses_it():
    series = [{"label": f"Reeks {i}", "colour": "#154273"} for i in range(len(PATTERNS) + 1)]
    rows = [{"label": "Fase", "values": [1] * len(series)}]
    root = parse(portfolio(rows=rows, series=series))
    pattern_shapes = [
        "".join(ET.tostring(child, encoding="unicode") for child in pattern)
        for pattern in root.iter(f"{SVG}pattern")
    ]
    # The first series is solid; the others each differ, until the cycle starts over.
    distinct = pattern_shapes[: len(PATTERNS) - 1]
    assert len(set(distinct)) == len(distinct)
    fills = [node.get("fill") for node in root.iter(f"{SVG}rect")]
    for pattern in root.iter(f"{SVG}pattern"):
        # once in the legend, once in the bar
        assert fills.count(f"url(#{pattern.get('id')})") == 2


def test_series_without_colour_is_neutral_grey_with_black_text():
    rows = [{"label": "Fase", "values": [3]}]
    root = parse(portfolio(rows=rows, series=[{"label": "Zonder pijler", "colour": None}]))
    segment = next(g for g in root.iter(f"{SVG}g") if g.get("data-value"))
    fill = segment.find(f"{SVG}rect").get("fill")
    red, green, blue = (fill[1:3], fill[3:5], fill[5:7])
    assert red == green == blue
    assert segment.find(f"{SVG}text").get("fill") == "#000000"


def test_counts_are_left_out_of_segments_too_narrow_for_them_but_the_total_stays():
    rows = [{"label": "Fase", "values": [1, 99]}]
    series = SERIES[:2]
    root = parse(portfolio(rows=rows, series=series))
    narrow, wide = [g for g in root.iter(f"{SVG}g") if g.get("data-value")]
    assert narrow.find(f"{SVG}text") is None
    assert "Fase, versterken: 1" in narrow.find(f"{SVG}title").text
    assert wide.find(f"{SVG}text").text == "99"
    assert "100" in texts(root)


def test_long_labels_are_truncated_with_the_full_label_in_a_title():
    root = parse(portfolio())
    label = next(node for node in root.iter(f"{SVG}text") if (node.text or "").endswith("…"))
    assert len(label.text) <= 28
    assert LONG_LABEL.startswith(label.text[:-1])
    assert label.find(f"{SVG}title").text == LONG_LABEL


@pytest.mark.parametrize(
    "rows",
    [[], [{"label": "Lopend project", "values": [0] * len(SERIES)}]],
    ids=["no rows", "all zero"],
)
def test_empty_portfolio_renders_the_empty_text(rows):
    root = parse(portfolio(rows=rows, empty_text="Nog geen projecten"))
    assert texts(root) == ["Nog geen projecten"]
    assert root.get("role") == "img"


def test_empty_text_defaults_to_geen_gegevens():
    assert texts(parse(portfolio(rows=[], series=[]))) == ["Geen gegevens"]
    assert texts(parse(allocation(rows=[]))) == ["Geen gegevens"]


def test_blank_description_becomes_a_summary_of_the_data():
    desc = parse(portfolio(description="")).find(f"{SVG}desc").text
    assert "Lopend project: 6 (versterken 1, verdienen 1, verbinden 2, verleiden 1" in desc


@pytest.mark.parametrize(
    "rows",
    [
        [{"label": "Fase", "values": [1, 2]}],  # not one value per series
        [{"label": "Fase", "values": [-1] + [0] * 5}],
        [{"label": "Fase", "values": [1.5] + [0] * 5}],
    ],
)
def test_portfolio_rejects_rows_that_do_not_fit_the_series(rows):
    with pytest.raises(ValueError, match="Fase"):
        portfolio(rows=rows)


def test_labels_are_escaped():
    rows = [{"label": "R&D <lab>", "values": [1]}]
    svg = portfolio(rows=rows, series=[{"label": 'A "B"', "colour": "#123456"}], title="<x>")
    root = parse(svg)
    assert "R&D <lab>" in texts(root)
    assert root.find(f"{SVG}title").text == "<x>"


def test_invalid_colours_fall_back_to_grey_and_never_reach_the_markup():
    svg = portfolio(
        rows=[{"label": "Fase", "values": [1]}],
        series=[{"label": "x", "colour": 'red" onload="alert(1)'}],
    )
    assert "onload" not in svg
    assert "#bdbdbd" in svg


# --- Contrast -----------------------------------------------------------------------------


def test_pillar_colours_get_white_counts():
    for series in SERIES[:5]:
        assert text_colour_for(series["colour"]) == "#ffffff"
        assert contrast_ratio("#ffffff", series["colour"]) >= 4.5


# --- WeasyPrint ---------------------------------------------------------------------------


def test_weasyprint_renders_both_charts_with_extractable_text():
    weasyprint = pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    svg = portfolio() + allocation() + portfolio(rows=[])
    pdf = weasyprint.HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for label in ["versterken", "Zonder pijler", "Lopend project", "Oriëntatiefase"]:
        assert label in text
    assert truncate_label(LONG_LABEL) in text
    assert LONG_LABEL not in text  # the <title> is not drawn
    for expected in ["€ 85.333,33", "(44,4%)", "€ 192.000", "Totaal", "Geen gegevens"]:
        assert expected in text


def test_near_white_series_get_an_edge_so_they_do_not_vanish_into_the_page():
    rows = [{"label": "Fase", "values": [2, 2]}]
    series = [{"label": "wit", "colour": "#ffffff"}, {"label": "blauw", "colour": "#154273"}]
    root = parse(portfolio(rows=rows, series=series))
    white, blue = [g for g in root.iter(f"{SVG}g") if g.get("data-value")]
    assert any(rect.get("stroke") for rect in white.iter(f"{SVG}rect"))
    assert not any(rect.get("stroke") for rect in blue.iter(f"{SVG}rect"))
