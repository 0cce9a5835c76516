from __future__ import annotations

from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "vigia.alerts"
    label = "alerts"
    verbose_name = "Alerts"

    def ready(self) -> None:
        from vigia.alerts import tasks  # noqa: F401 - registers escalation and release jobs
