"""Image extraction: OCR a screenshot or a payment slip, then run the text extraction on it.

``extract_image`` returns the ``vigia extract`` output of shared contracts section 4 with
``ocr_text`` (the text the spans point into) and these extra keys:

* ``layout``: ``"chat"``, ``"slip"`` or ``"text"`` (anything else: a photo of a note, a flyer);
* every indicator has ``box``: [x0, y0, x1, y1] in image pixels around the lines it came from,
  and its confidence is the text confidence times the OCR score of those lines;
* chats: ``messages``, one ``{"side": "received"|"sent", "time": "HH:MM"|null, "span"}`` per
  bubble, and ``contact`` (``{"text", "span"}`` of the name or number in the chat header, or null);
* slips: ``slip`` = ``{"app", "amount", "payee", "destination", "operation", "date", "time"}``.

Who said what matters. Indicators come only from the contact header and received bubbles
(the member's own messages carry her own number and her DNI), and on a slip never from the
payer's rows. Sent bubbles still give amounts, dates, places and actors ("ya te yapeé 150").
This is done by blanking the other segments before extraction, which keeps every offset.
OCR is slow (about a second per screenshot on one core): it runs in the worker, never in a
request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Final, cast

from vigia.evidence.amounts import find_amounts
from vigia.evidence.extract import Extraction, extract_text
from vigia.evidence.image_chat import looks_like_chat, parse_chat
from vigia.evidence.image_ocr import OcrLine, load_image, recognize, rows
from vigia.evidence.image_slip import (
    Field,
    Row,
    SlipLayout,
    looks_like_slip,
    parse_slip,
    slip_datetime,
)
from vigia.evidence.text import Clauses, fold
from vigia.lib.banks import account_candidate, parse_cci
from vigia.lib.phones import normalize_phone

__all__ = ["extract_image"]

# Inside a run that is mostly digits, OCR reads 0 as O and 1 as l or I.
_DIGITISH: Final = re.compile(r"(?<![A-Za-z])[0-9OoIl|]*[0-9][0-9OoIl|]*(?![A-Za-z])")
_DIGIT_FIX: Final = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_NUMBER_KINDS: Final = frozenset({"phone", "yape", "plin"})
_APP_BANKS: Final = {
    "bcp": "BCP",
    "interbank": "Interbank",
    "bbva": "BBVA",
    "scotiabank": "Scotiabank",
    "banco_de_la_nacion": "Banco de la Nación",
}


@dataclass(frozen=True, slots=True)
class _Segment:
    """A piece of the OCR text: its span, role, base date and the lines it was read from."""

    role: str  # contact, received, sent, chip, row, payer, operation
    start: int
    end: int
    base: date | None
    lines: tuple[tuple[int, int, OcrLine], ...]


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[_Segment] = []

    def add(self, role: str, lines: list[OcrLine], base: date | None, joiner: str = " ") -> None:
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        placed: list[tuple[int, int, OcrLine]] = []
        for index, line in enumerate(lines):
            if index:
                self.parts.append(joiner)
                self.length += len(joiner)
            self.parts.append(line.text)
            placed.append((self.length, self.length + len(line.text), line))
            self.length += len(line.text)
        self.segments.append(_Segment(role, start, self.length, base, tuple(placed)))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _fix_digits(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        run = match.group(0)
        digits = sum(char.isdigit() for char in run)
        return run.translate(_DIGIT_FIX) if digits >= 2 and digits * 3 >= len(run) * 2 else run

    return _DIGITISH.sub(fix, text)


def _blank(text: str, keep: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``keep`` turned into spaces (line breaks kept)."""
    chars = [char if char == "\n" else " " for char in text]
    for start, end in keep:
        chars[start:end] = text[start:end]
    return "".join(chars)


def _merge(results: list[Extraction]) -> Extraction:
    merged = Extraction(indicators=[], amounts=[], dates=[], places=[], actors=[], event_types=[])
    seen: dict[str, set[Any]] = {key: set() for key in merged}
    keys: dict[str, Callable[[Any], Any]] = {
        "indicators": lambda item: (
            "number" if item["kind"] in _NUMBER_KINDS else item["kind"],
            item["value"],
        ),
        "amounts": lambda item: (item["value"], item["currency"], item["period"]),
        "dates": lambda item: item["value"],
        "places": lambda item: item["ubigeo"],
        "actors": lambda item: item["name"],
        "event_types": lambda item: item,
    }
    for result in results:
        for name, items in cast(dict[str, list[Any]], result).items():
            for item in items:
                key = keys[name](item)
                if key not in seen[name]:
                    seen[name].add(key)
                    cast(dict[str, list[Any]], merged)[name].append(item)
    return merged


