"""The comparison record of one incident report: what Splink compares, nothing more.

Pure Python (no Django): the synthetic register and the database path both produce the same
rows, so the evaluation measures exactly what runs in production. Rows live only in memory
(an in-memory DuckDB); victims' names are decrypted into them and never written to disk.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

# Event types that describe the same happening from different angles are "close": a
# disappearance is often reported again as a murder, a threat as an extortion demand.
EVENT_GROUPS: dict[str, str] = {
    "murder": "lethal",
    "disappearance": "lethal",
    "kidnapping": "violence",
    "sexual_violence": "violence",
    "assault": "violence",
    "robbery": "violence",
    "threat": "extortion",
    "extortion_demand": "extortion",
    "extortion_payment": "extortion",
    "arbitrary_detention": "police",
    "police_abuse": "police",
}
NEIGHBOUR_KM = 4.0
# Two offset grids of ~9 km cells: two districts within 4 km share a cell in at least one
# of them in most cases, which lets blocking reach neighbouring districts cheaply.
GRID_DEGREES = 0.08
DATE_BUCKET_DAYS = 14

SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("event_type", pa.string()),
        ("event_group", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("year_month", pa.string()),
        ("bucket", pa.int32()),
        ("bucket_offset", pa.int32()),
        ("zone", pa.string()),
        ("zone_near", pa.list_(pa.string())),
        ("grid_a", pa.string()),
        ("grid_b", pa.string()),
        ("victim_name", pa.string()),
        ("nationality", pa.string()),
        ("gender", pa.string()),
        ("age_band", pa.string()),
        ("perpetrator", pa.string()),
        ("actor", pa.string()),
        ("indicators", pa.list_(pa.string())),
        ("tokens", pa.list_(pa.string())),
    ]
)
COLUMNS = [field.name for field in SCHEMA]

_WORD = re.compile(r"[a-zñ]+")
# Words every narrative uses: they say nothing about which incident it is.
STOP_WORDS = frozenset(
    [
        "para",
        "pero",
        "como",
        "cuando",
        "donde",
        "desde",
        "hasta",
        "sobre",
        "entre",
        "tras",
        "segun",
        "porque",
        "aunque",
        "mientras",
        "este",
        "esta",
        "estos",
        "estas",
        "ella",
        "ellas",
        "ellos",
        "eran",
        "fueron",
        "habia",
        "habian",
        "tenia",
        "tenian",
        "tiene",
        "tienen",
        "hace",
        "hacia",
        "luego",
        "despues",
        "antes",
        "ahora",
        "tambien",
        "solo",
        "todo",
        "toda",
        "todos",
        "todas",
        "otra",
        "otro",
        "otros",
        "otras",
        "mismo",
        "misma",
        "cual",
        "cuales",
        "quien",
        "quienes",
        "dijo",
        "dice",
        "dijeron",
        "segun",
        "estaba",
        "estaban",
        "sido",
        "cerca",
        "dentro",
        "fuera",
        "contra",
        "durante",
        "fue",
        "ser",
        "han",
        "hay",
        "mas",
        "muy",
        "sus",
        "una",
        "unos",
        "unas",
        "del",
        "las",
        "los",
        "with",
        "from",
        "that",
        "this",
        "were",
        "have",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents: "Yésica" and "yesica" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(name: str | None) -> str | None:
    if not name:
        return None
    words = _WORD.findall(fold(name))
    return " ".join(words) or None


def text_tokens(*texts: str) -> list[str]:
    """Cheap features of a narrative: distinct content words cut to six letters (a stem)."""
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall(fold(text or "")):
            if len(word) >= 4 and word not in STOP_WORDS:
                found.add(word[:6])
    return sorted(found)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def neighbours(
    points: Mapping[str, tuple[float, float]], km: float = NEIGHBOUR_KM
) -> dict[str, list[str]]:
    """Each zone with the zones whose reference points lie within ``km`` (itself included).

    The reference has points, not polygons: centroid distance stands in for adjacency.
    """
    keys = sorted(points)
    return {
        key: [other for other in keys if haversine_km(points[key], points[other]) <= km]
        for key in keys
    }


def grid_cells(point: tuple[float, float] | None) -> tuple[str | None, str | None]:
    if point is None:
        return None, None
    lat, lon = point
    size = GRID_DEGREES
    a = f"{math.floor(lat / size)}:{math.floor(lon / size)}"
    b = f"{math.floor(lat / size + 0.5)}:{math.floor(lon / size + 0.5)}"
    return a, b


def make_row(
    *,
    unique_id: str,
    event_type: str,
    day: date,
    date_precision: str,
    zone: str | None,
    zone_near: Sequence[str],
    point: tuple[float, float] | None,
    victim_name: str | None,
    nationality: str | None,
    gender: str | None,
    age_band: str | None,
    perpetrator: str | None,
    actor: str | None,
    indicators: Iterable[str],
    texts: Iterable[str],
) -> dict[str, Any]:
    grid_a, grid_b = grid_cells(point)
    ordinal = day.toordinal()
    return {
        "unique_id": unique_id,
        "event_type": event_type,
        "event_group": EVENT_GROUPS.get(event_type, event_type),
        "date": day,
        "date_precision": date_precision,
        "year_month": f"{day.year:04d}-{day.month:02d}",
        "bucket": ordinal // DATE_BUCKET_DAYS,
        "bucket_offset": (ordinal + DATE_BUCKET_DAYS // 2) // DATE_BUCKET_DAYS,
        "zone": zone,
        "zone_near": list(zone_near) or ([zone] if zone else []),
        "grid_a": grid_a,
        "grid_b": grid_b,
        "victim_name": name_key(victim_name),
        "nationality": nationality or None,
        "gender": None if gender in (None, "", "unknown") else gender,
        "age_band": age_band or None,
        "perpetrator": None if perpetrator in (None, "", "unknown") else perpetrator,
        "actor": actor or None,
        "indicators": sorted(set(indicators)),
        "tokens": text_tokens(*texts),
    }


def to_arrow(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist([{c: row[c] for c in COLUMNS} for row in rows], schema=SCHEMA)
