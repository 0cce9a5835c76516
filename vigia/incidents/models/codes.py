"""Code lists kept as data (contracts.md §3): stable codes, labels in Spanish and English.

Organizations may add codes; the shipped ones are never renamed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class _Coded(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    label_es = models.CharField(max_length=120)
    label_en = models.CharField(max_length=120)
    active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["label_es"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "es").startswith("en") else self.label_es


class EventType(_Coded):
    """An event type (murder, threat…) or, with a parent, one of its sub-types."""

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="subtypes"
    )
    # Whether the type is counted among people killed or missing (reports use it).
    lethal = models.BooleanField(default=False)


class PerpetratorType(_Coded):
    pass


class Actor(models.Model):
    """A criminal group or faction, a police or serenazgo unit; aliases help matching."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.ForeignKey(PerpetratorType, on_delete=models.PROTECT, related_name="actors")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="factions"
    )
    aliases = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