def _run(
    text: str, segments: list[_Segment], indicators_from: set[str], others_from: set[str]
) -> Extraction:
    """Extraction per base date: indicators from some roles, everything else from others."""
    results: list[Extraction] = []
    bases = list(dict.fromkeys(segment.base for segment in segments))
    for base in bases:
        for roles, keep_indicators in (
            (indicators_from, True),
            (others_from - indicators_from, False),
        ):
            spans = [
                (segment.start, segment.end)
                for segment in segments
                if segment.base == base and segment.role in roles
            ]
            if not spans:
                continue
            result = extract_text(_blank(text, spans), base)
            if not keep_indicators:
                result["indicators"] = []
            results.append(result)
    merged = _merge(results)
    merged["indicators"].sort(key=lambda item: item["span"][0])
    merged["amounts"].sort(key=lambda item: item["span"][0])
    merged["dates"].sort(key=lambda item: item["span"][0])
    return merged


def _locate(segments: list[_Segment], start: int, end: int) -> tuple[float, list[float]]:
    """(lowest OCR score, box) of the lines that the span [start, end) covers."""
    scores: list[float] = []
    box = [float("inf"), float("inf"), 0.0, 0.0]
    for segment in segments:
        for l_start, l_end, line in segment.lines:
            if l_start < end and start < l_end:
                scores.append(line.score)
                box = [min(box[0], line.x0), min(box[1], line.y0),
                       max(box[2], line.x1), max(box[3], line.y1)]  # fmt: skip
    return (min(scores) if scores else 1.0), ([round(v) for v in box] if scores else [])


def _finish(result: Extraction, segments: list[_Segment], text: str, layout: str) -> dict[str, Any]:
    indicators: list[dict[str, Any]] = []
    for item in result["indicators"]:
        score, box = _locate(segments, *item["span"])
        indicators.append({**item, "confidence": round(item["confidence"] * score, 3), "box": box})
    return {"ocr_text": text, "layout": layout, **result, "indicators": indicators}


def _chat(
    lines: list[OcrLine], width: int, height: int, message_date: date | None
) -> dict[str, Any]:
    chat = parse_chat(lines, width, height, message_date)
    builder = _Builder()
    if chat.contact:
        builder.add("contact", chat.contact, message_date)
    for bubble in chat.bubbles:
        builder.add(bubble.side, bubble.lines, bubble.base)
    text = builder.text
    segments = builder.segments
    result = _run(text, segments, {"contact", "received"}, {"contact", "received", "sent"})
    output = _finish(result, segments, text, "chat")
    output["messages"] = [
        {"side": segment.role, "time": bubble.time, "span": [segment.start, segment.end]}
        for segment, bubble in zip(
            (segment for segment in segments if segment.role != "contact"),
            chat.bubbles,
            strict=True,
        )
    ]
    contact = next((segment for segment in segments if segment.role == "contact"), None)
    output["contact"] = (
        {"text": text[contact.start : contact.end], "span": [contact.start, contact.end]}
        if contact
        else None
    )
    return output


def _plain(lines: list[OcrLine], message_date: date | None) -> dict[str, Any]:
    builder = _Builder()
    for row in rows(lines):
        builder.add("row", row, message_date)
    text = builder.text
    result = _run(text, builder.segments, {"row"}, {"row"})
    return _finish(result, builder.segments, text, "text")


def _span_of(field: Field | None) -> list[int] | None:
    return [field.start, field.end] if field else None


def _destination(slip: SlipLayout, result: Extraction) -> dict[str, Any] | None:
    field = slip.destination
    if field is None:
        return None
    for item in result["indicators"]:
        if field.start <= item["span"][0] and item["span"][1] <= field.end:
            found: dict[str, Any] = {
                "kind": item["kind"],
                "value": item["value"],
                "span": item["span"],
            }
            if "bank" in item:
                found["bank"] = item["bank"]
            return found
    return {"kind": "masked" if "*" in field.text else "unreadable", "value": field.text,
            "span": _span_of(field)}  # fmt: skip


def _direct_indicator(slip: SlipLayout) -> dict[str, Any] | None:
    """The destination read by itself, when the text extraction did not report it."""
    field = slip.destination
    if field is None or "*" in field.text:
        return None
    digits = "".join(char for char in field.text if char.isdigit())
    bank_hint = _APP_BANKS.get(slip.app)
    span = [field.start, field.end]
    cci = parse_cci(digits) if len(digits) == 20 else None
    if cci is not None:
        return {"kind": "cci", "value": cci.value, "bank": cci.bank, "checksum_ok": cci.checksum_ok,
                "span": span, "confidence": 0.9}  # fmt: skip
    phone = normalize_phone(field.text)
    if phone is not None and len(digits) in (9, 11):
        kind = slip.app if slip.app in ("yape", "plin") else "phone"
        return {"kind": kind, "value": phone, "span": span, "confidence": 0.95}
    candidate = account_candidate(digits, bank_hint) if 10 <= len(digits) <= 18 else None
    if candidate is not None:
        return {"kind": "account", "value": candidate.value, "bank": candidate.bank,
                "span": span, "confidence": candidate.confidence}  # fmt: skip
    return None


