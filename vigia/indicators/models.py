"""Indicators: the numbers, accounts and aliases extortionists use, linked to incidents.

A number may be reassigned to an innocent person and an account may belong to a paid
"mule": an indicator is evidence about an incident, never the identity of a person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedJSONField, EncryptedTextField


class Kind(models.TextChoices):
    PHONE = "phone", _("Teléfono")
    YAPE = "yape", "Yape"
    PLIN = "plin", "Plin"
    ACCOUNT = "account", _("Cuenta bancaria")
    CCI = "cci", _("CCI")
    ALIAS = "alias", _("Alias")
    PLATE = "plate", _("Placa")
    HANDLE = "handle", _("Usuario en redes")


class Role(models.TextChoices):
    SENT_THREAT = "sent_threat", _("Envió la amenaza")
    RECEIVES_PAYMENTS = "receives_payments", _("Recibe los pagos")
    COLLECTOR = "collector", _("Cobradora / cobrador")
    USED_BY_ATTACKER = "used_by_attacker", _("Usado por el agresor")
    OTHER = "other", _("Otro")


class Indicator(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind)
    value = EncryptedTextField(_("valor"), max_length=120)
    # Keyed blind index of the normalized value: equality look-ups without the plaintext.
    value_index = models.CharField(max_length=64)
    bank = models.CharField(_("banco"), max_length=40, blank=True)
    # For a CCI: did the check digits match? A soft signal, never a reason to drop it.
    checksum_ok = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Yape and Plin numbers share the phones' index space: one number, one indicator.
        constraints = [models.UniqueConstraint(fields=["value_index"], name="indicator_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Link(models.Model):
    """An indicator seen in an incident, with its role and where it was found."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="links")
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="indicator_links"
    )
    role = models.CharField(_("papel"), max_length=20, choices=Role, default=Role.OTHER)
    # Provenance: the attachment and span an extracted value came from, if any.
    attachment = models.ForeignKey(
        "incidents.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    span = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "incident", "role"], name="indicator_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} in {self.incident_id}"


class Suggestion(models.Model):
    """A value the extractor found in a narrative or an attachment, for a person to accept.

    Nothing extracted reaches the register without a coordinator's click; the accepted value
    keeps a pointer to the attachment and span it came from.
    """

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Número, cuenta o alias")
        WEEKLY_QUOTA = "weekly_quota", _("Cupo semanal")
        REGISTRATION_FEE = "registration_fee", _("Inscripción")
        DATE = "date", _("Fecha")

    class State(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada")
        DISMISSED = "dismissed", _("Descartada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="suggestions"
    )
    attachment = models.ForeignKey(
        "incidents.Attachment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    # The extracted item as the extractor gave it (value, span, confidence, bank, period...).
    payload = EncryptedJSONField()
    # Keyed fingerprint of the payload: running the extractor again adds no duplicates.
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "fingerprint"], name="indicator_suggestion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"suggestion {self.pk}"
