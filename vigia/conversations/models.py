"""Where each chat stands (flow, step, what she has said so far) and number look-ups."""

from __future__ import annotations

from django.db import models

from vigia.vault.fields import EncryptedJSONField


class Session(models.Model):
    """One per thread. ``data`` may hold her words mid-flow, so it is sealed with her key."""

    thread = models.OneToOneField(
        "messaging.Thread", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    owner_id = models.UUIDField(null=True, blank=True)
    flow = models.CharField(max_length=16, blank=True)
    step = models.CharField(max_length=16, blank=True)
    data = EncryptedJSONField(scope_field="owner_id")
    language = models.CharField(max_length=8, default="es")
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"session {self.pk}"


class NumberCheck(models.Model):
    """That a member checked a number, and when: for the daily limit. Never the number."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"check by {self.member_id}"
