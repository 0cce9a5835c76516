"""Comparison rows from the register: decrypted in memory, handed to DuckDB in memory.

A victim's name is read through the encrypted field (decrypted in this process) and only
ever reaches the in-memory DuckDB; nothing here writes a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet

from vigia.incidents.models import Incident, Source, Victim
from vigia.incidents.models.incident import Status
from vigia.indicators.models import Link
from vigia.linkage.features import EVENT_GROUPS, make_row, neighbours
from vigia.zones.models import Zone

# Incidents outside the register's count (merged away or rejected) are never candidates.
LIVE = [Status.REPORTED, Status.UNDER_REVIEW, Status.VERIFIED]
# Scoring one incident loads only the register's incidents near it in time: every blocking
# rule but the victim's-name one needs the same month or fortnight (docs/linkage.md).
WINDOW_DAYS = 62


class Zones:
    """Districts with their reference points and neighbours (an area counts as its district)."""

    def __init__(self) -> None:
        zones = list(Zone.objects.all())
        by_id = {z.pk: z for z in zones}
        self.district: dict[int, int] = {}
        for zone in zones:
            current: Zone | None = zone
            while current is not None and current.kind != Zone.Kind.DISTRICT and current.parent_id:
                current = by_id.get(current.parent_id)
            self.district[zone.pk] = (current or zone).pk
        self.points = {
            str(z.pk): (float(z.latitude), float(z.longitude))
            for z in zones
            if z.latitude is not None and z.longitude is not None and self.district[z.pk] == z.pk
        }
        self.near = neighbours(self.points)

    def key(self, zone_id: int) -> str:
        return str(self.district.get(zone_id, zone_id))


def _prefetched(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.select_related("event_type", "perpetrator_type", "actor").prefetch_related(
        Prefetch("victims", queryset=Victim.objects.order_by("id")),
        Prefetch("sources", queryset=Source.objects.only("id", "incident_id", "title", "kind")),
        Prefetch("indicator_links", queryset=Link.objects.select_related("indicator")),
    )


def incident_row(incident: Incident, zones: Zones) -> dict[str, Any]:
    victims = list(incident.victims.all())
    first = victims[0] if victims else None
    zone = zones.key(incident.zone_id)
    return make_row(
        unique_id=str(incident.pk),
        event_type=incident.event_type.code,
        day=incident.date,
        date_precision=incident.date_precision,
        zone=zone,
        zone_near=zones.near.get(zone, [zone]),
        point=zones.points.get(zone),
        victim_name=(first.pseudonym or None) if first else None,
        nationality=first.nationality if first else None,
        gender=first.gender_identity if first else None,
        age_band=first.age_band if first else None,
        perpetrator=incident.perpetrator_type.code if incident.perpetrator_type else None,
        actor=incident.actor.code if incident.actor else None,
        indicators=[link.indicator.value_index for link in incident.indicator_links.all()],
        texts=[incident.narrative or "", *(s.title for s in incident.sources.all())],
    )


def rows(incidents: Iterable[Incident], zones: Zones | None = None) -> list[dict[str, Any]]:
    zones = zones or Zones()
    return [incident_row(incident, zones) for incident in incidents]


def register_rows() -> list[dict[str, Any]]:
    """Every live incident of the register (re-training, full re-link)."""
    return rows(_prefetched(Incident.objects.filter(status__in=LIVE)).iterator(chunk_size=2000))


def neighbours_of(incident: Incident) -> list[dict[str, Any]]:
    """The live incidents of the same group near the incident's date (scoring candidates)."""
    return nearby_rows(incident.event_type.code, incident.date, exclude=incident.pk)


def nearby_rows(event_type: str, day: date, *, exclude: Any = None) -> list[dict[str, Any]]:
    group = EVENT_GROUPS.get(event_type, event_type)
    codes = [code for code, g in EVENT_GROUPS.items() if g == group] or [event_type]
    nearby = Incident.objects.filter(
        status__in=LIVE,
        event_type__code__in=codes,
        date__gte=day - timedelta(days=WINDOW_DAYS),
        date__lte=day + timedelta(days=WINDOW_DAYS),
    )
    if exclude is not None:
        nearby = nearby.exclude(pk=exclude)
    return rows(_prefetched(nearby).iterator(chunk_size=2000))
