from __future__ import annotations

from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "vigia.press"
    label = "press"
    verbose_name = "Press"
