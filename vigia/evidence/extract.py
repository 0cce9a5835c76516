"""Text extraction: one message in, indicators, amounts, dates, places, actors, event types out.

The output follows the ``vigia extract`` contract (shared contracts, section 4). Extraction
is pure and deterministic: the same text and message date always give the same result, and
no database, key or environment variable is read.
"""

from __future__ import annotations

from datetime import date
from typing import NotRequired, TypedDict

from vigia.evidence.amounts import find_amounts
from vigia.evidence.dates import find_dates
from vigia.evidence.events import find_event_types
from vigia.evidence.gazetteer import load
from vigia.evidence.indicators import find_indicators
from vigia.evidence.text import Clauses, fold

__all__ = [
    "ActorOut",
    "AmountOut",
    "DateOut",
    "Extraction",
    "IndicatorOut",
    "PlaceOut",
    "extract_text",
]

# Lima and Callao are also the names of the city and the province: "Lince, Lima" names one
# place, Lince. The bare name counts as the district only when nothing more precise is given.
_CITY_WIDE = {"150101": "15", "070101": "07"}


class IndicatorOut(TypedDict):
    kind: str
    value: str
    span: list[int]
    confidence: float
    bank: NotRequired[str]
    checksum_ok: NotRequired[bool]


class AmountOut(TypedDict):
    value: str
    currency: str
    period: str | None
    span: list[int]
    confidence: float


class DateOut(TypedDict):
    value: str
    span: list[int]


class PlaceOut(TypedDict):
    name: str
    ubigeo: str
    span: list[int]


class ActorOut(TypedDict):
    name: str
    span: list[int]


class Extraction(TypedDict):
    indicators: list[IndicatorOut]
    amounts: list[AmountOut]
    dates: list[DateOut]
    places: list[PlaceOut]
    actors: list[ActorOut]
    event_types: list[str]


def extract_text(text: str, message_date: date | None = None) -> Extraction:
    """Extract everything from one message; spans are [start, end) offsets into ``text``."""
    folded = fold(text)
    indicators: list[IndicatorOut] = []
    for found in find_indicators(text, folded):
        item = IndicatorOut(
            kind=found.kind,
            value=found.value,
            span=[found.start, found.end],
            confidence=found.confidence,
        )
        if found.bank is not None:
            item["bank"] = found.bank
        if found.checksum_ok is not None:
            item["checksum_ok"] = found.checksum_ok
        indicators.append(item)
    date_hits = find_dates(folded, message_date)
    taken = [(item["span"][0], item["span"][1]) for item in indicators]
    taken += [(found.start, found.end) for found in date_hits]
    amounts = [
        AmountOut(
            value=found.value,
            currency=found.currency,
            period=found.period,
            span=[found.start, found.end],
            confidence=found.confidence,
        )
        for found in find_amounts(folded, Clauses(folded), taken)
    ]
    places: list[PlaceOut] = []
    actors: list[ActorOut] = []
    seen: set[str] = set()
    actor_keys: set[str] = set()
    for match in load().find(text, folded):
        if match.key in seen:
            continue
        seen.add(match.key)
        if match.kind == "actor":
            actor_keys.add(match.key)
        if match.kind == "place":
            places.append(
                PlaceOut(name=match.name, ubigeo=match.key, span=[match.start, match.end])
            )
        else:
            actors.append(ActorOut(name=match.name, span=[match.start, match.end]))
    places = [
        place
        for place in places
        if place["ubigeo"] not in _CITY_WIDE
        or not any(
            other["ubigeo"] != place["ubigeo"]
            and other["ubigeo"].startswith(_CITY_WIDE[place["ubigeo"]])
            for other in places
        )
    ]
    return Extraction(
        indicators=indicators,
        amounts=amounts,
        dates=[DateOut(value=found.value, span=[found.start, found.end]) for found in date_hits],
        places=places,
        actors=actors,
        event_types=find_event_types(
            folded, actor_keys, periodic=any(amount["period"] for amount in amounts)
        ),
    )
