"""Layout of a Yape, Plin or bank transfer slip: labelled fields read row by row.

A slip is a list of "label value" rows ("Nro. de operación 03141592"), with the value on the
same row or on the row below. The big amount at the top may carry no label, and on Yape the
payee's name is the line under it. The payer (the member who paid) is read only to be left
out: her name, number and account are never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from vigia.evidence.dates import find_dates
from vigia.evidence.image_chat import parse_time
from vigia.evidence.text import fold

__all__ = ["Field", "Row", "SlipLayout", "looks_like_slip", "parse_slip", "slip_datetime"]


@dataclass(frozen=True, slots=True)
class Row:
    """One visual row of the slip: its text and its [start, end) span in the OCR text."""

    text: str
    start: int
    end: int
    height: float


@dataclass(frozen=True, slots=True)
class Field:
    text: str
    start: int
    end: int


@dataclass(slots=True)
class SlipLayout:
    app: str
    amount: Field | None = None
    payee: Field | None = None
    destination: Field | None = None
    operation: Field | None = None
    message: Field | None = None
    when: list[Field] = field(default_factory=list)
    payer: list[Field] = field(default_factory=list)


_APPS: Final = (
    ("yape", re.compile(r"\byape(?:aste|o)?\b|\byapear\b")),
    ("plin", re.compile(r"\bplin(?:easte)?\b")),
    ("bcp", re.compile(r"\bbcp\b|banco de credito")),
    ("interbank", re.compile(r"\binterbank\b")),
    ("bbva", re.compile(r"\bbbva\b")),
    ("scotiabank", re.compile(r"\bscotiabank\b")),
    ("banco_de_la_nacion", re.compile(r"banco de la nacion")),
)
_SLIP_WORDS: Final = re.compile(
    r"\b(?:yapeaste|operacion|constancia|transferencia|destinatario|beneficiario|pagaste"
    r"|enviaste|plineaste|comprobante)\b"
)
_OPT: Final = r"(?:\s*(?:de|del)\s*)?"
_NUMBER_WORD: Final = r"(?:nro\.?|numero|n[°o]\.?|num\.?|#|cod\.?|codigo)"
# (field, pattern) matched at the start of a folded row; longer labels come first.
_LABELS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    # OCR drops the space between words at times ("Cuentadestino").
    (name, re.compile("^(?:" + pattern.replace(r"\s+", r"\s*") + r")\s*:?\s*"))
    for name, pattern in (
        ("payer", r"cuenta\s+(?:de\s+)?(?:cargo|origen)|celular\s+(?:de\s+)?origen|ordenante"
         r"|pagado\s+por|enviado\s+(?:por|desde)|desde(?:\s+tu\s+cuenta)?|origen|remitente"
         r"|de\s+tu\s+cuenta|tu\s+cuenta|pagador|titular\s+(?:de\s+la\s+)?cuenta\s+origen"),
        ("operation", rf"{_NUMBER_WORD}?{_OPT}(?:operacion|transaccion)|id{_OPT}transaccion"),
        ("destination", rf"(?:{_NUMBER_WORD}{_OPT})?(?:celular|telefono|cuenta|cc[il1])"
         r"(?:\s+(?:de\s+)?(?:destino|interbancaria|abono))?|cuenta\s+destino|destino"),
        ("payee", r"(?:nombre\s+del\s+)?(?:destinatario|beneficiario)|enviado\s+a|para"
         r"|yapeaste\s+a|plineaste\s+a|pagaste\s+a|a\s+nombre\s+de|titular(?:\s+destino)?"),
        ("when", r"fecha(?:\s+y\s+hora)?(?:\s+de\s+(?:la\s+)?operacion)?|hora"),
        ("amount", r"monto(?:\s+(?:enviado|transferido|pagado))?|importe|total"),
        ("message", r"mensaje|concepto|descripcion|motivo|glosa|referencia"),
    )
)  # fmt: skip
_BIG_AMOUNT: Final = re.compile(r"^(?:s/\.?|us\$|\$)\s*[0-9][0-9.,' ]*$")
_NAME: Final = re.compile(r"^[a-zñ*][a-zñ*.' -]{2,60}$")
_DATE_ROW: Final = re.compile(
    r"\b[0-3]?[0-9]\s*(?:/|-|\s(?:de\s)?)\s*(?:[01]?[0-9]|[a-z]{3,10})\.?\s*(?:/|-|\s(?:de\s)?)"
    r"\s*(?:19|20)?[0-9]{2}\b"
)
_SHORT_MONTH: Final = re.compile(
    r"\b([0-3]?[0-9])\s+(ene|feb|mar|abr|may|jun|jul|ago|set|sep|oct|nov|dic)\b\.?"
)


def looks_like_slip(folded_text: str) -> bool:
    """True when the OCR text reads like a payment slip rather than a chat."""
    return len(_SLIP_WORDS.findall(folded_text)) >= 1 and bool(
        re.search(r"(?:s/\.?|us\$|\$)\s*[0-9]", folded_text)
    )


def _app(folded_text: str) -> str:
    for name, pattern in _APPS:
        if pattern.search(folded_text):
            return name
    return "bank"


def _label(folded_row: str) -> tuple[str, int] | None:
    for name, pattern in _LABELS:
        match = pattern.match(folded_row)
        if match:
            return name, match.end()
    return None


def _field(row: Row, offset: int) -> Field | None:
    text = row.text[offset:]
    stripped = text.strip(" :-|")
    if not stripped:
        return None
    start = row.start + offset + text.index(stripped)
    return Field(stripped, start, start + len(stripped))


def parse_slip(rows: list[Row], folded_text: str) -> SlipLayout:
    """Fields of a slip from its rows (top to bottom)."""
    slip = SlipLayout(app=_app(folded_text))
    pending: str | None = None
    labelled: set[int] = set()
    for index, row in enumerate(rows):
        folded_row = fold(row.text)
        found = _label(folded_row)
        if found is None:
            if pending is not None:
                _assign(slip, pending, Field(row.text, row.start, row.end))
                labelled.add(index)
                pending = None
            continue
        name, offset = found
        labelled.add(index)
        value = _field(row, offset)
        if value is None:
            pending = name
            continue
        pending = None
        _assign(slip, name, value)
    if slip.amount is None:
        amounts = [
            (row.height, index)
            for index, row in enumerate(rows)
            if _BIG_AMOUNT.match(fold(row.text).strip())
        ]
        if amounts:
            index = max(amounts)[1]
            slip.amount = Field(rows[index].text, rows[index].start, rows[index].end)
            following = index + 1
            if (
                slip.payee is None
                and following < len(rows)
                and following not in labelled
                and _NAME.match(fold(rows[following].text).strip())
            ):
                row = rows[following]
                slip.payee = Field(row.text.strip(), row.start, row.start + len(row.text.strip()))
    if not slip.when:
        for row in rows:
            if _DATE_ROW.search(fold(row.text)):
                slip.when.append(Field(row.text, row.start, row.end))
                break
    return slip


def _assign(slip: SlipLayout, name: str, value: Field) -> None:
    if name in ("payer", "when"):
        getattr(slip, name).append(value)
    elif name == "destination" and not re.search(r"[0-9*]", value.text):
        return  # "Destino: Yape" names the wallet, not the number
    elif getattr(slip, name) is None:
        setattr(slip, name, value)


def slip_datetime(text: str, base: date | None) -> tuple[str | None, str | None]:
    """(date, time) written on a slip: "16 mar. 2025 - 09:12 p. m.", "16/03/2025 21:12"."""
    # OCR glues the time to the year at times: "12/05/202521:39".
    folded = re.sub(r"(?<=[/-][0-9]{4})(?=[0-9]{1,2}[:.][0-5][0-9])", " ", fold(text))
    normalized = _SHORT_MONTH.sub(lambda match: f"{match[1]} de {match[2]}", folded)
    found = find_dates(normalized, base)
    day = found[0].value if found else None
    rest = normalized[found[0].end :] if found else normalized
    return day, parse_time(rest) if re.search(r"[0-9][:.][0-5][0-9]", rest) else None