def _slip(lines: list[OcrLine], message_date: date | None) -> dict[str, Any]:
    builder = _Builder()
    table: list[Row] = []
    for row in rows(lines):
        builder.add("row", row, message_date)
        segment = builder.segments[-1]
        table.append(Row(builder.text[segment.start :], segment.start, segment.end,
                         max(line.height for line in row)))  # fmt: skip
    text = builder.text
    slip = parse_slip(table, fold(text))
    # The payer's rows and the operation number are blanked out of the indicator pass.
    hidden = [(field.start, field.end) for field in slip.payer]
    if slip.operation is not None:
        hidden.append((slip.operation.start, slip.operation.end))
    visible = _visible(len(text), hidden)
    segments = builder.segments
    pieces = [_Segment("row", start, end, message_date, ()) for start, end in visible]
    result = _run(text, pieces, {"row"}, {"row"})
    day, shown = slip_datetime(" ".join(field.text for field in slip.when), message_date)
    _slip_fixes(slip, result, text, day)
    output = _finish(result, segments, text, "slip")
    amount = next(
        (item for item in result["amounts"] if slip.amount and _inside(item["span"], slip.amount)),
        result["amounts"][0] if result["amounts"] else None,
    )
    output["slip"] = {
        "app": slip.app,
        "amount": {key: amount[key] for key in ("value", "currency", "span")} if amount else None,  # type: ignore[literal-required]
        "payee": {"name": slip.payee.text, "span": _span_of(slip.payee)} if slip.payee else None,
        "destination": _destination(slip, result),
        "operation": {"value": slip.operation.text, "span": _span_of(slip.operation)}
        if slip.operation
        else None,
        "date": day,
        "time": shown,
    }
    return output


def _inside(span: list[int], field: Field) -> bool:
    return field.start <= span[0] and span[1] <= field.end


def _visible(length: int, hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    visible: list[tuple[int, int]] = []
    cursor = 0
    for start, end in sorted(hidden):
        if start > cursor:
            visible.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < length:
        visible.append((cursor, length))
    return visible


def _slip_fixes(slip: SlipLayout, result: Extraction, text: str, day: str | None) -> None:
    """Layout knowledge the text extraction lacks: the wallet, the memo, the slip's date."""
    indicators = result["indicators"]
    field = slip.destination
    if field is not None and not any(_inside(item["span"], field) for item in indicators):
        direct = _direct_indicator(slip)
        if direct is not None and not any(item["value"] == direct["value"] for item in indicators):
            indicators.append(direct)  # type: ignore[arg-type]
            indicators.sort(key=lambda item: item["span"][0])
    for item in indicators:
        if (
            item["kind"] == "phone"
            and slip.app in ("yape", "plin")
            and field
            and _inside(item["span"], field)
        ):
            item["kind"] = slip.app
    if slip.amount is not None and slip.message is not None:
        # The memo ("cupo de la semana") qualifies the amount, though it is on another row.
        joined = fold(f"{slip.amount.text} {slip.message.text}")
        found = find_amounts(joined, Clauses(joined), [])
        if found and found[0].period is not None:
            for amount in result["amounts"]:
                if _inside(amount["span"], slip.amount):
                    amount["period"] = found[0].period
    if day is not None and slip.when and not any(item["value"] == day for item in result["dates"]):
        first = slip.when[0]
        result["dates"].append({"value": day, "span": [first.start, first.end]})


def extract_image(
    source: str | Path | bytes, *, message_date: date | None = None
) -> dict[str, Any]:
    """Extract from one image (a path or the file's bytes); see the module docstring.

    Raises ``PIL.UnidentifiedImageError`` when ``source`` is not an image Pillow can read.
    """
    image = load_image(source)
    width, height = image.size
    lines = [replace(line, text=_fix_digits(line.text)) for line in recognize(image)]
    if not lines:
        return {"ocr_text": "", "layout": "text", **extract_text("")}
    folded = fold(" ".join(line.text for line in lines))
    # A slip shows one time, next to its date; a chat shows one under every bubble.
    if looks_like_chat(lines, width, height, many=True):
        return _chat(lines, width, height, message_date)
    if looks_like_slip(folded):
        return _slip(lines, message_date)
    if looks_like_chat(lines, width, height):
        return _chat(lines, width, height, message_date)
    return _plain(lines, message_date)
