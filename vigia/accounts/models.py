from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinadora")
    VERIFIER = "verifier", _("Verificadora")
    RESPONDER = "responder", _("Respuesta a emergencias")
    ANALYST = "analyst", _("Analista (solo cifras)")
    ADMIN = "admin", _("Administración")


class User(AbstractUser):
    """A staff member. Members (the women Vigía serves) are not users: see the members app."""

    role = models.CharField(_("rol"), max_length=16, choices=Role.choices)
    zones = models.ManyToManyField("zones.Zone", blank=True, verbose_name=_("zonas"))
    language = models.CharField(_("idioma"), max_length=8, default="es")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="accounts_user_role"
            )
        ]

    def __str__(self) -> str:
        return self.username


class Invitation(models.Model):
    """A one-time link an admin gives to a new staff member; only its hash is stored."""

    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    zones = models.ManyToManyField("zones.Zone", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )

    def __str__(self) -> str:
        return f"invitation {self.pk}"
