"""The release log: every table that left the system, as it was published.

Each new release of a table is checked against the earlier releases of the same table and
period (disclosure.protect's `history`), so that differences between them reveal no hidden cell.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    class Channel(models.TextChoices):
        REPORT = "report", _("Informe anual")
        EXPORT = "export", _("Datos abiertos (descarga)")
        PUBLIC = "public", _("Página pública")
        API = "api", _("API")

    channel = models.CharField(_("canal"), max_length=16, choices=Channel)
    period = models.CharField(_("periodo"), max_length=24)
    k = models.PositiveSmallIntegerField(_("umbral k"))
    method_version = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("publicación")
        verbose_name_plural = _("publicaciones")

    def __str__(self) -> str:
        return f"{self.channel} {self.period}"


class ReleasedTable(models.Model):
    """One table of a release: its cells as published (None = hidden)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tables")
    # The table's name and period, e.g. "incidents_by_zone@2023-01-01/2023-12-31".
    key = models.CharField(max_length=120)
    digest = models.CharField(max_length=64)
    cells = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["key", "digest"], name="released_table_key_digest")]

    def __str__(self) -> str:
        return self.key
