"""Suggestions from the evidence extractor: found in the worker, accepted by a person.

1. `suggest_for_incident` (a task, run by the worker) extracts from the narrative and from
   image attachments and stores each candidate once, as a pending suggestion.
2. A coordinator accepts one (it becomes an indicator link, an amount or the date, with its
   provenance) or dismisses it, one click each. Both are audited.
"""

from __future__ import annotations

import importlib
import json
import logging
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from vigia.audit.chain import SYSTEM, record
from vigia.evidence.extract import extract_text
from vigia.incidents import media
from vigia.incidents import services as incidents
from vigia.incidents.models import Attachment, Incident
from vigia.indicators import services
from vigia.indicators.models import Kind, Role, Suggestion
from vigia.vault.fields import blind_index

logger = logging.getLogger(__name__)

PAYMENT_KINDS = {Kind.YAPE, Kind.PLIN, Kind.ACCOUNT, Kind.CCI}
AMOUNT_KINDS = {"weekly": Suggestion.Kind.WEEKLY_QUOTA, "once": Suggestion.Kind.REGISTRATION_FEE}


def _store(
    incident: Incident, attachment: Attachment | None, kind: str, item: dict[str, Any]
) -> bool:
    canonical = json.dumps({"kind": kind, "attachment": str(attachment.pk) if attachment else "",
                            **item}, sort_keys=True)  # fmt: skip
    suggestion = Suggestion(
        incident=incident,
        attachment=attachment,
        kind=kind,
        payload=item,
        fingerprint=blind_index("suggestion", canonical),
    )
    try:
        with transaction.atomic():
            suggestion.save()
    except IntegrityError:
        return False  # already suggested earlier
    return True


def _suggest(incident: Incident, attachment: Attachment | None, found: dict[str, Any]) -> int:
    added = 0
    for item in found.get("indicators", []):
        added += _store(incident, attachment, Suggestion.Kind.INDICATOR, dict(item))
    for item in found.get("amounts", []):
        kind = AMOUNT_KINDS.get(item.get("period") or "")
        if kind is not None and item.get("currency") == "PEN":
            added += _store(incident, attachment, kind, dict(item))
    for item in found.get("dates", []):
        if item["value"] != incident.date.isoformat():
            added += _store(incident, attachment, Suggestion.Kind.DATE, dict(item))
    return added


def _image_extractor() -> Any:
    """The OCR extractor, when this installation has it (it runs only in the worker)."""
    try:
        image = importlib.import_module("vigia.evidence.image")
    except ImportError:
        return None
    return getattr(image, "extract_image", None)


@task()
def suggest_for_incident(incident_id: str) -> int:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return 0
    added = 0
    if incident.narrative:
        added += _suggest(incident, None, dict(extract_text(incident.narrative, incident.date)))
    extract_image = _image_extractor()
    if extract_image is not None:
        for attachment in incident.attachments.filter(media_type__startswith="image/"):
            try:
                data = media.load(str(attachment.pk))
                found = extract_image(data, message_date=incident.date)
            except Exception:
                logger.exception("extraction failed for attachment %s", attachment.pk)
                continue
            added += _suggest(incident, attachment, dict(found))
    logger.info("incident %s: %d new suggestions", incident.pk, added)
    return added


@transaction.atomic
def suggestion_accept(*, actor: Any, suggestion: Suggestion) -> None:
    item: dict[str, Any] = suggestion.payload
    incident = suggestion.incident
    if suggestion.kind == Suggestion.Kind.INDICATOR:
        kind = item["kind"]
        services.indicator_link(
            actor=actor,
            incident=incident,
            kind=kind,
            raw=item["value"],
            role=Role.RECEIVES_PAYMENTS if kind in PAYMENT_KINDS else Role.SENT_THREAT,
            bank=item.get("bank", ""),
            attachment=suggestion.attachment,
            span=item.get("span"),
        )
    elif suggestion.kind in (Suggestion.Kind.WEEKLY_QUOTA, Suggestion.Kind.REGISTRATION_FEE):
        incidents.incident_update(
            actor=actor, incident=incident, **{suggestion.kind: Decimal(item["value"])}
        )
    else:
        incidents.incident_update(
            actor=actor,
            incident=incident,
            date=date.fromisoformat(item["value"]),
            date_precision="day",
        )
    _decide(actor, suggestion, Suggestion.State.ACCEPTED)


@transaction.atomic
def suggestion_dismiss(*, actor: Any, suggestion: Suggestion) -> None:
    _decide(actor, suggestion, Suggestion.State.DISMISSED)


def _decide(actor: Any, suggestion: Suggestion, state: str) -> None:
    suggestion.state = state
    suggestion.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    record(
        actor=actor or SYSTEM,
        action=f"suggestion.{state}",
        obj=suggestion,
        data={"incident": str(suggestion.incident_id), "kind": suggestion.kind},
    )
