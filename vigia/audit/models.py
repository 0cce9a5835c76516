from __future__ import annotations

from django.db import models


class Event(models.Model):
    """One audited action. Append-only; each MAC covers the event and the previous MAC.

    ``data`` holds identifiers and field names, never the sensitive values themselves.
    """

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor_kind = models.CharField(max_length=16)  # staff, member, system
    actor_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_event_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class Head(models.Model):
    """The chain's head, locked by every append so that two writers never fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_single")]

    def __str__(self) -> str:
        return f"head #{self.seq}"
