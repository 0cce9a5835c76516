from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigia.vault.fields import EncryptedTextField


class Attachment(models.Model):
    """A screenshot, payment slip, voice note, photo or document, stored encrypted.

    The SHA-256 of the original bytes is kept for chain of custody; what is shown or exported
    is a copy with metadata (EXIF, GPS) stripped.
    """

    class Kind(models.TextChoices):
        SCREENSHOT = "screenshot", _("Captura de pantalla")
        PAYMENT_SLIP = "payment_slip", _("Comprobante de pago")
        VOICE_NOTE = "voice_note", _("Nota de voz")
        PHOTO = "photo", _("Foto")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Documento")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind)
    media_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = EncryptedTextField(max_length=200, scope_field="member_id")
    # Sent by a member: sealed with her key, so erasing her also erases it.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key_scope = models.CharField(max_length=64, default="org")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"attachment {self.pk}"

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")
