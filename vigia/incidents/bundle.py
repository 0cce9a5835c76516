"""The evidence bundle for a lawyer or prosecutor: one incident as a ZIP.

It holds a PDF summary, the original attachments (byte for byte, as received), and a manifest
with the SHA-256 of every file and the custody events of each attachment. Exporting it is
itself audited.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from vigia.accounts.access import staff_view
from vigia.audit.chain import record
from vigia.audit.models import Event
from vigia.incidents import media
from vigia.incidents.access import get_incident_for_user
from vigia.incidents.models import Incident

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif",
              "application/pdf": "pdf", "audio/ogg": "ogg", "audio/mpeg": "mp3",
              "audio/amr": "amr", "audio/mp4": "m4a", "video/mp4": "mp4"}  # fmt: skip


def summary_pdf(incident: Incident) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "incidents/bundle_summary.html",
        {
            "incident": incident,
            "victims": incident.victims.all(),
            "sources": incident.sources.all(),
            "attachments": incident.attachments.all(),
            "generated": timezone.now(),
        },
    )
    # base_url None and no external resources: the PDF never fetches anything.
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def build(incident: Incident, *, actor: Any) -> bytes:
    files: dict[str, bytes] = {"resumen.pdf": summary_pdf(incident)}
    custody: dict[str, list[dict[str, str]]] = {}
    for attachment in incident.attachments.all():
        ext = EXTENSIONS.get(attachment.media_type, "bin")
        data = media.load(str(attachment.pk))
        files[f"adjuntos/{attachment.pk}.{ext}"] = data
        events = Event.objects.filter(
            object_type="incidents.attachment", object_id=str(attachment.pk)
        )
        custody[str(attachment.pk)] = [
            {"at": e.at.isoformat(), "action": e.action, "by": f"{e.actor_kind}:{e.actor_id}"}
            for e in events
        ]
    manifest = {
        "incident": incident.reference,
        "generated_at": timezone.now().isoformat(),
        "generated_by": f"staff:{actor.pk}",
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "attachments": [
            {
                "id": str(a.pk),
                "kind": a.kind,
                "media_type": a.media_type,
                "size": a.size,
                "sha256_at_reception": a.sha256,
                "received_at": a.created_at.isoformat(),
            }
            for a in incident.attachments.all()
        ],
        "custody": custody,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifiesto.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return out.getvalue()


@staff_view("incidents.view")
def bundle_view(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    data = build(incident, actor=request.user)
    with transaction.atomic():
        record(
            actor=request.user,
            action="incident.bundle_export",
            obj=incident,
            data={"sha256": hashlib.sha256(data).hexdigest()},
        )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="expediente-{incident.reference}.zip"'
    response["Cache-Control"] = "no-store"
    return response
