"""Emergencies: a member (or whoever holds a phone) asked for help.

Issue 6 adds on-call escalation on top of this row; for now it records who asked, through
which thread (so a responder can answer on the same channel) and whether it was silent
(the duress word), and it is listed in the coordinators' inbox.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Emergency(models.Model):
    class Source(models.TextChoices):
        KEYWORD = "keyword", _("Pidió ayuda (AYUDA)")
        DURESS = "duress", _("Palabra de alarma (silenciosa)")
        COORDINATOR = "coordinator", _("Registrada por el equipo")

    class Status(models.TextChoices):
        OPEN = "open", _("Abierta")
        ACKNOWLEDGED = "acknowledged", _("Atendida")
        CLOSED = "closed", _("Cerrada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(
        "messaging.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=16, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    silent = models.BooleanField(default=False)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="alerts_emergency_open")]
        verbose_name = _("emergencia")
        verbose_name_plural = _("emergencias")

    def __str__(self) -> str:
        return f"emergency {self.pk}"
