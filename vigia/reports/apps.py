from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "vigia.reports"
    label = "reports"
    verbose_name = "Reports"
