from __future__ import annotations

from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "vigia.backups"
    label = "backups"
    verbose_name = "Backups"

    def ready(self) -> None:
        from vigia.backups import schedule  # noqa: F401 - registers the scheduled backup
