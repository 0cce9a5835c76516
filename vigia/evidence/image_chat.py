"""Layout of a WhatsApp-like chat screenshot: contact header, date chips, bubbles and times.

Received bubbles are on the left (white, or dark grey in dark mode); sent bubbles, the
member's own messages, are on the right and green. A short line's position decides its side;
a line that spans most of the width is decided by the colour of the bubble under it. Each
bubble ends at its time ("21:35", "9:35 p. m."), shown at its bottom right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, Literal

from vigia.evidence.dates import find_dates
from vigia.evidence.image_ocr import OcrLine, rows
from vigia.evidence.text import fold

__all__ = ["Bubble", "Chat", "chip_date", "looks_like_chat", "parse_chat", "parse_time"]

Side = Literal["received", "sent"]

_TIME: Final = re.compile(
    r"(?P<h>[0-2]?[0-9])[:.](?P<m>[0-5][0-9])\s*(?P<ampm>[ap]\.?\s?m\.?)?", re.IGNORECASE
)
# A time alone on its line, or at the end of the last line of a bubble, maybe followed by the
# read ticks, which OCR reads as "√√", "W", "VV", "//" and the like.
_TIME_LINE: Final = re.compile(
    rf"^(?:{_TIME.pattern})\s*[^\w\s]{{0,3}}(?:vv|w|v)?[^\w\s]{{0,3}}$", re.IGNORECASE
)
# At a line's end only "21:35" counts: "S/ 12.50" is money.
_TRAILING_TIME: Final = re.compile(
    rf"\s+(?:{_TIME.pattern.replace('[:.]', ':')})\s*[^\w\s]{{0,3}}(?:vv|w|v)?[^\w\s]{{0,3}}$",
    re.IGNORECASE,
)
# "a las 10:30" at the end of a message is part of the text, not the bubble's time.
_TIME_IN_TEXT: Final = re.compile(r"\b(?:las|la|a|desde|hasta|tipo|eso\s+de)\s*$")
_CHIP: Final = re.compile(
    r"^(?:hoy|ayer|lunes|martes|miercoles|jueves|viernes|sabado|domingo"
    r"|[0-3]?[0-9]\s*de\s*[a-z]+(?:\s*de\s*[0-9]{4})?|[0-3]?[0-9]/[01]?[0-9]/[0-9]{2,4})$"
)
_WEEKDAY_CHIP: Final = re.compile(r"^(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)$")
# Lines under the contact's name in the header.
_PRESENCE: Final = re.compile(
    r"^(?:en\s+linea|escribiendo|grabando|ult\.?\s+vez|ultima\s+vez|toca\s+para|online)"
)
_STATUS_BAR: Final = 0.045  # share of the height taken by the phone's status bar
_HEADER: Final = 0.115  # share of the height down to the end of the chat header
_GREEN: Final = 12  # how much greener than red and blue a sent bubble is


@dataclass(slots=True)
class Bubble:
    side: Side
    lines: list[OcrLine] = field(default_factory=list)
    time: str | None = None
    base: date | None = None
    y1: float = 0.0


@dataclass(slots=True)
class Chat:
    contact: list[OcrLine]
    bubbles: list[Bubble]


def parse_time(text: str) -> str | None:
    """ "21:35", "9:35 p. m." → "HH:MM" (24 h), or None."""
    match = _TIME.search(text)
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    ampm = (match["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    return f"{hour:02d}:{minute:02d}"


def chip_date(text: str, message_date: date | None) -> date | None:
    """The date a chat's date chip ("HOY", "AYER", "LUNES", "15 DE MARZO DE 2025") shows."""
    folded = " ".join(fold(text).split())
    folded = re.sub(r"\bde(?=[0-9])", "de ", folded)  # OCR glues "DE2026"
    if _WEEKDAY_CHIP.match(folded):
        folded = "el " + folded
    found = find_dates(folded, message_date)
    return date.fromisoformat(found[0].value) if found else None


def _is_system(line: OcrLine, width: float) -> bool:
    """A centred line that is not in a green bubble: a date chip or a notice of the app's."""
    red, green, blue = line.background
    centred = abs(line.cx - width / 2) < 0.07 * width and line.x1 - line.x0 < 0.6 * width
    return centred and green - max(red, blue) < _GREEN


def _is_time(line: OcrLine) -> bool:
    return bool(_TIME_LINE.match(line.text.strip()))


def looks_like_chat(
    lines: list[OcrLine], width: float, height: float, *, many: bool = False
) -> bool:
    """True when bubble times end lines, as in a chat screenshot (``many``: two or more)."""
    times = sum(1 for line in lines if not _status_bar(line, height) and _is_time(line)) + sum(
        1 for line in lines if _split_time(line.text)[1] is not None
    )
    return times >= (2 if many else 1) and len(lines) >= 2


def _split_time(text: str) -> tuple[str, str | None]:
    match = _TRAILING_TIME.search(text)
    if match is None or _TIME_IN_TEXT.search(fold(text[: match.start()])):
        return text, None
    return text[: match.start()], parse_time(match.group(0))


def _side(line: OcrLine, width: float) -> Side:
    red, green, blue = line.background
    greenness = green - max(red, blue)
    if greenness >= _GREEN:
        return "sent"
    if greenness <= _GREEN // 3:
        return "received"
    # A colour cast (a photo of the screen): a line far to one side says which side it is.
    return "sent" if line.x0 > 0.38 * width and line.x1 > 0.8 * width else "received"


def _status_bar(line: OcrLine, height: float) -> bool:
    """The phone's own status bar: the clock, the battery, the network."""
    short = len(line.text) <= 6 or "%" in line.text or _is_time(line)
    return line.cy < _STATUS_BAR * height and short


def parse_chat(
    lines: list[OcrLine], width: float, height: float, message_date: date | None
) -> Chat:
    """Split a screenshot's lines into the contact header and the bubbles, top to bottom."""
    contact: list[OcrLine] = []
    bubbles: list[Bubble] = []
    base = message_date
    current: Bubble | None = None
    visible = [line for line in lines if not _status_bar(line, height)]
    ordered = [line for row in rows(visible) for line in row]
    for line in ordered:
        if line.cy < _HEADER * height and not bubbles and current is None:
            if not _PRESENCE.match(fold(line.text)) and not _is_time(line):
                contact.append(line)
            continue
        if _is_time(line):
            if current is not None:
                current.time = current.time or parse_time(line.text)
                current.y1 = max(current.y1, line.y1)
                current = None
            continue
        if _is_system(line, width):
            current = None
            if _CHIP.match(" ".join(fold(line.text).split())):
                base = chip_date(line.text, message_date) or base
            continue
        side = _side(line, width)
        text, shown = _split_time(line.text)
        gap_limit = 0.9 * line.height
        if current is None or current.side != side or line.y0 - current.y1 > gap_limit:
            current = Bubble(side=side, base=base)
            bubbles.append(current)
        current.lines.append(replace(line, text=text.strip()))
        current.y1 = max(current.y1, line.y1)
        if shown is not None:
            current.time = shown
            current = None
    return Chat(contact=contact, bubbles=[bubble for bubble in bubbles if bubble.lines])
