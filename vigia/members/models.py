"""Members: the women Vigía serves. Everything that could identify one is encrypted with
her own data key (scope ``member:<id>``), so erasing her destroys it everywhere."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedTextField


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    TELEGRAM = "telegram", "Telegram"
    SMS = "sms", "SMS"
    WEBCHAT = "webchat", _("Chat web")


class Purpose(models.TextChoices):
    ALERTS = "alerts", _("Recibir alertas")
    FOLLOWUP = "followup", _("Seguimiento de su caso")
    WARNINGS = "warnings", _("Usar sus reportes (anónimos) en alertas a otras")
    STATISTICS = "statistics", _("Estadísticas anónimas")
    PARTNER = "partner", _("Compartir con una organización aliada")
    POLICE = "police", _("Compartir con la policía")


class Member(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invitada (código pendiente)")
        ACTIVE = "active", _("Activa")
        ERASED = "erased", _("Borrada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pseudonym = EncryptedTextField(_("seudónimo"), max_length=80, scope_field="pk")
    channel = models.CharField(_("canal"), max_length=16, choices=Channel.choices, blank=True)
    address = EncryptedTextField(_("número o usuario"), max_length=120, scope_field="pk")
    # Keyed blind index of the normalized address: finds her when she writes, never reversible.
    address_index = models.CharField(max_length=64, blank=True, db_index=True)
    duress_word = EncryptedTextField(_("palabra de alarma"), max_length=40, scope_field="pk")
    language = models.CharField(_("idioma"), max_length=8, default="es")
    zones = models.ManyToManyField("zones.Zone", blank=True, verbose_name=_("zonas"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    compromised_at = models.DateTimeField(_("teléfono comprometido desde"), null=True, blank=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address_index"],
                condition=~models.Q(address_index=""),
                name="members_member_unique_address",
            )
        ]
        verbose_name = _("integrante")
        verbose_name_plural = _("integrantes")

    def __str__(self) -> str:
        return f"member {self.pk}"

    @property
    def reachable(self) -> bool:
        """May anything be sent to her? Never to a compromised or erased phone."""
        return self.status == self.Status.ACTIVE and self.compromised_at is None

    @property
    def short_ref(self) -> str:
        return str(self.pk)[:8]


class Consent(models.Model):
    """One purpose she agreed to, with dates; withdrawing keeps the history."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    partner = models.CharField(_("organización aliada"), max_length=120, blank=True)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["given_at"]
        indexes = [models.Index(fields=["member", "purpose"], name="members_consent_purpose")]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.member_id})"


class EnrolmentCode(models.Model):
    """A one-time code a coordinator gives a member; she sends it from her phone to link it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"code for {self.member_id}"


class Contact(models.Model):
    """Another way to reach her (one per channel), used only to move her when her main
    number is lost: never for alerts, never to recognize her when she writes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("canal"), max_length=16, choices=Channel.choices)
    address = EncryptedTextField(_("número o usuario"), max_length=120, scope_field="member_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "channel"], name="members_contact_per_channel"
            )
        ]
        verbose_name = _("otro contacto")
        verbose_name_plural = _("otros contactos")

    def __str__(self) -> str:
        return f"contact {self.pk}"


class ChannelMove(models.Model):
    """Members moved off a lost channel (a banned or replaced number). At most one open move
    per lost channel: every run of it invites only those not invited yet."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    from_channel = models.CharField(_("canal perdido"), max_length=16, choices=Channel.choices)
    # Where members must send their code: the organization's new number or bot (public).
    write_to = models.CharField(_("dónde escribir el código"), max_length=60, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    running_since = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_channel"],
                condition=models.Q(closed_at__isnull=True),
                name="members_move_one_open_per_channel",
            )
        ]

    def __str__(self) -> str:
        return f"move {self.pk}"


class MoveInvitation(models.Model):
    """What a move did for one member: invited through another channel, nothing to invite
    her through (someone must reach her in person), or moved (she sent her code)."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invitada")
        NO_CHANNEL = "no_channel", _("Sin otro canal")
        MOVED = "moved", _("Ya se cambió")

    move = models.ForeignKey(ChannelMove, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices)
    via = models.CharField(max_length=16, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["move", "member"], name="members_move_once_per_member")
        ]
        indexes = [models.Index(fields=["member", "state"], name="members_moveinv_member")]

    def __str__(self) -> str:
        return f"{self.state} ({self.member_id})"
