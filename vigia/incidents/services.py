"""Writes on incidents: create, edit, review, verify, victims, sources, attachments.

Every function is keyword-only, atomic, validates with full_clean() and audits in the same
transaction. Audit data holds ids and field names, never narratives or names.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.incidents import media
from vigia.incidents.models import Attachment, Incident, Source, Victim
from vigia.incidents.models.incident import Outcome, Status, VerificationLevel

REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
EDITABLE = [
    "event_type", "sub_type", "date", "date_precision", "time", "zone", "geo_precision",
    "perpetrator_type", "actor", "killed", "missing", "injured", "registration_fee",
    "weekly_quota", "arrears", "currency", "payment_channel", "narrative",
]  # fmt: skip
# Allowed status changes; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Status.REPORTED: {Status.UNDER_REVIEW, Status.VERIFIED, Status.REJECTED, Status.DUPLICATE},
    Status.UNDER_REVIEW: {Status.VERIFIED, Status.REJECTED, Status.DUPLICATE, Status.REPORTED},
    Status.VERIFIED: {Status.UNDER_REVIEW, Status.DUPLICATE},
    Status.REJECTED: {Status.UNDER_REVIEW},
    Status.DUPLICATE: {Status.UNDER_REVIEW},
}


class TransitionError(Exception):
    """A status change that the workflow does not allow; the message is for the user."""


def new_reference() -> str:
    raw = "".join(secrets.choice(REF_ALPHABET) for _ in range(8))
    return f"VG-{raw[:4]}-{raw[4:]}"


def _staff(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def validate_incident(incident: Incident) -> None:
    """Rules a single field cannot express, reported field by field in the user's language."""
    errors: dict[str, list[str]] = {}
    if incident.date and incident.date > timezone.localdate():
        errors.setdefault("date", []).append(_("La fecha no puede estar en el futuro."))
    if incident.event_type_id and incident.event_type.code == "murder" and incident.killed < 1:
        errors.setdefault("killed", []).append(
            _("Un asesinato tiene al menos una persona asesinada.")
        )
    if (
        incident.event_type_id
        and incident.event_type.code == "disappearance"
        and incident.missing < 1
    ):
        errors.setdefault("missing", []).append(
            _("Una desaparición tiene al menos una persona desaparecida.")
        )
    if incident.sub_type is not None and incident.sub_type.parent_id != incident.event_type_id:
        errors.setdefault("sub_type", []).append(_("El subtipo no corresponde al tipo."))
    for name in ("registration_fee", "weekly_quota", "arrears"):
        value = getattr(incident, name)
        if value is not None and value < 0:
            errors.setdefault(name, []).append(_("El monto no puede ser negativo."))
    if incident.outcome_date and incident.outcome_date < incident.date:
        errors.setdefault("outcome_date", []).append(
            _("El desenlace no puede ser anterior a la desaparición.")
        )
    if errors:
        raise ValidationError(errors)


def _group_field(fields: dict[str, Any]) -> dict[str, Any]:
    """The incident's ``actor`` (a gang or police unit) is passed as ``group=``, because
    ``actor`` names whoever performs the write, as in every service."""
    if "group" in fields:
        fields["actor"] = fields.pop("group")
    return fields


@transaction.atomic
def incident_create(
    *, actor: Any, reporter: Any = None, reference: str = "", **fields: Any
) -> Incident:
    """Create an incident; ``reference`` is for stable demo or imported references only."""
    fields = _group_field(fields)
    unknown = set(fields) - set(EDITABLE) - {"usable_in_warnings", "status"}
    if unknown:
        raise TypeError(f"unknown incident fields: {sorted(unknown)}")
    incident = Incident(reference=reference or new_reference(), created_by=_staff(actor), **fields)
    incident.reporter = reporter
    incident.clean_fields(exclude=["reference"])
    validate_incident(incident)
    if incident.missing > 0:
        incident.outcome = incident.outcome or Outcome.STILL_MISSING
    incident.full_clean(exclude=["reference"])
    incident.save()
    record(
        actor=actor,
        action="incident.create",
        obj=incident,
        data={"status": incident.status, "event_type": incident.event_type.code},
    )
    return incident


