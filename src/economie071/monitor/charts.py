"""Server-side SVG charts of the index: a line chart over the years and a bar chart per area.

Plain Python on the platform's chart kit, ``core.charts`` (one look, one code path for web and
PDF, the same constraints: no style attributes, only elements WeasyPrint draws, readable
without colour: every series has its own dash pattern and marker shape, and the last value
of each line is printed beside it).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from xml.sax.saxutils import escape

from economie071.core.charts import (
    AXIS,
    FONT_SIZE,
    MUTED,
    PAD,
    PRIMARY,
    SMALL_FONT_SIZE,
    WIDTH,
    baseline,
    chart_ids,
    clean_label,
    el,
    empty,
    nice_ticks,
    svg,
    text,
    text_width,
    truncate_label,
)
from economie071.core.formats import format_decimal

# Series styles: colour, dash pattern, marker; distinguishable in greyscale too.
STYLES = (
    (PRIMARY, None, "circle"),
    ("#8a4b08", "6 3", "square"),
    ("#2d6a2d", "2 3", "diamond"),
    ("#8b2252", "8 3 2 3", "circle-open"),
    ("#5a3d8a", "4 4", "square-open"),
    ("#4a4a4a", "1 2", "cross"),
    ("#00607a", "10 4", "diamond-open"),
)


def format_index(value) -> str:
    """An index value in Dutch notation with one decimal: 103,4; – when there is none."""
    return format_decimal(value, 1)


def format_hectares(value) -> str:
    """Hectares with one decimal, Dutch notation: -4,5."""
    return format_decimal(value, 1)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    size = 4.0
    filled = not kind.endswith("-open")
    fill = colour if filled else "#ffffff"
    base = kind.removesuffix("-open")
    attrs = {"fill": fill, "stroke": colour, "stroke-width": 1.5}
    if base == "circle":
        return el("circle", {"cx": x, "cy": y, "r": size, **attrs})
    if base == "square":
        return el(
            "rect", {"x": x - size, "y": y - size, "width": 2 * size, "height": 2 * size, **attrs}
        )
    if base == "diamond":
        # A square turned 45°: drawn as a rect with a transform WeasyPrint supports.
        return el(
            "rect",
            {
                "x": -size * 0.8,
                "y": -size * 0.8,
                "width": size * 1.6,
                "height": size * 1.6,
                "transform": f"translate({x:.2f} {y:.2f}) rotate(45)",
                **attrs,
            },
        )
    line = {"stroke": colour, "stroke-width": 2}
    return el("line", {"x1": x - size, "y1": y - size, "x2": x + size, "y2": y + size, **line}) + (
        el("line", {"x1": x - size, "y1": y + size, "x2": x + size, "y2": y - size, **line})
    )


def line_chart(
    series: list[dict],
    *,
    title: str,
    description: str = "",
    reference: float | None = 100,
    height: int = 300,
    width: int = WIDTH,
    empty_text: str = "Geen gegevens",
    chart_id: str | None = None,
    value_format: Callable[[object], str] = format_index,
    note: str = "",
    value_range: tuple[float, float] | None = None,
    axis_label: str = "",
    caption: str = "",
) -> str:
    """Lines over the years: ``[{"label": "Leiden", "points": [(2014, Decimal("100")), ...]}]``.

    A point's value may be None (no index that year): the line breaks there. `reference`
    draws a dashed line (the base year's 100). The last value of each series is printed at
    its end; an empty `description` becomes a summary of the data. The value axis has
    round ticks; `value_range` gives several charts the same scale (small multiples);
    `axis_label` names the unit of the value axis; `note` ("Voorbeeldcijfers") is printed
    inside the chart.
    """
    title = clean_label(title)
    clean = []
    for item in series:
        points = [(int(year), None if v is None else float(v)) for year, v in item["points"]]
        clean.append((clean_label(item["label"]), points))
    payload = ([(label, points) for label, points in clean], reference, width, height)
    ids = chart_ids("index-line", title, payload, chart_id)
    values = [v for _label, points in clean for _y, v in points if v is not None]
    years = sorted({year for _label, points in clean for year, _v in points})
    if not values or not years:
        return empty(ids, title, description, empty_text)
    if not description:
        description = "; ".join(
            f"{label}: " + ", ".join(f"{y} {value_format(v)}" for y, v in points if v is not None)
            for label, points in clean
        )
    low = min(values + ([reference] if reference is not None else []))
    high = max(values + ([reference] if reference is not None else []))
    if value_range is not None:
        low, high = min(low, value_range[0]), max(high, value_range[1])
    tick_values = nice_ticks(low, high, 5)
    low, high = tick_values[0], tick_values[-1]

    label_room = max(
        text_width(f"{truncate_label(label, 18)} {value_format(points[-1][1])}", SMALL_FONT_SIZE)
        for label, points in clean
    )
    x0 = PAD + max(text_width(value_format(round(t, 1)), SMALL_FONT_SIZE) for t in tick_values) + 8
    x1 = width - PAD - label_room - 10
    y0, y1 = PAD + 6 + (SMALL_FONT_SIZE + 4 if axis_label else 0), height - PAD - 22

    def sx(year: int) -> float:
        if len(years) == 1:
            return (x0 + x1) / 2
        return x0 + (year - years[0]) / (years[-1] - years[0]) * (x1 - x0)

    def sy(value: float) -> float:
        return y1 - (value - low) / (high - low) * (y1 - y0)

    body = []
    # Axes, year labels and three value ticks.
    body.append(el("line", {"x1": x0, "y1": y1, "x2": x1, "y2": y1, "stroke": AXIS}))
    body.append(el("line", {"x1": x0, "y1": y0, "x2": x0, "y2": y1, "stroke": AXIS}))
    step = max(1, round(len(years) / 8))
    for year in years[::step]:
        body.append(
            text(sx(year), y1 + 16, str(year), font_size=SMALL_FONT_SIZE, text_anchor="middle")
        )
    if axis_label:
        body.append(
            text(PAD, PAD + SMALL_FONT_SIZE, axis_label, font_size=SMALL_FONT_SIZE, fill=MUTED)
        )
    for tick in tick_values:
        body.append(
            el("line", {"x1": x0, "y1": sy(tick), "x2": x1, "y2": sy(tick), "stroke": "#e0e0e0"})
        )
        body.append(
            text(
                x0 - 6,
                baseline(sy(tick), SMALL_FONT_SIZE),
                value_format(Decimal(str(round(tick, 1)))),
                font_size=SMALL_FONT_SIZE,
                fill=MUTED,
                text_anchor="end",
            )
        )
    if reference is not None:
        body.append(
            el(
                "line",
                {
                    "x1": x0,
                    "y1": sy(reference),
                    "x2": x1,
                    "y2": sy(reference),
                    "stroke": MUTED,
                    "stroke-width": 1,
                    "stroke-dasharray": "3 3",
                },
            )
        )
    ends = []
    for index, (label, points) in enumerate(clean):
        colour, dash, marker = STYLES[index % len(STYLES)]
        parts = [el("title", content=escape(label))]
        previous = None
        for year, value in points:
            if value is None:
                previous = None
                continue
            if previous is not None:
                parts.append(
                    el(
                        "line",
                        {
                            "x1": sx(previous[0]),
                            "y1": sy(previous[1]),
                            "x2": sx(year),
                            "y2": sy(value),
                            "stroke": colour,
                            "stroke-width": 2,
                            "stroke-dasharray": dash,
                        },
                    )
                )
            previous = (year, value)
        for year, value in points:
            if value is not None:
                parts.append(
                    el(
                        "g",
                        {"data-year": year, "data-value": value_format(Decimal(str(value)))},
                        el("title", content=escape(f"{label} {year}: {value_format(value)}"))
                        + _marker(marker, sx(year), sy(value), colour),
                    )
                )
        last = next(((y, v) for y, v in reversed(points) if v is not None), None)
        if last is not None:
            ends.append([sy(last[1]), label, last[1], colour])
        body.append(el("g", {"data-series": label}, "".join(parts)))
    # End labels, nudged apart so they do not overlap.
    ends.sort(key=lambda item: item[0])
    for i in range(1, len(ends)):
        ends[i][0] = max(ends[i][0], ends[i - 1][0] + SMALL_FONT_SIZE + 2)
    for y, label, value, colour in ends:
        body.append(
            text(
                x1 + 8,
                baseline(y, SMALL_FONT_SIZE),
                f"{truncate_label(label, 18)} {value_format(Decimal(str(value)))}",
                full=label,
                font_size=SMALL_FONT_SIZE,
                fill=colour,
            )
        )
    markup = svg(ids, height, title, description, body, note=note, caption=caption)
    if width != WIDTH:
        markup = markup.replace(f'viewBox="0 0 {WIDTH} ', f'viewBox="0 0 {width} ', 1)
    return markup


def bar_chart(
    rows: list[dict],
    *,
    title: str,
    description: str = "",
    reference: float | None = 100,
    empty_text: str = "Geen gegevens",
    chart_id: str | None = None,
    value_format: Callable[[object], str] = format_index,
    note: str = "",
    caption: str = "",
) -> str:
    """One horizontal bar per row (``{"label": "Leiden", "value": Decimal("104.2")}``) with its
    value printed; a dashed line marks the `reference` (100). Index values (a reference is
    given) all lie near 100, so bars from 0 would hide their differences: the axis then
    starts at a round value below the smallest, and the chart says so under the axis.
    `note` ("Voorbeeldcijfers") is printed inside the chart."""
    title = clean_label(title)
    clean = [
        (clean_label(r["label"]), None if r["value"] is None else float(r["value"])) for r in rows
    ]
    ids = chart_ids("index-bars", title, (clean, reference), chart_id)
    values = [v for _l, v in clean if v is not None]
    if not values:
        return empty(ids, title, description, empty_text)
    description = description or "; ".join(f"{name}: {value_format(v)}" for name, v in clean)
    label_column = min(212, max(text_width(name, FONT_SIZE) for name, _v in clean) + 12)
    x0 = PAD + label_column
    room = max(text_width(value_format(v), FONT_SIZE) for v in values) + 12
    high = max(values + ([reference] if reference is not None else []))
    start = 0.0
    if reference is not None and min(values) > 0:
        candidates = nice_ticks(min(values + [reference]), high, 5)
        start = candidates[0] if candidates[0] > 0 else 0.0
    scale = (WIDTH - PAD - x0 - room) / (high - start) if high > start else 0
    bar, step, top = 20, 28, PAD + 4
    body = []
    for i, (label, value) in enumerate(clean):
        y = top + i * step
        text_y = baseline(y + bar / 2, FONT_SIZE)
        parts = [text(x0 - 10, text_y, truncate_label(label), full=label, text_anchor="end")]
        if value is not None and value > start:
            width = (value - start) * scale
            parts.append(
                el(
                    "rect",
                    {"x": x0, "y": y, "width": width, "height": bar, "fill": PRIMARY},
                    el("title", content=escape(f"{label}: {value_format(value)}")),
                )
            )
            parts.append(text(x0 + width + 6, text_y, value_format(Decimal(str(value)))))
        else:
            parts.append(text(x0 + 6, text_y, "–", fill=MUTED))
        body.append(el("g", {"data-value": "" if value is None else value}, "".join(parts)))
    bottom = top + len(clean) * step
    body.append(el("line", {"x1": x0, "y1": top - 4, "x2": x0, "y2": bottom, "stroke": AXIS}))
    if start:
        body.append(
            text(
                x0,
                bottom + 30,
                f"De as begint bij {value_format(start)}, niet bij 0.",
                font_size=SMALL_FONT_SIZE,
                fill=MUTED,
            )
        )
    if reference is not None and scale:
        rx = x0 + (reference - start) * scale
        body.append(
            el(
                "line",
                {
                    "x1": rx,
                    "y1": top - 4,
                    "x2": rx,
                    "y2": bottom,
                    "stroke": "#1b1b1b",
                    "stroke-width": 1,
                    "stroke-dasharray": "4 3",
                },
            )
        )
        body.append(
            text(
                rx,
                bottom + 14,
                value_format(reference),
                font_size=SMALL_FONT_SIZE,
                text_anchor="middle",
                fill=MUTED,
            )
        )
    return svg(
        ids, bottom + (38 if start else 22), title, description, body, note=note, caption=caption
    )
