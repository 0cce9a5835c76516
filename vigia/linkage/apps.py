from __future__ import annotations

from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "vigia.linkage"
    label = "linkage"
    verbose_name = "Linkage"

    def ready(self) -> None:
        from vigia.linkage import tasks  # noqa: F401 - registers the periodic jobs
