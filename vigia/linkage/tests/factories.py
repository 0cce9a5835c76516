"""Two reports of one murder (a member's and the press's), and an unrelated incident."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigia.incidents import services as incidents
from vigia.incidents.models import Actor, Incident, PerpetratorType
from vigia.incidents.tests.factories import event_type
from vigia.indicators import services as indicators
from vigia.zones.models import Zone


def report(
    *,
    actor: Any,
    day: date = date(2024, 3, 21),
    ubigeo: str = "150132",
    name: str = "Yaritza Cóndor",
    narrative: str = "La asesinaron frente al hostal Los Pinos por negarse a pagar el cupo.",
    phone: str = "987654321",
    source_title: str = "Asesinan a trabajadora sexual en San Juan de Lurigancho",
    event: str = "murder",
) -> Incident:
    item = incidents.incident_create(
        actor=actor,
        event_type=event_type(event),
        date=day,
        zone=Zone.objects.get(ubigeo=ubigeo),
        perpetrator_type=PerpetratorType.objects.get(code="criminal_group"),
        killed=1 if event == "murder" else 0,
        narrative=narrative,
        group=Actor.objects.get(code="tren-de-aragua"),
    )
    incidents.victim_add(
        actor=actor, incident=item, pseudonym=name, nationality="VE",
        gender_identity="trans_woman", age_band="25_34", killed=event == "murder",
    )  # fmt: skip
    incidents.source_add(
        actor=actor, incident=item, kind="press", title=source_title,
        url="https://diario.example/nota",
    )  # fmt: skip
    indicators.indicator_link(
        actor=actor, incident=item, kind="phone", raw=phone, role="sent_threat"
    )
    return item


def same_event_twice(actor: Any) -> tuple[Incident, Incident]:
    first = report(actor=actor)
    second = report(
        actor=actor,
        day=date(2024, 3, 22),
        name="Jasmin Quispe",
        narrative="Mataron a una compañera trans frente al hostal Los Pinos; no pagaba el cupo.",
        source_title="Trabajadora sexual asesinada en SJL tras negarse a pagar cupo",
    )
    return first, second
