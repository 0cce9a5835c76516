"""Linkage records: trained parameters, the review queue, merges (reversible), networks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TrainedModel(models.Model):
    """One version of the trained parameters; the active one scores new incidents."""

    version = models.CharField(max_length=40, unique=True)
    trained_on = models.CharField(max_length=200)
    params = models.JSONField()
    active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return self.version


class Scoring(models.Model):
    """That an incident was scored against the register, and by which model version."""

    incident = models.OneToOneField(
        "incidents.Incident", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    model_version = models.CharField(max_length=40)
    candidates = models.PositiveIntegerField(default=0)
    scored_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"scoring of {self.pk}"


class Candidate(models.Model):
    """A pair the model thinks may be one incident, waiting for a person's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        MERGED = "merged", _("Unidos")
        NOT_SAME = "not_same", _("No son el mismo")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="linkage_candidates"
    )
    match = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="linkage_matches"
    )
    probability = models.FloatField()
    model_version = models.CharField(max_length=40)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-probability", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "match"], name="candidate_pair_unique"),
            models.CheckConstraint(
                condition=~Q(incident=models.F("match")), name="candidate_two_incidents"
            ),
        ]
        indexes = [models.Index(fields=["status", "-probability"], name="candidate_queue")]

    def __str__(self) -> str:
        return f"candidate {self.pk}"


class Merge(models.Model):
    """A merge of ``duplicate`` into ``kept``, with what moved, so that it can be undone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="+")
    duplicate = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    # Ids only: {"sources": [...], "victims": [...], "links": [...], "status": "reported"}.
    moved = models.JSONField(default=dict)
    automatic = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="one_open_merge"
            )
        ]

    def __str__(self) -> str:
        return f"merge {self.pk}"


class Network(models.Model):
    """An extortion network as last computed; recomputed from the register on a schedule."""

    number = models.PositiveIntegerField(unique=True)
    # Ids, counts and dates only (see selectors.network_summary); no indicator values.
    summary = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"network {self.number}"


class NetworkMember(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    indicator = models.OneToOneField(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="network_membership"
    )

    def __str__(self) -> str:
        return f"{self.indicator_id} in {self.network_id}"


class LookupWindow(models.Model):
    """Look-ups one staff member made in one minute (the look-up rate limit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "minute"], name="lookup_window_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.minute}"
