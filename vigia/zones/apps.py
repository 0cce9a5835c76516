from __future__ import annotations

from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "vigia.zones"
    label = "zones"
    verbose_name = "Zones"
