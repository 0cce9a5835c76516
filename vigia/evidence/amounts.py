"""Money amounts with currency and period ("S/ 150 semanal", "300 lucas de inscripción").

A number is an amount only when a currency marks it ("S/", "soles", "lucas", "US$",
"dólares") or when a demand frames it ("el cupo es 200", "200 semanal"). Times ("a las 10"),
durations ("3 días"), counts and identifiers are never amounts. The period comes from the
words nearest to the amount inside its clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from vigia.evidence.text import NUMBER_WORDS_PATTERN, Clauses, parse_number_words

__all__ = ["FoundAmount", "find_amounts"]


@dataclass(frozen=True, slots=True)
class FoundAmount:
    value: str
    currency: str
    period: str | None
    start: int
    end: int
    confidence: float


_NUM: Final = r"[0-9]{1,3}(?:[.,'][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?"
_PREFIX: Final = r"(?<![a-z])(?:s\s?/\s?\.?|us\s?\$|u\$s?|usd|pen)|\$"
_SUFFIX: Final = (
    r"soles|sol|lucas|luca|lukas|luka|lks|pen|usd|dolares|dolar|verdes|cocos|\$|s/|mangos"
)
_USD: Final = frozenset({"usd", "dolares", "dolar", "verdes", "cocos", "$", "us$", "u$", "u$s"})
_AMOUNT: Final = re.compile(
    rf"(?P<pre>{_PREFIX})\s*(?P<num>{_NUM})(?P<mult>\s*(?:mil\b|k\b))?"
    rf"(?:\s*(?P<suf1>{_SUFFIX})\b)?"
    rf"|(?<![0-9.,/])(?P<num2>{_NUM})(?P<mult2>\s*(?:mil\b|k\b))?\s*(?:de\s+)?(?P<suf2>{_SUFFIX})"
    rf"(?![a-z])"
    rf"|(?P<words>{NUMBER_WORDS_PATTERN})\s*(?:de\s+)?(?P<suf3>{_SUFFIX})(?![a-z])"
)
# Demand words after which a bare number is money ("el cupo es 200", "yapea 150").
_CUE: Final = (
    r"cupo|cuota|inscripcion|plaza|permiso|pagar|pagas|paga|pague|pagues|pago|yapea|yapeame"
    r"|yapear|yapeas|plinea|plineame|deposita|depositame|depositar|transfiere|transfiereme"
    r"|mandame|manda|cobran|cobra|cobrando|cuesta|vale|debes|multa|piso|piden|pide|pidiendo"
    r"|deposito|pase|pasame|sube\s+a|subio\s+a|ahi\s+los"
)
_BARE_AFTER_CUE: Final = re.compile(
    rf"\b(?:{_CUE})\b(?:\s+(?:de|es|son|seria|sera|la|el|los|semanal|diari[oa]|mensual|ahora))*"
    rf"\s*[:=]?\s*(?P<num>[1-9][0-9]{{1,4}}(?:[.,][0-9]{{2}})?)(?![0-9]|[.,:/][0-9])"
)
_BARE_BEFORE_PERIOD: Final = re.compile(
    r"(?<![0-9.,:/])(?P<num>[1-9][0-9]{1,4})\s*(?=(?:semanal|semanales|diario|diarios|diaria"
    r"|mensual|mensuales|x\s+semana|por\s+semana|a\s+la\s+semana|cada\s+semana|c/semana"
    r"|x\s+dia|por\s+dia|al\s+dia|cada\s+dia|x\s+mes|al\s+mes|por\s+mes|cada\s+mes"
    r"|de\s+la\s+semana|semanales|de\s+inscripcion|por\s+la\s+plaza|de\s+entrada|de\s+cupo"
    r"|de\s+cuota|de\s+la\s+plaza|de\s+piso|del\s+cupo|de\s+la\s+cuota)\b)"
)
# "yapea 200 al 900 001 015 y 300 al 900 001 016": a number sent "to" an indicator is money.
_BARE_BEFORE_NUMBER: Final = re.compile(
    r"(?<![0-9.,:/])(?P<num>[1-9][0-9]{1,4})\s+(?:soles\s+|lucas\s+)?al\s+(?:numero\s+)?"
)
# After a bare number these words mean it is a time, a duration or a count.
_NOT_MONEY_AFTER: Final = re.compile(
    r"\s*(?:am\b|pm\b|a\.\s?m|p\.\s?m|hrs?\b|horas?\b|h\b|:|dias?\b|semanas\b|mes\b|meses\b"
    r"|anos?\b|veces\b|min|%|de\s+la\s+(?:noche|manana|tarde|madrugada)|chicas|personas"
    r"|cuadras|metros|km\b|de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto"
    r"|setiembre|septiembre|octubre|noviembre|diciembre))"
)
_NOT_MONEY_BEFORE: Final = re.compile(
    r"(?:\blas|\bla|\bhace|\bdni|\bnro|\bn°|\bop|\bcalle|\bav|\bcuadra|\bmz|\blote|\bkm)\.?\s*$"
    # Yape's own limits ("el límite del yape es 500 por día") are not demands.
    r"|\blimite\b[^0-9]{0,25}$"
)

_PERIOD_CUES: Final[tuple[tuple[str | None, bool, str], ...]] = (
    # (period, strong?, pattern). Strong cues name the period itself; weak ones (the kind of
    # payment) imply it. None cues (debt, robbery) mean "not a periodic demand".
    ("weekly", True, r"semanal(?:es|mente)?|(?:a|por|x|cada|de)\s+la\s+semana|(?:por|x|cada)"
     r"\s+semana|c/semana|/semana|semanita|cada\s+(?:lunes|martes|miercoles|jueves|viernes"
     r"|sabado|domingo)|todos\s+los\s+(?:lunes|martes|miercoles|jueves|viernes|sabados"
     r"|domingos)"),
    ("daily", True, r"diari[oa]s?|diariamente|(?:al|por|x|cada)\s+dia|todos\s+los\s+dias"
     r"|c/dia|/dia|(?:cada|por|x)\s+noche|la\s+diaria"),
    ("monthly", True, r"mensual(?:es|idad|mente)?|(?:al|por|x|cada)\s+mes|c/mes|/mes"),
    ("once", True, r"una\s+sola\s+vez|de\s+una\s+vez|unico\s+pago|pago\s+unico|por\s+unica\s+vez"),
    ("once", False, r"inscripcion|inscribirte|inscribir|plaza|permiso|derecho\s+de\s+piso|piso"
     r"|derecho|registro|entrada|ingreso|para\s+entrar"),
    ("weekly", False, r"cupo|cuota|cupito"),
    (None, False, r"debes|deuda|debe|acumulad[oa]|atrasad[oa]s?|robaron|robo|quitaron|total"
     r"|multa|me\s+pidieron|coima|gane|gano|pasaje|cobro\s+de\s+mas|vuelto"),
)  # fmt: skip
_PERIOD_RE: Final = re.compile(
    "|".join(f"(?P<c{index}>\\b(?:{cue[2]})\\b)" for index, cue in enumerate(_PERIOD_CUES))
)
_DIGIT: Final = re.compile(r"[0-9]+")
_RANGE_NEXT: Final = re.compile(
    r"\s*(?:o|a|y|u|-|hasta)\s+(?:hasta\s+)?(?P<num>[1-9][0-9]{1,4}(?:[.,][0-9]{2})?)(?![0-9.,:/])"
)
_RANGE_GAP: Final = re.compile(r"\s*(?:o|a|y|u|-|hasta|/)\s*(?:hasta\s+)?(?:s/\.?\s*)?")
# Words that may stand between an amount and the cue that qualifies it.
_LEADING_GAP: Final = re.compile(
    r"(?:\s|:|\b(?:de|del|la|el|por|para|x|soles|lucas|mi|tu|su|nomas|no\s+mas|pe)\b)*"
)


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    period: str | None
    strong: bool


def _parse_number(raw: str) -> Decimal | None:
    text = raw.replace("'", ",")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif re.fullmatch(r"[0-9]{1,3}(?:[.,][0-9]{3})+", text):
        text = text.replace(",", "").replace(".", "")
    else:
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _cues(folded: str) -> list[_Cue]:
    cues = []
    for match in _PERIOD_RE.finditer(folded):
        index = int(match.lastgroup[1:]) if match.lastgroup else 0
        period, strong, _ = _PERIOD_CUES[index]
        cues.append(_Cue(match.start(), match.end(), period, strong))
    return cues


_Candidate = tuple[int, int, Decimal, str, float]  # start, end, value, currency, confidence


def _candidates(folded: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    found: list[_Candidate] = []

    def free(start: int, end: int) -> bool:
        return not any(start < t_end and t_start < end for t_start, t_end in taken)

    for match in _AMOUNT.finditer(folded):
        if match.group("words") is not None:
            number = parse_number_words(match.group("words"))
            value = Decimal(number) if number is not None else None
            unit = match.group("suf3")
            confidence = 0.9
        else:
            raw = match.group("num") or match.group("num2")
            value = _parse_number(raw)
            if value is not None and (match.group("mult") or match.group("mult2")):
                value *= 1000
            unit = match.group("pre") or match.group("suf1") or match.group("suf2")
            unit = (match.group("suf1") or unit) if unit in ("$", "s/") else unit
            confidence = 0.95
        if value is None or value <= 0 or value > 1_000_000:
            continue
        start, end = match.span()
        if not free(start, end):
            continue
        currency = "USD" if unit.replace(" ", "") in _USD else "PEN"
        found.append((start, end, value, currency, confidence))
        taken = [*taken, (start, end)]
    indicator_starts = {t_start for t_start, _ in taken}
    for pattern, confidence in (
        (_BARE_AFTER_CUE, 0.75),
        (_BARE_BEFORE_PERIOD, 0.8),
        (_BARE_BEFORE_NUMBER, 0.75),
    ):
        for match in pattern.finditer(folded):
            start, end = match.span("num")
            if pattern is _BARE_BEFORE_NUMBER and match.end() not in indicator_starts:
                continue
            if not free(start, end) or _NOT_MONEY_AFTER.match(folded, end):
                continue
            if _NOT_MONEY_BEFORE.search(folded, max(0, start - 30), start):
                continue
            value = _parse_number(match.group("num"))
            if value is None or value < 5:
                continue
            found.append((start, end, value, "PEN", confidence))
            taken = [*taken, (start, end)]
    # "150 o 200", "entre 150 y 200": the second number of a range is money too.
    for _start, end, _value, currency, _confidence in sorted(found):
        following = _RANGE_NEXT.match(folded, end)
        if following is None:
            continue
        n_start, n_end = following.span("num")
        if not free(n_start, n_end) or _NOT_MONEY_AFTER.match(folded, n_end):
            continue
        value = _parse_number(following.group("num"))
        if value is not None and value >= 5:
            found.append((n_start, n_end, value, currency, 0.8))
            taken = [*taken, (n_start, n_end)]
    found.sort()
    return found


def _leading_cue(folded: str, cues: list[_Cue], end: int, hi: int) -> _Cue | None:
    """A cue that directly qualifies the amount: "150 semanal", "300 de inscripción"."""
    for cue in cues:
        if end <= cue.start < hi and _LEADING_GAP.fullmatch(folded, end, cue.start):
            return cue
    return None


def _period_for(
    cues: list[_Cue], lo: int, start: int, hi: int, clause_start: int, end: int
) -> tuple[str | None, bool]:
    """(period, decided) from the cues before the amount, then after it, then the clause."""
    before = [cue for cue in cues if lo <= cue.start and cue.end <= start]
    if before:
        strong_near = [cue for cue in before if cue.strong and start - cue.end <= 25]
        return (strong_near[-1] if strong_near else before[-1]).period, True
    after = [cue for cue in cues if end <= cue.start < hi]
    if after:
        return after[0].period, True
    earlier = [cue for cue in cues if clause_start <= cue.start and cue.end <= lo]
    if earlier:
        return earlier[-1].period, False
    return None, False


def find_amounts(folded: str, clauses: Clauses, taken: list[tuple[int, int]]) -> list[FoundAmount]:
    """Money amounts in ``folded`` that do not overlap the ``taken`` spans.

    ``taken`` holds the spans of indicators and dates: their digits are not amounts, and a
    period word after them still qualifies the amount before them.
    """
    candidates = _candidates(folded, taken)
    if not candidates:
        return []
    all_cues = _cues(folded)
    bounds = [clauses.bounds(start) for start, *_ in candidates]
    limits: list[tuple[int, int]] = []
    leading: list[_Cue | None] = []
    for index, (_start, end, *_rest) in enumerate(candidates):
        clause_start, clause_end = bounds[index]
        lo = max(clause_start, candidates[index - 1][1] if index else 0)
        following = candidates[index + 1][0] if index + 1 < len(candidates) else clause_end
        # A cue after another number (not an indicator) qualifies that number, not this one.
        other_digit = next(
            (
                hit.start()
                for hit in _DIGIT.finditer(folded, end, following)
                if not any(t_start <= hit.start() < t_end for t_start, t_end in taken)
            ),
            following,
        )
        limits.append((lo, max(min(clause_end, following, other_digit), end)))
        leading.append(_leading_cue(folded, all_cues, end, limits[-1][1]))
    consumed = {(cue.start, cue.end) for cue in leading if cue is not None}
    cues = [cue for cue in all_cues if (cue.start, cue.end) not in consumed]
    periods: list[tuple[str | None, bool]] = []
    for index, (start, end, *_rest) in enumerate(candidates):
        cue = leading[index]
        if cue is not None:
            periods.append((cue.period, True))
            continue
        lo, hi = limits[index]
        periods.append(_period_for(cues, lo, start, hi, bounds[index][0], end))
    # "150 o 200 semanal", "entre 150 y 200 a la semana": a range shares one period.
    for index in range(len(candidates)):
        if periods[index][1]:
            continue
        for neighbour in (index + 1, index - 1):
            if not 0 <= neighbour < len(candidates):
                continue
            first, second = sorted((index, neighbour))
            gap = folded[candidates[first][1] : candidates[second][0]]
            if _RANGE_GAP.fullmatch(gap) and periods[neighbour][1]:
                periods[index] = (periods[neighbour][0], True)
                break
    results: list[FoundAmount] = []
    seen: set[tuple[str, str, str | None]] = set()
    with_period: set[tuple[str, str]] = set()
    for (start, end, value, currency, confidence), (period, _) in zip(
        candidates, periods, strict=True
    ):
        text_value = f"{value.quantize(Decimal('0.01'))}"
        key = (text_value, currency, period)
        if key in seen or (period is None and (text_value, currency) in with_period):
            continue
        seen.add(key)
        if period is not None:
            with_period.add((text_value, currency))
        results.append(FoundAmount(text_value, currency, period, start, end, confidence))
    return results
