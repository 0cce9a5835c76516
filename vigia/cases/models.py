"""Follow-up of a member or an incident: who follows it, where it stands, what comes next,
notes (sealed with the member's key, so erasing her shreds them) and referrals to the
organization's directory of services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedTextField


class Service(models.Model):
    """A place the organization refers members to: shelter, lawyer, clinic..."""

    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Albergue o casa refugio")
        LEGAL = "legal", _("Asesoría legal")
        HEALTH = "health", _("Salud")
        HIV = "hiv", _("VIH e ITS")
        PSYCHOSOCIAL = "psychosocial", _("Apoyo psicosocial")
        MIGRATION = "migration", _("Ayuda migratoria")
        POLICE = "police", _("Unidad policial de confianza")
        OTHER = "other", _("Otro")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nombre"), max_length=160)
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices)
    contact = EncryptedTextField(_("contacto (teléfono, correo, persona)"), max_length=400)
    hours = models.CharField(_("horario"), max_length=200, blank=True)
    zones = models.ManyToManyField("zones.Zone", blank=True, verbose_name=_("zonas que atiende"))
    accepts = models.TextField(
        _("a quién recibe"),
        blank=True,
        help_text=_("Por ejemplo: mujeres trans, migrantes sin documentos, con hijos."),
    )
    active = models.BooleanField(_("activo"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("servicio")
        verbose_name_plural = _("servicios")

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Abierto")
        WAITING = "waiting", _("En espera")
        REFERRED = "referred", _("Derivado")
        CLOSED = "closed", _("Cerrado")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responsable"),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    next_action = models.CharField(_("siguiente paso"), max_length=200, blank=True)
    due_date = models.DateField(_("para cuándo"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(incident__isnull=False),
                name="cases_case_has_subject",
            )
        ]
        verbose_name = _("caso")
        verbose_name_plural = _("casos")

    def __str__(self) -> str:
        return f"case {self.pk}"

    @property
    def short_ref(self) -> str:
        return str(self.pk)[:8]


class Note(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    # The member's key when the case is hers: her erasure shreds the notes too.
    member_id = models.UUIDField(null=True, blank=True)
    text = EncryptedTextField(_("nota"), max_length=4000, scope_field="member_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class Referral(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ATTENDED = "attended", _("Fue atendida")
        REFUSED = "refused", _("No la recibieron")
        NO_SHOW = "no_show", _("No acudió")
        DECLINED = "declined", _("Ella no quiso")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    outcome = models.CharField(
        _("resultado"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"referral {self.pk}"
