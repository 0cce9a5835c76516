"""Load the shipped code lists and actors (data migration, and `vigia demo load`)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from vigia.incidents.data.codes import EVENT_TYPES, PERPETRATOR_TYPES, SUB_TYPES

ACTORS_CSV = Path(__file__).parent / "data" / "actors.csv"


def load(apps: Any) -> None:
    event_type = apps.get_model("incidents", "EventType")
    perpetrator_type = apps.get_model("incidents", "PerpetratorType")
    actor = apps.get_model("incidents", "Actor")
    for code, es, en, lethal in EVENT_TYPES:
        event_type.objects.update_or_create(
            code=code, defaults={"label_es": es, "label_en": en, "lethal": lethal}
        )
    for code, parent, es, en in SUB_TYPES:
        event_type.objects.update_or_create(
            code=code,
            defaults={
                "label_es": es,
                "label_en": en,
                "parent": event_type.objects.get(code=parent),
            },
        )
    for code, es, en in PERPETRATOR_TYPES:
        perpetrator_type.objects.update_or_create(
            code=code, defaults={"label_es": es, "label_en": en}
        )
    with ACTORS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:  # parents first: the file lists them before their factions
        actor.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": perpetrator_type.objects.get(code=row["kind"]),
                "parent": actor.objects.get(code=row["parent"]) if row["parent"] else None,
                "aliases": [a for a in row["aliases"].split(";") if a],
            },
        )
