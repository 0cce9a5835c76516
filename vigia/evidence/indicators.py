"""Indicators: phone, Yape/Plin numbers, bank accounts, CCIs, handles, aliases and plates.

Precision matters more than recall here: an indicator may end up in a warning sent to every
member of a zone, and a wrong number could belong to an innocent person. So a digit run is
reported only when it is, as written, a complete valid number; numbers introduced as an
operation number, a DNI or the member's own number are never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from vigia.lib.banks import account_candidate, find_banks, parse_cci
from vigia.lib.phones import is_peruvian_mobile, normalize_phone

__all__ = ["Found", "find_indicators"]


@dataclass(frozen=True, slots=True)
class Found:
    """One indicator with its [start, end) span over the original text."""

    kind: str
    value: str
    start: int
    end: int
    confidence: float
    bank: str | None = None
    checksum_ok: bool | None = None


_DIGIT_GROUP: Final = re.compile(r"[0-9]+")
# What may separate the digit groups of one number: spaces, dashes, dots, parentheses.
_JOINER: Final = re.compile(r"[ \t\u00a0\u202f\u2007]{0,2}[-.()]?[ \t\u00a0\u202f\u2007]{0,2}")
_HARD_JOINER: Final = re.compile(r"[-.]")
_MAX_GROUPS: Final = 8

# A number right after these words is an identifier of something else, never an indicator.
_ID_CONTEXT: Final = re.compile(
    r"\b(?:operacion|op|transaccion|dni|ruc|pasaporte|carnet|codigo|cod|ticket|pedido|boleta"
    r"|factura|recibo|serie|ce|constancia|orden|referencia|ref|tarjeta|placa|expediente"
    r"|denuncia|clave|pin|token)\b"
    r"[^0-9a-z]{0,4}(?:(?:n|no|nro|num|numero|de|del|la|el|es|identidad|extranjeria)\b[^0-9a-z]{0,4})*$"
)
# The member's own number (or the payer on a payment slip): never an indicator.
_SELF_CONTEXT: Final = re.compile(
    r"(?:\b(?:mi|mio|nuestro)\s+(?:numero|nro|cel|celu|celular|whatsapp|wsp|wasap|telefono|fono"
    r"|yape|plin|cuenta|movil)\b(?:\s+(?:es|era))?"
    r"|\b(?:desde|de)\s+mi\s+(?:numero|cel|celular|yape|plin|cuenta)?"
    r"|\b(?:ordenante|pagador|origen|remitente|enviado\s+(?:por|desde)|pagado\s+por"
    r"|cuenta\s+de\s+cargo|cuenta\s+origen)\b)"
    r"[^0-9a-z]{0,4}(?:(?:de|del|es|al|el|nro|numero)\b[^0-9a-z]{0,3})*$"
)
_WALLET: Final = re.compile(r"\b(?:yap[a-z]*|plin[a-z]*)\b")
_ACCOUNT_CONTEXT: Final = re.compile(
    r"\b(?:cuenta|cta|ctas|nro\s+de\s+cuenta|ahorros?|corriente|cci|interbancari[oa]"
    r"|deposit[a-z]*|transfer[a-z]*|bcp|interbank|scotiabank|scotia|bbva|continental|banbif"
    r"|mibanco|banco|bco|nacion)\b"
)
_CURRENCY_BEFORE: Final = re.compile(r"(?:s/\.?|us\$|\$|usd|pen)\s*$")
_HANDLE: Final = re.compile(r"(?<![\w@.])@([a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])?)(?![\w@])")
_EMAIL_AFTER: Final = re.compile(r"\.[a-z]{2,}")
_PLATE: Final = re.compile(r"\bplaca\b[^a-z0-9]{0,6}([a-z0-9]{3})[ -]?([0-9]{3})\b")
_ALIAS: Final = re.compile(
    r"(?i:\b(?:alias|apodad[oa]|le\s+dicen|le\s+llaman|conocid[oa]\s+como|(?:un|una)\s+tal)"
    r")\s*[:«\"'“‘]?\s*"
    r"((?:(?:el|la|El|La|EL|LA)\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñA-ZÁÉÍÓÚÑ]{1,20}"
    r"(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{1,20})?)"
)


def _context_before(folded: str, start: int, width: int = 40) -> str:
    return folded[max(0, start - width) : start]


def _is_excluded(folded: str, start: int) -> bool:
    before = _context_before(folded, start)
    return bool(_ID_CONTEXT.search(before) or _SELF_CONTEXT.search(before))


def _wallet_kind(folded: str, start: int, end: int, others: list[tuple[int, int]]) -> str | None:
    """Kind "yape"/"plin" when a wallet word is near the number with no other number in between."""
    window_start = max(0, start - 70)
    window_end = min(len(folded), end + 30)
    best: tuple[int, int] | None = None
    words = list(_WALLET.finditer(folded, window_start, window_end))
    for position, match in enumerate(words):
        m_start, m_end = match.span()
        lo, hi = (m_end, start) if m_end <= start else (end, m_start)
        if any(lo <= o_start and o_end <= hi for o_start, o_end in others):
            continue
        # "…777 y su plin 900 001 016": a word after the number that introduces the next one.
        if m_start >= end and any(0 <= o_start - m_end <= 20 for o_start, _ in others):
            continue
        distance = hi - lo if m_end <= start else (hi - lo) * 2  # prefer words before
        if best is None or distance < best[0]:
            best = (distance, position)
    if best is None:
        return None
    position = best[1]
    # "Yape o Plin al …": the pair names one number; the first word is the wallet named.
    while position > 0 and words[position].start() - words[position - 1].end() <= 4:
        position -= 1
    return "yape" if words[position].group(0).startswith("yap") else "plin"


def _bank_near(folded: str, start: int, end: int) -> str | None:
    """The bank named closest before the number, else one named just after it."""
    before = find_banks(folded[max(0, start - 60) : start])
    if before:
        return before[-1][2]
    after = find_banks(folded[end : end + 30])
    return after[0][2] if after else None


def _classify(raw: str, folded: str, start: int, end: int, whole: bool) -> Found | None:
    """The indicator that ``raw`` is, if any; ``whole`` says it is a complete digit chain."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) == 20:
        cci = parse_cci(digits)
        if cci is not None:
            return Found(
                "cci", cci.value, start, end, 0.95 if cci.checksum_ok else 0.85,
                bank=cci.bank, checksum_ok=cci.checksum_ok,
            )  # fmt: skip
        return None
    phone = normalize_phone(raw)
    if phone is not None:
        clean = raw.startswith("+") or len(digits) == 9
        confidence = 0.98 if is_peruvian_mobile(phone) and clean else 0.92
        return Found("phone", phone, start, end, confidence)
    # An account is never cut out of a longer chain (a Spanish CCC, a card number…).
    if whole and 10 <= len(digits) <= 18:
        clause_start = max(folded.rfind("\n", 0, start), 0)
        before = folded[max(clause_start, start - 60) : start]
        if not _ACCOUNT_CONTEXT.search(before) or _CURRENCY_BEFORE.search(before):
            return None
        candidate = account_candidate(digits, _bank_near(folded, start, end))
        if candidate is not None:
            return Found(
                "account", candidate.value, start, end, candidate.confidence, bank=candidate.bank
            )
    return None


