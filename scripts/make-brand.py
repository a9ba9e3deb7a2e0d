"""Draw the Economie071 logo and favicons from the shipped Noto Sans font.

    .venv/bin/python scripts/make-brand.py

Writes src/economie071/web/static/web/brand/: logo.svg (wordmark), favicon.svg,
favicon-32.png, apple-touch-icon.png (180 px) and favicon.ico. The letters are paths
(fontTools), so the SVGs look the same without the font; the PNG and ICO are drawn with
Pillow from the same font. Plain shapes and text: no artwork from elsewhere.
"""

from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "economie071" / "web" / "static" / "web"
FONT = STATIC / "fonts" / "NotoSans-Bold.ttf"
OUT = STATIC / "brand"

BLUE = "#154273"
TEXT = "#1b1b1b"
# The five pillars in the order of the project overview.
PILLARS = ["#1f5f8b", "#8a4b08", "#2d6a2d", "#8b2252", "#5a3d8a"]


def text_path(font: TTFont, text: str, *, x: float, baseline: float, size: float) -> tuple[str, float]:
    """An SVG path of text set in the font; returns the path and the advance width."""
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs)
    advance = 0.0
    for char in text:
        name = cmap[ord(char)]
        # Font units go up; SVG goes down: flip around the baseline.
        transform = TransformPen(pen, (scale, 0, 0, -scale, x + advance * scale, baseline))
        glyphs[name].draw(transform)
        advance += glyphs[name].width
    return pen.getCommands(), advance * scale


def logo(font: TTFont) -> str:
    bars = "".join(
        f'<rect x="{i * 9}" y="{8 + (4 - i) * 3}" width="6" height="{40 - (4 - i) * 3}" rx="1" fill="{c}"/>'
        for i, c in enumerate(PILLARS)
    )
    word, word_width = text_path(font, "Economie", x=54, baseline=42, size=30)
    number, number_width = text_path(font, "071", x=54 + word_width, baseline=42, size=30)
    width = round(54 + word_width + number_width + 4)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 56" width="{width}" height="56" '
        'role="img" aria-labelledby="title">'
        "<title id=\"title\">Economie071</title>"
        f"{bars}"
        f'<path fill="{TEXT}" d="{word}"/><path fill="{BLUE}" d="{number}"/>'
        "</svg>\n"
    )


def favicon_svg(font: TTFont) -> str:
    _, width = text_path(font, "071", x=0, baseline=0, size=30)
    x = (64 - width) / 2
    digits, _ = text_path(font, "071", x=x, baseline=40, size=30)
    stripes = "".join(
        f'<rect x="{8 + i * 9.6:.1f}" y="48" width="9.6" height="8" fill="{c}"/>' for i, c in enumerate(PILLARS)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="10" fill="{BLUE}"/>'
        f'<path fill="#ffffff" d="{digits}"/>'
        f'<rect x="6" y="46" width="52" height="12" rx="2" fill="#ffffff"/>{stripes}'
        "</svg>\n"
    )


def favicon_png(size: int) -> Image.Image:
    scale = size / 64
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=round(10 * scale), fill=BLUE)
    font = ImageFont.truetype(str(FONT), round(30 * scale))
    draw.text((size / 2, 40 * scale), "071", font=font, fill="#ffffff", anchor="ms")
    draw.rounded_rectangle((6 * scale, 46 * scale, 58 * scale, 58 * scale), radius=round(2 * scale), fill="#ffffff")
    for i, colour in enumerate(PILLARS):
        left = (8 + i * 9.6) * scale
        draw.rectangle((left, 48 * scale, left + 9.6 * scale, 56 * scale), fill=colour)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    font = TTFont(FONT)
    (OUT / "logo.svg").write_text(logo(font), encoding="utf-8")
    (OUT / "favicon.svg").write_text(favicon_svg(font), encoding="utf-8")
    favicon_png(32).save(OUT / "favicon-32.png", optimize=True)
    favicon_png(180).save(OUT / "apple-touch-icon.png", optimize=True)
    favicon_png(256).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    print(f"Wrote {OUT}")


if __name__ == "__main__":
    main()
