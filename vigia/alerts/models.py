"""Zone alerts (drafted, approved, sent through the outbox) and emergencies with on-call
escalation.

Alert texts are the organization's (sealed with the organization's key); they never name
who reported. Responders' contact addresses are sealed too: a responder's number is as
sensitive as a member's, because gangs hunt the people who help.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedTextField


class Alert(models.Model):
    class Kind(models.TextChoices):
        NEW_COLLECTOR = "new_collector", _("Nueva cobradora o cobrador")
        NEW_NUMBER = "new_number", _("Nuevo número que exige cupos")
        ATTACK = "attack", _("Ataque en la zona")
        FAKE_CLIENT = "fake_client", _("Cliente falso o peligroso")
        POLICE = "police", _("Operativo policial")
        OTHER = "other", _("Otra")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        PENDING = "pending", _("Espera aprobación")
        SENT = "sent", _("Enviada")
        WITHDRAWN = "withdrawn", _("Retirada")
        CORRECTED = "corrected", _("Reemplazada por una corrección")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices)
    text = EncryptedTextField(_("texto de la alerta"), max_length=1000)
    zones = models.ManyToManyField("zones.Zone", blank=True, verbose_name=_("zonas"))
    language = models.CharField(_("idioma (vacío = todos)"), max_length=8, blank=True)
    channel = models.CharField(_("canal (vacío = todos)"), max_length=16, blank=True)
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="+")
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Why a second coordinator must approve (empty: the author may send it herself).
    approval_reasons = models.JSONField(default=list, blank=True)
    checklist_confirmed = models.BooleanField(default=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                name="alerts_alert_not_self_approved",
            )
        ]
        verbose_name = _("alerta")
        verbose_name_plural = _("alertas")

    def __str__(self) -> str:
        return f"alert {self.pk}"

    @property
    def expired(self) -> bool:
        from django.utils import timezone

        return self.expires_at is not None and self.expires_at <= timezone.now()


class Delivery(models.Model):
    """One member's copy of an alert: scheduled (quiet hours, messaging tier), queued in
    the outbox (``message``), or skipped. Receipts live on the outbox row."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Programada")
        QUEUED = "queued", _("En el buzón de salida")
        SKIPPED = "skipped", _("No enviada")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    due_at = models.DateTimeField()
    reason = models.CharField(max_length=40, blank=True)  # why scheduled or skipped (a code)
    message = models.ForeignKey(
        "messaging.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "member"], name="alerts_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["due_at"], name="alerts_delivery_due", condition=Q(state="scheduled")
            )
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk}"


class QuietHours(models.Model):
    """Hours (Lima time) when a member wants no alerts; they wait until the end. Emergencies
    and answers to her own messages are not held."""

    member = models.OneToOneField("members.Member", on_delete=models.CASCADE, related_name="+")
    starts = models.TimeField(_("desde"))
    ends = models.TimeField(_("hasta"))

    def __str__(self) -> str:
        return f"quiet hours of {self.member_id}"


class ResponderContact(models.Model):
    """How a responder is reached when an emergency is hers to answer (sealed)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="responder_contact"
    )
    channel = models.CharField(_("canal"), max_length=16)
    address = EncryptedTextField(_("número o chat"), max_length=120)

    def __str__(self) -> str:
        return f"contact of {self.user_id}"


class Shift(models.Model):
    """An on-call turn: during it, responders are called in ``position`` order."""

    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField(_("desde"))
    ends_at = models.DateTimeField(_("hasta"))
    position = models.PositiveSmallIntegerField(_("orden"), default=1)

    class Meta:
        ordering = ["starts_at", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="alerts_shift_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"shift {self.pk}"


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
    # Escalation: the responders to call, in order (user ids), how far it got, and when
    # the current one's time to acknowledge runs out. ``everyone`` = all were called.
    call_order = models.JSONField(default=list, blank=True)
    level = models.PositiveSmallIntegerField(default=0)
    everyone = models.BooleanField(default=False)
    escalate_at = models.DateTimeField(null=True, blank=True)
    called_back = models.BooleanField(_("llamé a un número conocido"), default=False)
    safe_word_agreed = models.BooleanField(_("acordamos una palabra segura"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="alerts_emergency_open"),
            models.Index(
                fields=["escalate_at"], name="alerts_emergency_due", condition=Q(status="open")
            ),
        ]
        verbose_name = _("emergencia")
        verbose_name_plural = _("emergencias")

    def __str__(self) -> str:
        return f"emergency {self.pk}"


class Step(models.Model):
    """One timestamped step of an emergency: who was called, escalations, who took it."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Abierta")
        NOTIFIED = "notified", _("Aviso a responsable")
        NO_CONTACT = "no_contact", _("Responsable sin contacto registrado")
        ESCALATED = "escalated", _("Sin respuesta: pasa a la siguiente")
        EVERYONE = "everyone", _("Aviso a todo el equipo de respuesta")
        FALLBACK = "fallback", _("Nadie de turno: aviso a todo el equipo")
        ACKNOWLEDGED = "acknowledged", _("Atendida")
        MEMBER_TOLD = "member_told", _("Se le avisó que alguien la atiende")
        CHECKLIST = "checklist", _("Verificación de devolución de llamada")
        CLOSED = "closed", _("Cerrada")

    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    at = models.DateTimeField()
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        "messaging.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at}"
