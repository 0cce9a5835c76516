from __future__ import annotations

from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "vigia.press"
    label = "press"
    verbose_name = "Press"

    def ready(self) -> None:
        from vigia.press import tasks  # noqa: F401 - registers the periodic job
