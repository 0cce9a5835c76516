from __future__ import annotations

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "vigia.incidents"
    label = "incidents"
    verbose_name = "Incidents"
