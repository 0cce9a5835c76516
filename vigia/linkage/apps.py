from __future__ import annotations

from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "vigia.linkage"
    label = "linkage"
    verbose_name = "Linkage"