def _number_indicators(text: str, folded: str) -> list[Found]:
    groups = [m.span() for m in _DIGIT_GROUP.finditer(text)]
    joined = [
        bool(_JOINER.fullmatch(text, groups[k][1], groups[k + 1][0]))
        for k in range(len(groups) - 1)
    ]
    found: list[Found] = []
    index = 0
    while index < len(groups):
        last = index
        while last + 1 < len(groups) and joined[last] and last - index < _MAX_GROUPS - 1:
            last += 1
        hit: tuple[int, Found] | None = None
        for stop in range(last, index - 1, -1):
            start, end = groups[index][0], groups[stop][1]
            if text[max(0, start - 1) : start] == "+":
                start -= 1
            elif start >= 2 and text[start - 2 : start] in ("+ ", "(+"):
                start -= 2 if text[start - 2] == "+" else 1
            if text[max(0, start - 1) : start] == "(":
                start -= 1
            raw = text[start:end].lstrip("(")
            whole = stop == last and (index == 0 or not joined[index - 1])
            result = _classify(raw, folded, start, end, whole)
            if result is not None:
                hit = (stop, result)
                break
        if hit is None:
            index += 1
            continue
        stop, result = hit
        if _glued(text, groups, joined, index, stop) or _is_excluded(folded, result.start):
            index = stop + 1
            continue
        found.append(result)
        index = stop + 1
    return found


