"""Dates in messages, resolved against the message date ("ayer", "el viernes", "15/02").

Regular expressions find the candidates; most are resolved here with plain date arithmetic,
and only dates written with a month name go through ``dateparser`` (after a small Spanish
normalizer), so dateparser runs for a small share of messages. Without a message date,
only dates that carry their year are reported: resolving "ayer" against the clock would
make the output depend on the day the command runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Final

from vigia.evidence.text import parse_number_words

__all__ = ["FoundDate", "find_dates"]


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: str
    start: int
    end: int


_WEEKDAYS: Final[dict[str, int]] = {
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5,
    "domingo": 6,
}  # fmt: skip
_MONTHS: Final[dict[str, int]] = {
    "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "mar": 3, "abril": 4, "abr": 4,
    "mayo": 5, "may": 5, "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "ago": 8,
    "septiembre": 9, "setiembre": 9, "sep": 9, "sept": 9, "set": 9, "octubre": 10, "oct": 10,
    "noviembre": 11, "nov": 11, "diciembre": 12, "dic": 12,
}  # fmt: skip
_MONTH_ALT: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT: Final = "|".join(_WEEKDAYS)
_SMALL_NUMBER: Final = (
    r"[0-9]{1,2}|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|quince|veinte"
)

_PATTERNS: Final = re.compile(
    # 2026-03-13
    r"(?P<iso>\b(?P<iy>20[0-9]{2})-(?P<im>[01]?[0-9])-(?P<id>[0-3]?[0-9])\b)"
    # 13/03/2026, 13-03-26, 13/03
    r"|(?P<num>(?<![0-9/.,$])(?P<nd>[0-3]?[0-9])(?P<sep>[/-])(?P<nm>[01]?[0-9])"
    r"(?:(?P=sep)(?P<ny>(?:19|20)?[0-9]{2}))?(?![0-9/]|[.,][0-9]))"
    # (el pasado) (viernes) 15 de febrero (de 2026)
    rf"|(?P<text>(?:\bel\s+)?(?:\bpasado\s+)?(?:\b(?:{_WEEKDAY_ALT})\s+)?"
    rf"\b(?P<td>[0-3]?[0-9]|1ro|primero)\s+(?:de\s+)?(?P<tm>{_MONTH_ALT})\b\.?"
    r"(?:\s*(?:de|del)?\s*(?P<ty>(?:19|20)[0-9]{2})\b)?)"
    # hace dos días / hace una semana / hace 3 meses
    rf"|(?P<ago>\bhace\s+(?P<an>{_SMALL_NUMBER})\s+(?P<au>dias?|semanas?|mes|meses)\b)"
    # anteayer / antes de ayer / antier / ayer / anoche / hoy / pasado mañana / mañana
    r"|(?P<rel>\b(?:anteayer|antier|antes\s+de\s+ayer|ayer|anoche|hoy|pasado\s+manana"
    r"|manana)\b)"
    # el viernes (pasado) / este viernes / el próximo viernes / hasta el viernes
    rf"|(?P<wd>(?P<wpre>\b(?:el\s+proximo|el\s+pasado|este\s+proximo|este|esta|el|hasta\s+el"
    rf"|para\s+el|antes\s+del|desde\s+el)\s+)(?P<wn>{_WEEKDAY_ALT})\b"
    r"(?:\s+(?P<wpost>pasado|que\s+viene|proximo))?)"
)
# "la mañana", "en la mañana", "de la mañana", "esta mañana" are the morning, not tomorrow.
_MORNING_BEFORE: Final = re.compile(r"\b(?:la|esta|en\s+la|por\s+la|de\s+la|las|toda\s+la)\s+$")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, base: date) -> date | None:
    """The most recent such day on or before the message date (a little ahead is allowed)."""
    this_year = _safe_date(base.year, month, day)
    if this_year is not None and this_year <= base + timedelta(days=31):
        return this_year
    return _safe_date(base.year - 1, month, day)


def _normalize_textual(day: str, month: str, year: str | None) -> str:
    # dateparser knows "15 febrero 2026"; it does not know "1ro", "setiembre" or "set".
    day_number = "1" if day in ("1ro", "primero") else str(int(day))
    month_number = _MONTHS[month]
    canonical = next(name for name, number in _MONTHS.items() if number == month_number)
    if canonical == "setiembre":
        canonical = "septiembre"
    return f"{day_number} {canonical} {year}" if year else f"{day_number} {canonical}"


@lru_cache(maxsize=1024)
def _dateparser(normalized: str, base: date) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        normalized,
        languages=["es"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": datetime.combine(base, time(12)),
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed is not None else None


def _weekday(name: str, prefix: str, suffix: str | None, base: date) -> date:
    target = _WEEKDAYS[name]
    forward = prefix in (
        "el proximo",
        "este proximo",
        "este",
        "esta",
        "hasta el",
        "para el",
        "antes del",
    ) or (suffix in ("que viene", "proximo"))
    if prefix == "el pasado" or suffix == "pasado":
        forward = False
    if forward:
        offset = (target - base.weekday()) % 7
        if offset == 0 and prefix in ("el proximo", "este proximo"):
            offset = 7
        return base + timedelta(days=offset)
    offset = (base.weekday() - target) % 7 or 7
    return base - timedelta(days=offset)


def _resolve(match: re.Match[str], folded: str, base: date | None) -> date | None:
    try:
        return _resolve_in_range(match, folded, base)
    except OverflowError:
        # "ayer" or "el lunes" said on 0001-01-01, or "mañana" on 9999-12-31 (a page's
        # broken date): no such day exists, so the text gives none.
        return None


def _resolve_in_range(match: re.Match[str], folded: str, base: date | None) -> date | None:
    group = match.lastgroup
    if group == "iso":
        return _safe_date(int(match["iy"]), int(match["im"]), int(match["id"]))
    if group == "num":
        day, month = int(match["nd"]), int(match["nm"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        if match["ny"]:
            year = int(match["ny"])
            return _safe_date(year + 2000 if year < 100 else year, month, day)
        return _year_for(month, day, base) if base else None
    if group == "text":
        year_text = match["ty"]
        if base is None and year_text is None:
            return None
        anchor = base or date(int(year_text), 12, 31)
        return _dateparser(_normalize_textual(match["td"], match["tm"], year_text), anchor)
    if base is None:
        return None
    if group == "ago":
        amount_text = match["an"]
        amount = int(amount_text) if amount_text.isdigit() else parse_number_words(amount_text)
        if amount is None or amount > 60:
            return None
        unit = match["au"]
        days = amount * (7 if unit.startswith("semana") else 30 if unit.startswith("mes") else 1)
        return base - timedelta(days=days)
    if group == "rel":
        word = " ".join(match["rel"].split())
        if word == "manana" and _MORNING_BEFORE.search(folded, max(0, match.start() - 12),
                                                      match.start()):  # fmt: skip
            return None
        offsets = {"hoy": 0, "ayer": -1, "anoche": -1, "anteayer": -2, "antier": -2,
                   "antes de ayer": -2, "manana": 1, "pasado manana": 2}  # fmt: skip
        return base + timedelta(days=offsets[word])
    if group == "wd":
        prefix = " ".join(match["wpre"].split())
        suffix = " ".join(match["wpost"].split()) if match["wpost"] else None
        return _weekday(match["wn"], prefix, suffix, base)
    return None


def find_dates(folded: str, base: date | None) -> list[FoundDate]:
    """Dates in ``folded`` text, resolved against ``base`` (the message date) when given."""
    found: list[FoundDate] = []
    seen: set[str] = set()
    for match in _PATTERNS.finditer(folded):
        resolved = _resolve(match, folded, base)
        if resolved is None or not 1900 <= resolved.year <= 2100:
            continue
        value = resolved.isoformat()
        if value in seen:
            continue
        seen.add(value)
        found.append(FoundDate(value, match.start(), match.end()))
    return found