@transaction.atomic
def incident_update(*, actor: Any, incident: Incident, **fields: Any) -> Incident:
    fields = _group_field(fields)
    unknown = set(fields) - set(EDITABLE) - {"outcome", "outcome_date"}
    if unknown:
        raise TypeError(f"unknown incident fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if getattr(incident, name) != value:
            setattr(incident, name, value)
            changed.append(name)
    if not changed:
        return incident
    incident.clean_fields()
    validate_incident(incident)
    incident.full_clean()
    incident.save()
    record(actor=actor, action="incident.update", obj=incident, data={"fields": sorted(changed)})
    return incident


@transaction.atomic
def incident_transition(
    *,
    actor: Any,
    incident: Incident,
    status: str,
    note: str = "",
    level: str = "",
    duplicate_of: Incident | None = None,
) -> Incident:
    """Move an incident through review; verifying records who verified, why and how well."""
    if status not in TRANSITIONS.get(incident.status, set()):
        raise TransitionError(
            _("No se puede pasar de «%(old)s» a «%(new)s».")
            % {"old": Status(incident.status).label, "new": Status(status).label}
        )
    if status in (Status.VERIFIED, Status.REJECTED) and not note.strip():
        raise TransitionError(_("Explique el motivo de la decisión."))
    if status == Status.VERIFIED:
        level = level or VerificationLevel.ONE_SOURCE
        VerificationLevel(level)
        if not incident.sources.exists():
            raise TransitionError(_("Un incidente verificado necesita al menos una fuente."))
        incident.verification_level = level
        incident.verified_by = _staff(actor)
        incident.verified_at = timezone.now()
    if status == Status.DUPLICATE:
        if duplicate_of is None or duplicate_of.pk == incident.pk:
            raise TransitionError(_("Indique de qué incidente es duplicado."))
        incident.duplicate_of = duplicate_of
    elif incident.duplicate_of_id:
        incident.duplicate_of = None
    old = incident.status
    incident.status = status
    incident.verification_note = note.strip() or incident.verification_note
    incident.save()
    record(
        actor=actor,
        action="incident.transition",
        obj=incident,
        data={"from": old, "to": status, "level": incident.verification_level},
    )
    return incident


@transaction.atomic
def victim_add(*, actor: Any, incident: Incident, **fields: Any) -> Victim:
    victim = Victim(incident=incident, **fields)
    victim.full_clean()
    victim.save()
    record(
        actor=actor, action="incident.victim_add", obj=victim, data={"incident": str(incident.pk)}
    )
    return victim


@transaction.atomic
def source_add(*, actor: Any, incident: Incident, **fields: Any) -> Source:
    source = Source(incident=incident, **fields)
    source.full_clean()
    if source.date and source.date > timezone.localdate():
        raise ValidationError({"date": [_("La fecha no puede estar en el futuro.")]})
    source.save()
    record(
        actor=actor,
        action="incident.source_add",
        obj=source,
        data={"incident": str(incident.pk), "kind": source.kind},
    )
    return source


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    incident: Incident,
    kind: str,
    data: bytes,
    original_name: str = "",
    member: Any = None,
) -> Attachment:
    """Check, hash and store a file encrypted; a member's file is sealed with her own key."""
    media_type, digest = media.check(data)
    attachment = Attachment(
        incident=incident,
        kind=kind,
        media_type=media_type,
        size=len(data),
        sha256=digest,
        member=member,
        original_name=original_name[:200] or None,
        created_by=_staff(actor),
    )
    attachment.key_scope = f"member:{member.pk}" if member is not None else "org"
    attachment.full_clean()
    media.store(str(attachment.pk), attachment.key_scope, data)
    try:
        attachment.save()
    except Exception:
        media.delete(str(attachment.pk))
        raise
    record(
        actor=actor,
        action="attachment.add",
        obj=attachment,
        data={"incident": str(incident.pk), "sha256": digest, "size": len(data)},
    )
    return attachment


@transaction.atomic
def disappearance_outcome_set(
    *, actor: Any, incident: Incident, outcome: str, outcome_date: date | None
) -> Incident:
    """Missing → found alive / found dead / still missing, with the date it became known."""
    Outcome(outcome)
    if incident.missing < 1:
        raise TransitionError(_("Solo las desapariciones tienen desenlace."))
    if outcome != Outcome.STILL_MISSING and outcome_date is None:
        raise ValidationError({"outcome_date": [_("Indique la fecha del desenlace.")]})
    return incident_update(
        actor=actor, incident=incident, outcome=outcome, outcome_date=outcome_date
    )
