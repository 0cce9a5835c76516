"""Incidents: who did what to whom, where and when, with sources (after ACLED and HURIDOCS)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedTextField


class Status(models.TextChoices):
    REPORTED = "reported", _("Reportado")
    UNDER_REVIEW = "under_review", _("En revisión")
    VERIFIED = "verified", _("Verificado")
    REJECTED = "rejected", _("Rechazado")
    DUPLICATE = "duplicate", _("Duplicado")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Día exacto")
    MONTH = "month", _("Solo el mes")
    YEAR = "year", _("Solo el año")


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("Lugar exacto")
    ZONE = "zone", _("Zona")
    DISTRICT = "district", _("Distrito")
    CITY = "city", _("Ciudad")


class VerificationLevel(models.TextChoices):
    UNVERIFIED = "unverified", _("Sin verificar")
    ONE_SOURCE = "one_source", _("Una fuente confiable")
    CORROBORATED = "corroborated", _("Varias fuentes independientes")
    CONFIRMED = "confirmed", _("Confirmado (documento oficial o contacto directo)")


class PaymentChannel(models.TextChoices):
    BANK = "bank_transfer", _("Transferencia bancaria")
    YAPE = "yape", "Yape"
    PLIN = "plin", "Plin"
    CASH = "cash", _("Efectivo a una cobradora")
    OTHER = "other", _("Otro")


class Outcome(models.TextChoices):
    STILL_MISSING = "still_missing", _("Sigue desaparecida")
    FOUND_ALIVE = "found_alive", _("Encontrada con vida")
    FOUND_DEAD = "found_dead", _("Encontrada sin vida")


class Incident(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("referencia"), max_length=16, unique=True)
    event_type = models.ForeignKey(
        "incidents.EventType", on_delete=models.PROTECT, related_name="+", verbose_name=_("tipo")
    )
    sub_type = models.ForeignKey(
        "incidents.EventType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subtipo"),
    )
    date = models.DateField(_("fecha"))
    date_precision = models.CharField(
        _("precisión de la fecha"), max_length=8, choices=DatePrecision, default=DatePrecision.DAY
    )
    time = models.TimeField(_("hora"), null=True, blank=True)
    zone = models.ForeignKey(
        "zones.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("zona")
    )
    geo_precision = models.CharField(
        _("precisión del lugar"), max_length=8, choices=GeoPrecision, default=GeoPrecision.DISTRICT
    )
    perpetrator_type = models.ForeignKey(
        "incidents.PerpetratorType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tipo de agresor"),
    )
    actor = models.ForeignKey(
        "incidents.Actor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("grupo o unidad"),
    )
    killed = models.PositiveIntegerField(_("personas asesinadas"), default=0)
    missing = models.PositiveIntegerField(_("personas desaparecidas"), default=0)
    injured = models.PositiveIntegerField(_("personas heridas"), default=0)
    registration_fee = models.DecimalField(
        _("inscripción exigida"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    weekly_quota = models.DecimalField(
        _("cupo semanal exigido"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    arrears = models.DecimalField(
        _("deuda acumulada"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("moneda"), max_length=3, default="PEN")
    payment_channel = models.CharField(
        _("medio de pago"), max_length=16, choices=PaymentChannel, blank=True
    )
    narrative = EncryptedTextField(_("relato"), max_length=20_000)
    status = models.CharField(_("estado"), max_length=16, choices=Status, default=Status.REPORTED)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    verification_level = models.CharField(
        _("nivel de verificación"),
        max_length=16,
        choices=VerificationLevel,
        default=VerificationLevel.UNVERIFIED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("motivo de la decisión"), blank=True)
    outcome = models.CharField(_("desenlace"), max_length=16, choices=Outcome, blank=True)
    outcome_date = models.DateField(_("fecha del desenlace"), null=True, blank=True)
    reporter = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    # Her consent, at reporting time, to use this report (anonymously) in warnings to others.
    usable_in_warnings = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-date"], name="incident_status_date"),
            models.Index(fields=["zone", "-date"], name="incident_zone_date"),
            models.Index(fields=["event_type", "-date"], name="incident_type_date"),
            models.Index(fields=["-date", "-created_at"], name="incident_date_created"),
            models.Index(fields=["-created_at"], name="incident_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="incident_duplicate_has_target",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(missing__gt=0), name="incident_outcome_needs_missing"
            ),
        ]
        verbose_name = _("incidente")
        verbose_name_plural = _("incidentes")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_final(self) -> bool:
        return self.status in (Status.VERIFIED, Status.REJECTED, Status.DUPLICATE)


class Victim(models.Model):
    """A person harmed, described only as much as the register needs."""

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("Menor de 18")
        A18_24 = "18_24", "18–24"
        A25_34 = "25_34", "25–34"
        A35_44 = "35_44", "35–44"
        A45_PLUS = "45_plus", _("45 o más")
        UNKNOWN = "", _("No se sabe")

    class Gender(models.TextChoices):
        CIS_WOMAN = "cis_woman", _("Mujer cis")
        TRANS_WOMAN = "trans_woman", _("Mujer trans")
        TRANS_MAN = "trans_man", _("Hombre trans")
        NON_BINARY = "non_binary", _("No binarie")
        MAN = "man", _("Hombre")
        UNKNOWN = "unknown", _("No se sabe")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="victims")
    pseudonym = EncryptedTextField(_("seudónimo o nombre como se reportó"), max_length=120)
    nationality = models.CharField(_("nacionalidad (código ISO)"), max_length=2, blank=True)
    gender_identity = models.CharField(
        _("identidad de género"), max_length=16, choices=Gender, default=Gender.UNKNOWN
    )
    age_band = models.CharField(_("edad"), max_length=8, choices=AgeBand, blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    killed = models.BooleanField(_("asesinada"), default=False)
    missing = models.BooleanField(_("desaparecida"), default=False)

    def __str__(self) -> str:
        return f"victim {self.pk}"


class Source(models.Model):
    class Kind(models.TextChoices):
        MEMBER = "member", _("Integrante")
        HOTLINE = "hotline", _("Línea de ayuda")
        FAMILY = "family", _("Familia")
        PRESS = "press", _("Prensa")
        PARTNER = "partner_org", _("Organización aliada")
        OFFICIAL = "official", _("Fuente oficial")

    class Reliability(models.TextChoices):
        HIGH = "high", _("Alta")
        MEDIUM = "medium", _("Media")
        LOW = "low", _("Baja")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("tipo de fuente"), max_length=16, choices=Kind)
    # Public sources (press, official) keep their URL and title in clear: they are public.
    url = models.URLField(_("enlace"), max_length=500, blank=True)
    title = models.CharField(_("título"), max_length=300, blank=True)
    # Private details (who called the hotline, the family's contact) are encrypted.
    reference = EncryptedTextField(_("referencia (privada)"), max_length=500)
    date = models.DateField(_("fecha de la fuente"), null=True, blank=True)
    reliability = models.CharField(
        _("confiabilidad"), max_length=8, choices=Reliability, default=Reliability.MEDIUM
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} source"

    @property
    def is_public(self) -> bool:
        return self.kind in (self.Kind.PRESS, self.Kind.OFFICIAL)
