from __future__ import annotations

from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "vigia.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self) -> None:
        from vigia.backups import retention, schedule  # noqa: F401 - register periodic jobs
