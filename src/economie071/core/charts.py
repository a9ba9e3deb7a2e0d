"""The platform's SVG chart kit: one code path for the web page and the PDF.

Plain Python, standard library only: the functions take plain data (lists of dicts, Decimals)
and return a complete inline ``<svg>`` element as a string, so the same markup is embedded in
a Django template and rendered by WeasyPrint. The look (colours, font, sizes), the markup
helpers, the fill patterns and the allocation chart live here; each app draws its own charts
with them (``publications.charts``, ``monitor.charts``, ``skills.charts``).

Why it looks the way it does:

- Strict CSP (``style-src 'self'``): no ``style`` attributes, no ``<style>``, no scripts and no
  classes that depend on a page stylesheet; only presentation attributes (``fill=``, ...).
- WeasyPrint has its own, smaller SVG renderer: only ``rect``, ``line``, ``circle``, ``text``,
  ``tspan``, ``g``, ``title``, ``desc`` and ``pattern`` (``patternUnits="userSpaceOnUse"``)
  are used, and text is placed on its alphabetic baseline (no ``dominant-baseline``, which
  WeasyPrint only approximates).
- Readable without colour: every series of a stacked bar has its own fill pattern drawn over
  its colour (the legend uses the same swatches), counts and totals are printed as text, and
  the text colour inside a segment is picked by WCAG contrast.
- Accessible: ``role="img"`` with ``aria-labelledby`` pointing at a ``<title>`` and a
  ``<desc>``; ids are unique per chart (slug of the title plus a hash of the data), so several
  charts can share a page. The same input always gives the same output.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from economie071.core.formats import format_money, format_percent, to_decimal

__all__ = [
    "AXIS",
    "BLACK",
    "ELLIPSIS",
    "FONT_FAMILY",
    "FONT_SIZE",
    "LABEL_COLUMN",
    "LABEL_GAP",
    "MAX_LABEL_CHARS",
    "MIN_LABEL_COLUMN",
    "MUTED",
    "NEUTRAL",
    "PAD",
    "PATTERNS",
    "PATTERN_STROKE",
    "PATTERN_TILE",
    "PRIMARY",
    "SMALL_FONT_SIZE",
    "TEXT",
    "WHITE",
    "WIDTH",
    "ChartIds",
    "allocation_chart",
    "baseline",
    "chart_ids",
    "clean_label",
    "contrast_ratio",
    "el",
    "empty",
    "label_column",
    "nice_ticks",
    "pattern_def",
    "relative_luminance",
    "series_colour",
    "svg",
    "swatch",
    "text",
    "text_colour_for",
    "text_width",
    "truncate_label",
]

# --- Look -------------------------------------------------------------------------------

FONT_FAMILY = "Noto Sans, sans-serif"
TEXT = "#1b1b1b"
MUTED = "#4a4a4a"
AXIS = "#4a4a4a"
PRIMARY = "#154273"
# For a series without a colour (e.g. "Zonder pijler"): light, so it is told apart from the
# dark pillar colours in greyscale too, and black text on it has a contrast above 10:1.
NEUTRAL = "#bdbdbd"
WHITE = "#ffffff"
BLACK = "#000000"

WIDTH = 720  # intrinsic width of the viewBox; the SVG scales to its container (width=100%)
PAD = 8
LABEL_COLUMN = 212  # the widest label column: room for ~28 characters at FONT_SIZE
MIN_LABEL_COLUMN = 64
LABEL_GAP = 10
FONT_SIZE = 13
SMALL_FONT_SIZE = 12
MAX_LABEL_CHARS = 28
ELLIPSIS = "\u2026"

PATTERN_TILE = 7
PATTERN_STROKE = 1.25
# Drawn over the series colour, cycling when there are more series than patterns.
PATTERNS = (
    "solid",
    "diagonal",
    "cross",
    "dots",
    "horizontal",
    "vertical",
    "back-diagonal",
    "grid",
)

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


# --- Text -------------------------------------------------------------------------------


def clean_label(label) -> str:
    return " ".join(str(label if label is not None else "").split())


def truncate_label(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    """Cut a label to at most `limit` characters, ending in an ellipsis when cut."""
    label = clean_label(label)
    if len(label) <= limit:
        return label
    return label[: limit - 1].rstrip() + ELLIPSIS


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


# Rough advance widths (in em) of Noto Sans; good enough to reserve room for labels.
_NARROW = set("iljft.,:;'|!()[] ")
_WIDE = set("mwMW@%")


def text_width(text: str, font_size: float, *, bold: bool = False) -> float:
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _WIDE:
            em += 0.86
        elif char.isdigit():
            em += 0.572
        elif char.isupper() or char == "€":
            em += 0.66
        else:
            em += 0.55
    return em * font_size * (1.07 if bold else 1.0)


# --- Colour -------------------------------------------------------------------------------


def series_colour(value) -> str:
    """A #rrggbb colour, or the neutral grey for None or anything that is not a hex colour."""
    if not isinstance(value, str) or not _HEX_COLOUR.match(value.strip()):
        return NEUTRAL
    value = value.strip().lower()
    if len(value) == 4:
        value = "#" + "".join(char * 2 for char in value[1:])
    return value


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = series_colour(colour)
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour (0 = black, 1 = white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two hex colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_for(background: str) -> str:
    """White or black, whichever contrasts more with `background`."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background):
        return WHITE
    return BLACK


def _mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    mixed = (round(a + (b - a) * amount) for a, b in zip(_rgb(colour), _rgb(other), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _pattern_ink(colour: str) -> str:
    """The colour of a pattern's lines over `colour`: light on dark fills, dark on light."""
    return _mix(colour, WHITE if text_colour_for(colour) == WHITE else BLACK, 0.55)


# --- SVG markup ---------------------------------------------------------------------------


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = _num(value)
        parts.append(f" {name}={quoteattr(str(value))}")
    return "".join(parts)


def el(tag: str, attrs: dict | None = None, content: str | None = None) -> str:
    """One element; `content` is markup (escape text with `escape` before passing it)."""
    if content is None:
        return f"<{tag}{_attrs(attrs or {})}/>"
    return f"<{tag}{_attrs(attrs or {})}>{content}</{tag}>"


def text(x, y, text: str, *, full: str | None = None, **attrs) -> str:
    """A text element; `full`, when it differs from `text`, goes in a <title> child."""
    content = escape(text)
    if full and full != text:
        content += el("title", content=escape(full))
    attrs = {"x": x, "y": y, **{name.replace("_", "-"): value for name, value in attrs.items()}}
    return el("text", attrs, content)


def label_column(labels: list[str]) -> float:
    """As wide as the longest (truncated) label needs, so short labels leave no empty band."""
    widest = max((text_width(truncate_label(label), FONT_SIZE) for label in labels), default=0)
    return min(LABEL_COLUMN, max(MIN_LABEL_COLUMN, widest + LABEL_GAP))


def baseline(middle: float, font_size: float) -> float:
    """The baseline that centres digits and capitals of `font_size` around `middle`."""
    return middle + font_size * 0.36


@dataclass(frozen=True)
class ChartIds:
    chart: str

    @property
    def title(self) -> str:
        return f"{self.chart}-title"

    @property
    def desc(self) -> str:
        return f"{self.chart}-desc"

    def pattern(self, index: int) -> str:
        return f"{self.chart}-pattern-{index}"


def chart_ids(kind: str, title: str, payload: object, chart_id: str | None) -> ChartIds:
    if chart_id:
        base = _slugify(chart_id) or "chart"
        return ChartIds(base if base[0].isalpha() else f"chart-{base}")
    digest = hashlib.sha256(repr((kind, title, payload)).encode("utf-8")).hexdigest()[:8]
    slug = _slugify(title)
    return ChartIds(f"chart-{slug}-{digest}" if slug else f"chart-{digest}")


NOTE_BAND = 20  # room above a chart's body for its note ("Voorbeeldcijfers")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high:
    95, 100, 105, 110 rather than 100.3, 103.4, 106.6."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    count = max(1, math.ceil((high - first) / step - 1e-9))  # the last tick reaches `high`
    return [round(first + index * step, 10) for index in range(count + 1)]


def svg(
    ids: ChartIds,
    height: float,
    title: str,
    description: str,
    body: list[str],
    *,
    note: str = "",
    caption: str = "",
) -> str:
    """The chart element. A `caption` (a visible title, for a chart shown without a heading
    of its own, such as one of several small charts) and a `note` ("Voorbeeldcijfers: …")
    are printed inside the chart above its body; the note is also added to the title (the
    accessible name and a PDF's alternative text) and opens the description, so it travels
    with the chart wherever it is shown, copied or read aloud."""
    lines = []
    if caption:
        lines.append((clean_label(caption), FONT_SIZE, TEXT))
    if note:
        note = clean_label(note)
        description = f"{note} {description}".strip()
        title = f"{title} ({note})"  # the accessible name, and the PDF's alternative text
        lines.append((note, SMALL_FONT_SIZE, MUTED))
    if lines:
        head = [
            text(
                PAD,
                baseline(NOTE_BAND * (i + 0.5), size),
                line,
                font_size=size,
                font_weight="bold",
                fill=colour,
            )
            for i, (line, size, colour) in enumerate(lines)
        ]
        shift = NOTE_BAND * len(lines)
        body = [*head, el("g", {"transform": f"translate(0 {shift})"}, "".join(body))]
        height += shift
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {_num(height)}",
        "width": "100%",
        "role": "img",
        "aria-labelledby": f"{ids.title} {ids.desc}",
        "font-family": FONT_FAMILY,
        "font-size": FONT_SIZE,
        "fill": TEXT,
    }
    head = [
        el("title", {"id": ids.title}, escape(title)),
        el("desc", {"id": ids.desc}, escape(description)),
    ]
    return el("svg", attrs, "".join(head + body))


