"""Threads (one per channel address), the inbound log, the outbox and rate-limit buckets.

Everything that could identify who wrote is encrypted: with her own key when the thread
belongs to an enrolled member (``owner_id`` is her member id, so erasing her shreds it),
otherwise with the organization's key. ``messaging`` knows nothing of members or incidents:
the owner is only a UUID that the conversations app resolves.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedJSONField, EncryptedTextField


class Thread(models.Model):
    """Everything exchanged with one address on one channel."""

    class Mode(models.TextChoices):
        BOT = "bot", _("Atendida por los flujos")
        WAITING = "waiting", _("Espera a una persona")
        HUMAN = "human", _("Atendida por una persona")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=16)
    address = EncryptedTextField(max_length=120, scope_field="owner_id")
    # Keyed blind index of the normalized address: finds the thread, never reversible.
    address_index = models.CharField(max_length=64)
    # The member this address belongs to (conversations sets it); no FK: messaging is generic.
    owner_id = models.UUIDField(null=True, blank=True, db_index=True)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.BOT)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    # Per-thread processing lease: messages of one sender are handled strictly in order.
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address_index"], name="messaging_thread_unique_address"
            )
        ]
        indexes = [models.Index(fields=["mode", "waiting_since"], name="messaging_thread_mode")]

    def __str__(self) -> str:
        return f"thread {self.pk}"


class InboundMessage(models.Model):
    """One message or status callback as received, deduplicated by the provider's id."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Texto")
        IMAGE = "image", _("Imagen")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Documento")
        LOCATION = "location", _("Ubicación")
        CHOICE = "choice", _("Botón o lista")
        UNSUPPORTED = "unsupported", _("No admitido")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=16)
    external_id = models.CharField(max_length=200)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="inbound")
    owner_id = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The provider's message object, normalized fields included; sealed at rest.
    raw = EncryptedJSONField(scope_field="owner_id")
    received_at = models.DateTimeField(db_index=True)
    position = models.PositiveIntegerField(default=0)  # order inside one delivery
    processed_at = models.DateTimeField(null=True, blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="messaging_inbound_unique_external"
            )
        ]
        indexes = [
            models.Index(
                fields=["thread", "received_at", "position"],
                name="messaging_inbound_pending",
                condition=Q(processed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"inbound {self.pk}"


class OutboundMessage(models.Model):
    """A row first, then sent by the worker; receipts update its status."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En cola")
        HELD = "held", _("Retenido (fuera de la ventana de 24 h)")
        SENDING = "sending", _("Enviando")
        SENT = "sent", _("Enviado")
        DELIVERED = "delivered", _("Entregado")
        READ = "read", _("Leído")
        FAILED = "failed", _("Falló")
        OPTED_OUT = "opted_out", _("Bloqueado por la destinataria")
        CANCELLED = "cancelled", _("Cancelado")

    class Priority(models.IntegerChoices):
        BULK = 0, _("Masivo")
        REPLY = 50, _("Respuesta")
        EMERGENCY = 100, _("Emergencia")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound"
    )
    channel = models.CharField(max_length=16)
    owner_id = models.UUIDField(null=True, blank=True)
    # Who to send to and what: sealed with the recipient's key (or the organization's).
    address = EncryptedTextField(max_length=120, scope_field="owner_id")
    body = EncryptedJSONField(scope_field="owner_id")
    priority = models.PositiveSmallIntegerField(default=Priority.REPLY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # A farewell that must outlive the erasure of its recipient: purged once sent.
    purge_after_send = models.BooleanField(default=False)
    by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True, db_index=True)
    error_code = models.CharField(max_length=40, blank=True)
    used_template = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["-priority", "next_attempt_at"],
                name="messaging_outbox_due",
                condition=Q(status__in=["queued", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"outbound {self.pk}"


class RateBucket(models.Model):
    """GCRA state of one rate limit (a channel, or one recipient): the theoretical arrival
    time of the next message. Kept in the database so every worker shares it."""

    key = models.CharField(max_length=100, primary_key=True)
    tat = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
