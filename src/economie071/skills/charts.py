"""SVG charts of the matching plan, on the platform's chart kit (``core.charts``).

One chart shape: pairs of horizontal bars per row (demand and supply of a skill, or open
vacancies and passports of a sector). Readable without colour: the first bar of a pair is
solid, the second white with a dark outline, the legend says which is which, and every
value is printed beside its bar.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from economie071.core.charts import (
    AXIS,
    FONT_SIZE,
    PAD,
    PRIMARY,
    TEXT,
    WIDTH,
    baseline,
    chart_ids,
    clean_label,
    el,
    empty,
    svg,
    text,
    text_width,
    truncate_label,
)

BAR = 12
ROW = 34


def _bar(x, y, width, filled: bool, title: str) -> str:
    attrs = {"x": x, "y": y, "width": max(width, 0.0), "height": BAR}
    if filled:
        attrs["fill"] = PRIMARY
    else:
        attrs.update({"fill": "#ffffff", "stroke": TEXT, "stroke-width": 1.25})
    return el("rect", attrs, el("title", content=escape(title)))


def paired_bar_chart(
    rows: list[dict],
    *,
    first: str,
    second: str,
    title: str,
    description: str = "",
    empty_text: str = "Geen gegevens",
    chart_id: str | None = None,
) -> str:
    """rows: ``[{"label": "gastvrij zijn", "first": 4, "second": 1}, ...]`` (whole counts);
    `first` and `second` name the two bars (e.g. "Vraag", "Aanbod")."""
    title = clean_label(title)
    clean = [(clean_label(r["label"]), int(r["first"]), int(r["second"])) for r in rows]
    ids = chart_ids("paired-bars", title, (clean, first, second), chart_id)
    if not clean:
        return empty(ids, title, description, empty_text)
    description = description or "; ".join(
        f"{label}: {first} {a}, {second} {b}" for label, a, b in clean
    )
    # Legend
    body = []
    x = PAD
    for name, filled in ((first, True), (second, False)):
        body.append(_bar(x, PAD + 2, 18, filled, name))
        body.append(text(x + 24, baseline(PAD + 2 + BAR / 2, FONT_SIZE), name))
        x += 24 + text_width(name, FONT_SIZE) + 24
    top = PAD + 30
    label_column = min(
        230, max(text_width(truncate_label(label), FONT_SIZE) for label, _a, _b in clean) + 12
    )
    x0 = PAD + label_column
    high = max(max(a, b) for _l, a, b in clean) or 1
    room = text_width(str(high), FONT_SIZE) + 12
    scale = (WIDTH - PAD - x0 - room) / high
    for i, (label, a, b) in enumerate(clean):
        y = top + i * ROW
        parts = [
            text(
                x0 - 10,
                baseline(y + BAR, FONT_SIZE),
                truncate_label(label),
                full=label,
                text_anchor="end",
            )
        ]
        for j, (value, filled, name) in enumerate(((a, True, first), (b, False, second))):
            by = y + j * (BAR + 2)
            parts.append(_bar(x0, by, value * scale, filled, f"{label}: {name} {value}"))
            parts.append(
                text(x0 + value * scale + 6, baseline(by + BAR / 2, 11), str(value), font_size=11)
            )
        body.append(el("g", {"data-first": a, "data-second": b}, "".join(parts)))
    bottom = top + len(clean) * ROW
    body.append(el("line", {"x1": x0, "y1": top - 4, "x2": x0, "y2": bottom - 6, "stroke": AXIS}))
    return svg(ids, bottom + 4, title, description, body)
