"""Draw the evaluation images from their specifications (see ``specs.py``) with Pillow.

Fonts are the DejaVu or Liberation fonts when the machine has them (Debian's fonts-dejavu,
fonts-liberation) and Pillow's built-in scalable font otherwise, so the set can be drawn on
a fresh machine. Drawing is deterministic for a given specification and font set.
"""

from __future__ import annotations

import io
import random
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

__all__ = ["render"]

_FONT_DIRS: Final = (Path("/usr/share/fonts/truetype/dejavu"),
                     Path("/usr/share/fonts/truetype/liberation"),
                     Path("/usr/share/fonts/truetype/liberation2"))  # fmt: skip
_THEMES: Final[dict[str, dict[str, tuple[int, int, int]]]] = {
    "light": {"bg": (239, 234, 226), "received": (255, 255, 255), "sent": (217, 253, 211),
              "text": (17, 27, 33), "meta": (102, 119, 129), "header": (255, 255, 255),
              "chip": (255, 255, 255), "bar": (240, 242, 245), "tick": (83, 189, 235)},
    "dark": {"bg": (11, 20, 26), "received": (32, 44, 51), "sent": (0, 92, 75),
             "text": (233, 237, 239), "meta": (134, 150, 160), "header": (32, 44, 51),
             "chip": (24, 34, 41), "bar": (32, 44, 51), "tick": (83, 189, 235)},
}  # fmt: skip
_Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=64)
def _font(name: str, size: int, bold: bool = False) -> _Font:
    if name != "default":
        stem = f"{name}-Bold" if bold else (f"{name}-Regular" if "Liberation" in name else name)
        for folder in _FONT_DIRS:
            path = folder / f"{stem}.ttf"
            if path.is_file():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _printable(text: str, font: _Font) -> str:
    # Emoji have no glyph in these fonts; they carry no truth, so they are left out.
    kept = "".join(char for char in text if ord(char) < 0x2000)
    if isinstance(font, ImageFont.FreeTypeFont) and font.getname()[0] == "Aileron":
        # Pillow's built-in font has no accented letters: write them as a hurried typist would.
        kept = "".join(
            char for char in unicodedata.normalize("NFD", kept) if not unicodedata.combining(char)
        )
    return " ".join(kept.split())


def _put(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: _Font,
         **options: Any) -> None:  # fmt: skip
    draw.text(xy, _printable(text, font), font=font, **options)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: _Font, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _chat(spec: dict[str, Any]) -> Image.Image:
    width, height = spec["width"], spec["height"]
    colours = _THEMES[spec["theme"]]
    scale = spec["font_scale"]
    while True:  # the font shrinks until every bubble fits on the screen
        image = Image.new("RGB", (width, height), colours["bg"])
        if _draw_chat(image, spec, colours, scale) or scale < 0.02:
            return image
        scale *= 0.9


