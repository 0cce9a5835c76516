"""The districts shipped with Vigía (data/districts.csv, from INEI ubigeo codes)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

DISTRICTS_CSV = Path(__file__).parent / "data" / "districts.csv"


@dataclass(frozen=True)
class District:
    ubigeo: str
    name: str
    province: str
    latitude: Decimal
    longitude: Decimal
    aliases: tuple[str, ...]


def districts() -> list[District]:
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            District(
                ubigeo=row["ubigeo"],
                name=row["name"],
                province=row["province"],
                latitude=Decimal(row["lat"]),
                longitude=Decimal(row["lon"]),
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
            for row in csv.DictReader(handle)
        ]
