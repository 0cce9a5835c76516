from __future__ import annotations

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "vigia.indicators"
    label = "indicators"
    verbose_name = "Indicators"
