"""Press sources, articles (stored once), and the candidate incidents coordinators review."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feed(models.Model):
    """A configured source: an RSS/Atom feed, or a folder of saved pages (uploads, imports)."""

    class Kind(models.TextChoices):
        FEED = "feed", _("Feed RSS o Atom")
        FOLDER = "folder", _("Carpeta o carga de archivos")

    class Status(models.TextChoices):
        NEW = "new", _("Aún no revisada")
        OK = "ok", _("Correcta")
        NOT_MODIFIED = "not_modified", _("Sin cambios")
        DOWN = "down", _("Caída o inaccesible")
        MALFORMED = "malformed", _("XML mal formado")
        ROBOTS = "robots", _("Bloqueada por robots.txt")
        REFUSED = "refused", _("Dirección no permitida")
        TOO_LARGE = "too_large", _("Demasiado grande")

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind, default=Kind.FEED)
    url = models.URLField(_("dirección del feed"), max_length=500, blank=True)
    active = models.BooleanField(_("activa"), default=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    status = models.CharField(_("estado"), max_length=16, choices=Status, default=Status.NEW)
    # A short technical note ("HTTP 503", "3 entradas leídas de un XML con errores").
    detail = models.CharField(_("detalle"), max_length=300, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    ok_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        CLASSIFIED = "classified", _("Clasificada")
        STUB = "stub", _("Solo un fragmento (¿muro de pago?)")
        OTHER_LANGUAGE = "other_language", _("Otro idioma")
        TOO_LARGE = "too_large", _("Página demasiado grande: solo el resumen del feed")
        FAILED = "failed", _("No se pudo leer la página: solo el resumen del feed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    feed = models.ForeignKey(Feed, null=True, on_delete=models.SET_NULL, related_name="articles")
    # The canonical URL (dedupe.canonical_url); a folder file has "folder:<source>/<file>".
    url = models.CharField(max_length=500, unique=True)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)  # press text is public; it is not encrypted
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.CLASSIFIED)
    relevant = models.BooleanField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    model_version = models.CharField(max_length=40, blank=True)
    signature = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="press_article_created")]

    def __str__(self) -> str:
        return f"article {self.pk}"


class ArticleLink(models.Model):
    """Every URL that led to an article: its own, and those of syndicated copies."""

    url = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")

    def __str__(self) -> str:
        return self.url


class ArticleBand(models.Model):
    """MinHash band keys (dedupe.bands): near-duplicate look-up by equality."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(max_length=24, db_index=True)

    def __str__(self) -> str:
        return self.key


class Candidate(models.Model):
    """A relevant article waiting for a coordinator: accept, attach, or dismiss."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ACCEPTED = "accepted", _("Aceptada: incidente nuevo")
        ATTACHED = "attached", _("Añadida como fuente")
        DISMISSED = "dismissed", _("Descartada")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="candidate")
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    zone = models.ForeignKey(
        "zones.Zone", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event_type = models.CharField(max_length=40, blank=True)
    event_date = models.DateField(null=True, blank=True)
    # [{"incident": uuid, "reference": str, "probability": float}], most likely first.
    matches = models.JSONField(default=list, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="press_candidate_queue")]

    def __str__(self) -> str:
        return f"candidate {self.pk}"
