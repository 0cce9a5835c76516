from __future__ import annotations

from datetime import date
from typing import Any

from vigia.incidents import services
from vigia.incidents.models import EventType, Incident, PerpetratorType
from vigia.zones.models import Zone


def event_type(code: str) -> EventType:
    return EventType.objects.get(code=code)


def incident(*, actor: Any = None, **overrides: Any) -> Incident:
    values: dict[str, Any] = {
        "event_type": event_type("extortion_demand"),
        "date": date(2024, 3, 12),
        "zone": Zone.objects.get(ubigeo="150116"),
        "perpetrator_type": PerpetratorType.objects.get(code="criminal_group"),
        "weekly_quota": "200.00",
        "narrative": "Le escribieron exigiendo el cupo semanal.",
    }
    if overrides.get("event_type") and isinstance(overrides["event_type"], str):
        overrides["event_type"] = event_type(overrides["event_type"])
    values.update(overrides)
    return services.incident_create(actor=actor, **values)


def verified(*, actor: Any, **overrides: Any) -> Incident:
    item = incident(actor=actor, **overrides)
    services.source_add(actor=actor, incident=item, kind="press", url="https://diario.example/n1")
    return services.incident_transition(
        actor=actor, incident=item, status="verified", note="Nota de prensa y testimonio."
    )
