from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.Model):
    """A district (INEI ubigeo), or an organization's own area inside one, or another city."""

    class Kind(models.TextChoices):
        CITY = "city", _("Ciudad o provincia")
        DISTRICT = "district", _("Distrito")
        AREA = "area", _("Zona (calle, corredor)")

    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("nombre"), max_length=120)
    ubigeo = models.CharField(_("ubigeo INEI"), max_length=6, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.CharField(_("provincia"), max_length=60, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["ubigeo"],
                condition=~models.Q(ubigeo=""),
                name="zones_zone_unique_ubigeo",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="area") | models.Q(parent__isnull=False),
                name="zones_area_has_parent",
            ),
        ]
        verbose_name = _("zona")
        verbose_name_plural = _("zonas")

    def __str__(self) -> str:
        return self.name

    @property
    def district(self) -> Zone | None:
        """The district this zone is in (itself for a district)."""
        zone: Zone | None = self
        while zone is not None and zone.kind != self.Kind.DISTRICT:
            zone = zone.parent
        return zone