def empty(ids: ChartIds, title: str, description: str, empty_text: str) -> str:
    height = 48
    body = [text(PAD, baseline(height / 2, FONT_SIZE), empty_text, fill=MUTED)]
    return svg(ids, height, title, description or empty_text, body)


# --- Patterns -----------------------------------------------------------------------------


def _pattern_shapes(kind: str, ink: str) -> list[str]:
    t = PATTERN_TILE
    line = {"stroke": ink, "stroke-width": PATTERN_STROKE, "stroke-linecap": "square"}

    def seg(x1, y1, x2, y2):
        return el("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, **line})

    # Diagonals get their neighbours' corner pieces so the tiles join without gaps.
    forward = [seg(0, t, t, 0), seg(-1, 1, 1, -1), seg(t - 1, t + 1, t + 1, t - 1)]
    backward = [seg(0, 0, t, t), seg(-1, t - 1, 1, t + 1), seg(t - 1, -1, t + 1, 1)]
    horizontal = [seg(0, t / 2, t, t / 2)]
    vertical = [seg(t / 2, 0, t / 2, t)]
    if kind == "diagonal":
        return forward
    if kind == "cross":
        return forward + backward
    if kind == "dots":
        return [el("circle", {"cx": t / 2, "cy": t / 2, "r": 1.5, "fill": ink})]
    if kind == "horizontal":
        return horizontal
    if kind == "vertical":
        return vertical
    if kind == "back-diagonal":
        return backward
    if kind == "grid":
        return horizontal + vertical
    return []


def pattern_def(pattern_id: str, kind: str, colour: str) -> str:
    shapes = _pattern_shapes(kind, _pattern_ink(colour))
    attrs = {
        "id": pattern_id,
        "patternUnits": "userSpaceOnUse",
        "width": PATTERN_TILE,
        "height": PATTERN_TILE,
    }
    return el("pattern", attrs, "".join(shapes))


def swatch(x, y, width, height, colour: str, pattern_url: str | None) -> str:
    """The series colour with its pattern drawn over it."""
    rect = {"x": x, "y": y, "width": width, "height": height}
    parts = [el("rect", {**rect, "fill": colour})]
    if pattern_url:
        parts.append(el("rect", {**rect, "fill": pattern_url}))
    if contrast_ratio(colour, WHITE) < 1.5:
        # A near-white fill would vanish into the page: give it an edge.
        edge = {"x": x + 0.5, "y": y + 0.5, "width": max(width - 1, 0), "height": height - 1}
        parts.append(el("rect", {**edge, "fill": "none", "stroke": MUTED, "stroke-width": 1}))
    return "".join(parts)


# --- Allocation: a budget over municipalities ---------------------------------------------


def _amount(value, where: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{where}: an amount is required, got {value!r}.")
    amount = to_decimal(value, where)
    if amount < 0:
        raise ValueError(f"{where}: an amount must not be negative, got {value!r}.")
    return amount


def allocation_chart(
    rows: list[dict],
    *,
    title: str,
    description: str,
    currency: str = "€",
    empty_text: str = "Geen gegevens",
    total_label: str = "Totaal",
    chart_id: str | None = None,
) -> str:
    """A budget shared out over municipalities: one horizontal bar per row, in input order.

    rows: ``[{"label": "Leiden", "amount": Decimal("86991.85")}, ...]``. Every bar is labelled
    with its amount (``€ 86.991,85``) and its share of the total (``45,3%``); a total line
    closes the chart. No rows, or a total of zero, gives the `empty_text`. An empty
    `description` is replaced by a summary of the data.

    Raises ValueError for a missing or negative amount (a bug in the caller).
    """
    title = clean_label(title)
    description = clean_label(description)
    clean_rows = [
        (clean_label(row.get("label")), _amount(row.get("amount"), f"Row {row.get('label')!r}"))
        for row in rows
    ]
    payload = ([(label, str(amount)) for label, amount in clean_rows], currency, description)
    ids = chart_ids("allocation", title, payload, chart_id)
    total = sum((amount for _, amount in clean_rows), Decimal(0))
    if total == 0:
        return empty(ids, title, description, empty_text)

    labelled = [
        (
            label,
            amount,
            format_money(amount, currency),
            format_percent(amount / total, unit="share"),
        )
        for label, amount in clean_rows
    ]
    description = description or (
        "; ".join(f"{label}: {money} ({share})" for label, _, money, share in labelled)
        + f". {total_label} {format_money(total, currency)}."
    )
    value_room = max(text_width(f"{money} ({share})", FONT_SIZE) for _, _, money, share in labelled)
    x0 = PAD + label_column([label for label, _ in clean_rows] + [total_label])
    plot_width = WIDTH - PAD - x0 - LABEL_GAP - value_room
    largest = max(amount for _, amount, _, _ in labelled)
    bar_height = 22
    row_step = 32
    top = PAD + 4
    body = []
    for index, (label, amount, money, share) in enumerate(labelled):
        bar_top = top + index * row_step
        text_y = baseline(bar_top + bar_height / 2, FONT_SIZE)
        width = float(amount / largest) * plot_width
        parts = [
            text(x0 - LABEL_GAP, text_y, truncate_label(label), full=label, text_anchor="end"),
            el(
                "rect",
                {
                    "x": x0,
                    "y": bar_top,
                    "width": width,
                    "height": bar_height,
                    "fill": PRIMARY,
                    "data-value": str(amount),
                },
                el("title", content=escape(f"{label}: {money} ({share})")),
            ),
            el(
                "text",
                {"x": x0 + width + LABEL_GAP - 4, "y": text_y},
                escape(money) + " " + el("tspan", {"fill": MUTED}, escape(f"({share})")),
            ),
        ]
        body.append(el("g", {}, "".join(parts)))
    bottom = top + (len(labelled) - 1) * row_step + bar_height
    body.append(
        el(
            "line",
            {
                "x1": x0,
                "y1": top - 4,
                "x2": x0,
                "y2": bottom + 4,
                "stroke": AXIS,
                "stroke-width": 1,
            },
        )
    )
    rule_y = bottom + 12
    body.append(
        el(
            "line",
            {
                "x1": PAD,
                "y1": rule_y,
                "x2": WIDTH - PAD,
                "y2": rule_y,
                "stroke": "#b4b4b4",
                "stroke-width": 1,
            },
        )
    )
    total_y = baseline(rule_y + 16, FONT_SIZE)
    body.append(text(x0 - LABEL_GAP, total_y, total_label, font_weight="bold", text_anchor="end"))
    body.append(text(x0, total_y, format_money(total, currency), font_weight="bold"))
    return svg(ids, rule_y + 32 + PAD - 4, title, description, body)
