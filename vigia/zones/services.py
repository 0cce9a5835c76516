"""Organizations add their own areas (a street, a corridor) inside a district, or a city."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from vigia.audit.chain import record
from vigia.zones.models import Zone


@transaction.atomic
def zone_create(
    *, actor: Any, name: str, kind: str, parent: Zone | None, aliases: list[str] | None = None
) -> Zone:
    zone = Zone(name=name.strip(), kind=kind, parent=parent, aliases=aliases or [])
    if parent is not None:
        zone.province = parent.province
        zone.latitude, zone.longitude = parent.latitude, parent.longitude
    zone.full_clean()
    zone.save()
    record(actor=actor, action="zone.create", obj=zone, data={"kind": kind})
    return zone
