from __future__ import annotations

from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "vigia.messaging"
    label = "messaging"
    verbose_name = "Messaging"
