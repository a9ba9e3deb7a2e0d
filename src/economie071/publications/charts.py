"""The project overview's chart: its projects by phase, stacked by pillar.

Drawn with the platform's chart kit (``core.charts``: the look, the markup, the fill
patterns, readable without colour and rendered the same by browsers and WeasyPrint). The
overview's other chart, a budget line shared out over the municipalities, is the kit's
``allocation_chart``, which the monitor uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from economie071.core.charts import (
    AXIS,
    FONT_SIZE,
    LABEL_GAP,
    PAD,
    PATTERNS,
    SMALL_FONT_SIZE,
    TEXT,
    WHITE,
    WIDTH,
    baseline,
    chart_ids,
    clean_label,
    el,
    empty,
    label_column,
    pattern_def,
    series_colour,
    svg,
    swatch,
    text,
    text_colour_for,
    text_width,
    truncate_label,
)
from economie071.core.formats import to_decimal


@dataclass(frozen=True)
class _Series:
    label: str
    colour: str
    pattern: str


def _count(value, where: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{where}: a count must be a whole number, got {value!r}.")
    number = to_decimal(0 if value is None else value, where)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"{where}: a count must be a whole number ≥ 0, got {value!r}.")
    return int(number)


def _portfolio_summary(rows: list[tuple[str, list[int]]], series: list[_Series]) -> str:
    parts = []
    for label, values in rows:
        detail = ", ".join(f"{s.label} {v}" for s, v in zip(series, values, strict=True) if v)
        parts.append(f"{label}: {sum(values)}" + (f" ({detail})" if detail else ""))
    return "; ".join(parts) + "."


def _legend(series: list[_Series], pattern_urls: list[str | None]) -> tuple[str, float]:
    """Swatch and label per series, flowing over as many lines as needed; and its bottom."""
    size = 18
    line_height = 24
    x, y = PAD, PAD
    items = []
    for s, url in zip(series, pattern_urls, strict=True):
        label = truncate_label(s.label)
        item_width = size + 6 + text_width(label, FONT_SIZE)
        if x > PAD and x + item_width > WIDTH - PAD:
            x, y = PAD, y + line_height
        outline = {
            "x": x + 0.5,
            "y": y + 2.5,
            "width": size - 1,
            "height": size - 1,
            "fill": "none",
            "stroke": TEXT,
            "stroke-width": 1,
        }
        items.append(
            el(
                "g",
                {},
                swatch(x, y + 2, size, size, s.colour, url)
                + el("rect", outline)
                + text(x + size + 6, baseline(y + 2 + size / 2, FONT_SIZE), label, full=s.label),
            )
        )
        x += item_width + 20
    return el("g", {}, "".join(items)), y + line_height


def portfolio_chart(
    rows: list[dict],
    series: list[dict],
    *,
    title: str,
    description: str,
    empty_text: str = "Geen gegevens",
    chart_id: str | None = None,
) -> str:
    """Projects per phase (one horizontal bar per row) stacked by pillar (the series).

    rows: ``[{"label": "Lopend project", "values": [1, 1, 2, 0, 0]}, ...]``, one whole count
    per series. series: ``[{"label": "verleiden", "colour": "#8b2252"}, ...]``; a colour of
    None (e.g. "Zonder pijler") is drawn in neutral grey. An empty `description` is replaced
    by a summary of the data. `chart_id` overrides the generated id (only needed when the
    same chart with the same data appears twice on one page).

    Raises ValueError when a row has not one value per series or a value is not a whole
    count ≥ 0: that is a bug in the caller, not something to draw.
    """
    title = clean_label(title)
    description = clean_label(description)
    clean_series = [
        _Series(
            label=clean_label(item.get("label")),
            colour=series_colour(item.get("colour")),
            pattern=PATTERNS[index % len(PATTERNS)],
        )
        for index, item in enumerate(series)
    ]
    clean_rows = []
    for row in rows:
        label = clean_label(row.get("label"))
        values = list(row.get("values") or [])
        if len(values) != len(clean_series):
            raise ValueError(
                f"Row {label!r} has {len(values)} values for {len(clean_series)} series."
            )
        clean_rows.append((label, [_count(v, f"Row {label!r}") for v in values]))
    payload = (
        [(r[0], r[1]) for r in clean_rows],
        [(s.label, s.colour) for s in clean_series],
        description,
    )
    ids = chart_ids("portfolio", title, payload, chart_id)
    max_total = max((sum(values) for _, values in clean_rows), default=0)
    if max_total == 0:
        return empty(ids, title, description, empty_text)
    description = description or _portfolio_summary(clean_rows, clean_series)

    body: list[str] = []
    pattern_urls: list[str | None] = []
    defs = []
    for index, s in enumerate(clean_series):
        if s.pattern == "solid":
            pattern_urls.append(None)
            continue
        defs.append(pattern_def(ids.pattern(index), s.pattern, s.colour))
        pattern_urls.append(f"url(#{ids.pattern(index)})")
    if defs:
        body.append(el("defs", content="".join(defs)))

    legend, legend_bottom = _legend(clean_series, pattern_urls)
    body.append(legend)

    # Bars.
    bar_height = 24
    row_step = 34
    top = legend_bottom + 14
    x0 = PAD + label_column([label for label, _ in clean_rows])
    total_room = LABEL_GAP + text_width(str(max_total), FONT_SIZE, bold=True)
    plot_width = WIDTH - PAD - x0 - total_room
    scale = plot_width / max_total
    bars = []
    for row_index, (label, values) in enumerate(clean_rows):
        bar_top = top + row_index * row_step
        middle = bar_top + bar_height / 2
        text_y = baseline(middle, FONT_SIZE)
        parts = [text(x0 - LABEL_GAP, text_y, truncate_label(label), full=label, text_anchor="end")]
        x = x0
        boundaries = []
        for index, (s, value) in enumerate(zip(clean_series, values, strict=True)):
            if not value:
                continue
            width = value * scale
            segment = [
                el("title", content=escape(f"{label}, {s.label}: {value}")),
                swatch(x, bar_top, width, bar_height, s.colour, pattern_urls[index]),
            ]
            count = str(value)
            chip_width = text_width(count, SMALL_FONT_SIZE, bold=True) + 8
            if width >= chip_width + 4:
                # The count sits on a plain chip of the series colour, so the pattern
                # never runs through the digits.
                segment.append(
                    el(
                        "rect",
                        {
                            "x": x + (width - chip_width) / 2,
                            "y": middle - 8,
                            "width": chip_width,
                            "height": 16,
                            "rx": 3,
                            "fill": s.colour,
                        },
                    )
                )
                segment.append(
                    text(
                        x + width / 2,
                        baseline(middle, SMALL_FONT_SIZE),
                        count,
                        fill=text_colour_for(s.colour),
                        font_size=SMALL_FONT_SIZE,
                        font_weight="bold",
                        text_anchor="middle",
                    )
                )
            parts.append(el("g", {"data-series": s.label, "data-value": value}, "".join(segment)))
            x += width
            boundaries.append(x)
        # Thin white gaps between segments keep neighbours apart in greyscale.
        for boundary in boundaries[:-1]:
            parts.append(
                el(
                    "line",
                    {
                        "x1": boundary,
                        "y1": bar_top,
                        "x2": boundary,
                        "y2": bar_top + bar_height,
                        "stroke": WHITE,
                        "stroke-width": 1.5,
                    },
                )
            )
        total = sum(values)
        parts.append(
            text(
                x0 + total * scale + LABEL_GAP - 4,
                text_y,
                str(total),
                font_weight="bold",
                data_total=total,
            )
        )
        bars.append(el("g", {}, "".join(parts)))
    body.append("".join(bars))
    bottom = top + (len(clean_rows) - 1) * row_step + bar_height
    body.append(
        el(
            "line",
            {
                "x1": x0,
                "y1": top - 6,
                "x2": x0,
                "y2": bottom + 6,
                "stroke": AXIS,
                "stroke-width": 1,
            },
        )
    )
    return svg(ids, bottom + 6 + PAD, title, description, body)
