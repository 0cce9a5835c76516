from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "vigia.conversations"
    label = "conversations"
    verbose_name = "Conversations"