def _draw_chat(
    image: Image.Image, spec: dict[str, Any], colours: dict[str, tuple[int, int, int]], scale: float
) -> bool:
    width, height = image.size
    draw = ImageDraw.Draw(image)
    size = max(12, round(width * scale))
    font = _font(spec["font"], size)
    small = _font(spec["font"], max(10, round(size * 0.7)))
    status = round(height * 0.03)
    header_end = round(height * 0.1)
    draw.rectangle((0, 0, width, header_end), fill=colours["header"])
    _put(
        draw, (round(width * 0.05), round(status * 0.2)), "21:47", font=small, fill=colours["meta"]
    )
    _put(draw, (round(width * 0.85), round(status * 0.2)), "87%", font=small, fill=colours["meta"])
    middle = (status + header_end) // 2
    avatar = round(height * 0.022)
    draw.ellipse((round(width * 0.09), middle - avatar, round(width * 0.09) + 2 * avatar,
                  middle + avatar), fill=(180, 190, 196))  # fmt: skip
    title_font = _font(spec["font"], round(size * 1.05), bold=True)
    title_y = middle - size if spec["subtitle"] else middle - size // 2
    _put(draw, (round(width * 0.2), title_y), spec["title"], font=title_font, fill=colours["text"])
    if spec["subtitle"]:
        _put(draw, (round(width * 0.2), middle + size // 6), spec["subtitle"], font=small,
                  fill=colours["meta"])  # fmt: skip
    y = header_end + round(size * 0.8)
    chip_w = draw.textlength(spec["chip"], font=small) + size
    draw.rounded_rectangle(((width - chip_w) / 2, y, (width + chip_w) / 2, y + size * 1.4),
                           radius=size // 3, fill=colours["chip"])  # fmt: skip
    _put(draw, (width / 2, y + size * 0.7), spec["chip"], font=small, fill=colours["meta"],
              anchor="mm")  # fmt: skip
    y += round(size * 2.2)
    margin = round(width * 0.04)
    pad = round(size * 0.45)
    line_h = round(size * 1.3)
    bottom = height - round(height * 0.08)
    for bubble in spec["bubbles"]:
        lines = _wrap(draw, _printable(bubble["text"], font), font, width * 0.72 - 2 * pad)
        time_w = draw.textlength(bubble["time"], font=small) + (
            size if bubble["side"] == "sent" else 0
        )
        text_w = max(draw.textlength(line, font=font) for line in lines)
        last_w = draw.textlength(lines[-1], font=font)
        same_row = last_w + time_w + size * 0.6 <= width * 0.72 - 2 * pad
        inner_w = max(text_w, last_w + time_w + size * 0.6 if same_row else time_w)
        box_w = inner_w + 2 * pad
        box_h = len(lines) * line_h + 2 * pad + (0 if same_row else round(size * 0.9))
        if y + box_h > bottom:
            return False
        x0 = margin if bubble["side"] == "received" else width - margin - box_w
        draw.rounded_rectangle((x0, y, x0 + box_w, y + box_h), radius=round(size * 0.4),
                               fill=colours[bubble["side"]])  # fmt: skip
        for number, line in enumerate(lines):
            _put(draw, (x0 + pad, y + pad + number * line_h), line, font=font, fill=colours["text"])
        time_x = x0 + box_w - pad - time_w
        time_y = y + box_h - pad - round(size * 0.75)
        _put(draw, (time_x, time_y), bubble["time"], font=small, fill=colours["meta"])
        if bubble["side"] == "sent":
            _ticks(draw, time_x + time_w - size * 0.8, time_y + size * 0.35, size, colours["tick"])
        y += box_h + round(size * 0.5)
    draw.rectangle((0, bottom + round(height * 0.01), width, height), fill=colours["bar"])
    return True


def _ticks(
    draw: ImageDraw.ImageDraw, x: float, y: float, size: int, colour: tuple[int, int, int]
) -> None:
    unit = size * 0.25
    for shift in (0.0, unit * 1.1):
        points = [(x + shift, y), (x + shift + unit * 0.8, y + unit),
                  (x + shift + unit * 2.2, y - unit)]  # fmt: skip
        draw.line(points, fill=colour, width=max(2, size // 14))


_SLIP_COLOURS: Final = {"yape": (116, 35, 132), "plin": (0, 171, 196), "bank": (0, 45, 116)}


def _slip(spec: dict[str, Any]) -> Image.Image:
    width, height = spec["width"], min(spec["height"], round(spec["width"] * 2.0))
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    size = max(12, round(width * spec["font_scale"]))
    font = _font(spec["font"], size)
    bold = _font(spec["font"], size, bold=True)
    big = _font(spec["font"], round(size * 2.1), bold=True)
    accent = _SLIP_COLOURS[spec["app"]]
    band = round(height * 0.3)
    draw.rectangle((0, 0, width, band), fill=accent)
    y = round(height * 0.05)
    margin = round(width * 0.07)
    in_band = True
    for row in spec["rows"]:
        text = row[0]
        is_amount = text.startswith(("S/ ", "US$ ")) and len(row) == 1
        if in_band and y > band - size * 3:
            in_band = False
            y = band + round(size * 1.2)
        colour = (255, 255, 255) if in_band else (40, 40, 40)
        if len(row) == 1:
            use = big if is_amount else (bold if in_band or text.isupper() else font)
            _put(draw, (width / 2 if in_band else margin, y), text, font=use, fill=colour,
                      anchor="ma" if in_band else "la")  # fmt: skip
            y += round(size * (3.0 if is_amount else 1.8))
        else:
            _put(
                draw, (margin, y), text, font=font, fill=(110, 110, 110) if not in_band else colour
            )
            _put(draw, (width - margin, y), row[1], font=bold, fill=colour, anchor="ra")
            y += round(size * 2.0)
    return image


def _degrade(image: Image.Image, settings: dict[str, Any], seed: str) -> bytes:
    rng = random.Random(seed)  # noqa: S311 - reproducible rendering, not secrets
    if settings["shrink"] and max(image.size) > 1600:
        factor = 1600 / max(image.size)
        image = image.resize((round(image.width * factor), round(image.height * factor)),
                             Image.Resampling.LANCZOS)  # fmt: skip
    if settings["photo"]:
        border = round(image.width * 0.04)
        desk = Image.new("RGB", (image.width + 2 * border, image.height + 2 * border),
                         (rng.randrange(20, 60),) * 3)  # fmt: skip
        desk.paste(image, (border, border))
        image = desk.rotate(settings["rotate"], resample=Image.Resampling.BICUBIC,
                            fillcolor=(30, 30, 30))  # fmt: skip
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.9, 1.08))
        image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.88, 1.05))
    if settings["blur"] > 0:
        image = image.filter(ImageFilter.GaussianBlur(settings["blur"]))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=settings["jpeg"])
    return buffer.getvalue()


def render(record: dict[str, Any]) -> bytes:
    """The JPEG file of one evaluation record."""
    spec = record["spec"]
    image = _chat(spec) if record["kind"] == "chat" else _slip(spec)
    return _degrade(image, spec["degrade"], record["id"])
