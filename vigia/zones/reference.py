"""The districts shipped with Vigía (data/districts.csv, from INEI ubigeo codes)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

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


def load(apps: Any) -> None:
    """Create or update Lima, Callao and their districts (data migration and tests)."""
    zone = apps.get_model("zones", "Zone")
    provinces = {}
    for name, ubigeo in (("Lima", "1501"), ("Callao", "0701")):
        provinces[name], _ = zone.objects.get_or_create(
            kind="city", name=name, ubigeo=ubigeo, defaults={"province": name}
        )
    for d in districts():
        zone.objects.update_or_create(
            ubigeo=d.ubigeo,
            defaults={
                "kind": "district",
                "name": d.name,
                "province": d.province,
                "parent": provinces[d.province],
                "latitude": d.latitude,
                "longitude": d.longitude,
                "aliases": list(d.aliases),
            },
        )