def _glued(
    text: str, groups: list[tuple[int, int]], joined: list[bool], first: int, last: int
) -> bool:
    """True when the match is cut out of a longer number (then it is malformed, not valid)."""
    if last + 1 < len(groups) and joined[last]:
        gap = text[groups[last][1] : groups[last + 1][0]]
        next_len = groups[last + 1][1] - groups[last + 1][0]
        if _HARD_JOINER.fullmatch(gap) or next_len <= 2:
            return True
    if first > 0 and joined[first - 1]:
        gap = text[groups[first - 1][1] : groups[first][0]]
        prev_len = groups[first - 1][1] - groups[first - 1][0]
        if _HARD_JOINER.fullmatch(gap) or prev_len <= 2:
            return True
    return False


def _handles(folded: str) -> list[Found]:
    found = []
    for match in _HANDLE.finditer(folded):
        if _EMAIL_AFTER.match(folded, match.end()):
            continue
        value = "@" + match.group(1)
        if value[1:].isdigit():
            continue
        found.append(Found("handle", value, match.start(), match.end(), 0.9))
    return found


def _plates(text: str, folded: str) -> list[Found]:
    found = []
    for match in _PLATE.finditer(folded):
        letters = match.group(1)
        if not any(ch.isalpha() for ch in letters):
            continue
        value = f"{letters.upper()}-{match.group(2)}"
        found.append(Found("plate", value, match.start(1), match.end(2), 0.8))
    return found


def _aliases(text: str) -> list[Found]:
    found = []
    for match in _ALIAS.finditer(text):
        name = match.group(1)
        words = name.split()
        if words[0].lower() in ("el", "la"):
            words[0] = words[0].lower()
        found.append(Found("alias", " ".join(words), match.start(1), match.end(1), 0.7))
    return found


def find_indicators(text: str, folded: str) -> list[Found]:
    """All indicators in ``text`` (``folded`` is ``fold(text)``), in text order."""
    numbers = _number_indicators(text, folded)
    spans = [(item.start, item.end) for item in numbers]
    typed: list[Found] = []
    for item in numbers:
        kind = item.kind
        if kind == "phone" and is_peruvian_mobile(item.value):
            others = [span for span in spans if span != (item.start, item.end)]
            wallet = _wallet_kind(folded, item.start, item.end, others)
            if wallet is not None:
                item = Found(wallet, item.value, item.start, item.end, 0.97)
        typed.append(item)
    others_found = [*_handles(folded), *_plates(text, folded), *_aliases(text)]
    taken = [(item.start, item.end) for item in typed]
    for item in others_found:
        if not any(item.start < end and start < item.end for start, end in taken):
            typed.append(item)
            taken.append((item.start, item.end))
    # One value is reported once. A Yape/Plin number keeps the kind (and span) of the mention
    # that says so; anything else keeps its first mention.
    chosen: dict[tuple[str, str], Found] = {}
    for item in sorted(typed, key=lambda found: (found.start, found.end)):
        key = ("number" if item.kind in _NUMBER_KINDS else item.kind, item.value)
        previous = chosen.get(key)
        if previous is None or (previous.kind == "phone" and item.kind in ("yape", "plin")):
            chosen[key] = item
    return sorted(chosen.values(), key=lambda found: (found.start, found.end))


_NUMBER_KINDS: Final = frozenset({"phone", "yape", "plin"})
