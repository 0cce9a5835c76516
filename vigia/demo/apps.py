from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vigia.demo"
    label = "demo"
    verbose_name = "Demo organization"
