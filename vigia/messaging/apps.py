from __future__ import annotations

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "vigia.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from vigia.messaging import tasks  # noqa: F401 - registers the periodic sweep
