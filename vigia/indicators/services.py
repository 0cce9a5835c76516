"""Writes on indicators: find-or-create by blind index, link to incidents; all audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.incidents.models import Attachment, Incident
from vigia.indicators.models import Indicator, Kind, Link, Role
from vigia.indicators.normalize import Normalized, index_kind, normalize
from vigia.vault.fields import blind_index

# A more specific kind replaces a plain phone: the text said the number is a Yape/Plin.
_SPECIFIC = {Kind.YAPE, Kind.PLIN}


def value_index(normalized: Normalized) -> str:
    return blind_index(f"indicator:{index_kind(normalized.kind)}", normalized.value)


def find(kind: str, raw: str) -> Indicator | None:
    try:
        normalized = normalize(kind, raw)
    except ValidationError:
        return None
    return Indicator.objects.filter(value_index=value_index(normalized)).first()


@transaction.atomic
def indicator_get_or_create(
    *, actor: Any, kind: str, raw: str, bank: str = ""
) -> tuple[Indicator, bool]:
    normalized = normalize(kind, raw, bank=bank)
    index = value_index(normalized)
    existing = Indicator.objects.select_for_update().filter(value_index=index).first()
    if existing is not None:
        changed = []
        if normalized.kind in _SPECIFIC and existing.kind == Kind.PHONE:
            existing.kind = normalized.kind
            changed.append("kind")
        if normalized.bank and not existing.bank:
            existing.bank = normalized.bank
            changed.append("bank")
        if changed:
            existing.save(update_fields=changed)
            record(actor=actor, action="indicator.update", obj=existing, data={"fields": changed})
        return existing, False
    indicator = Indicator(
        kind=normalized.kind,
        value=normalized.value,
        value_index=index,
        bank=normalized.bank,
        checksum_ok=normalized.checksum_ok,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    indicator.full_clean(exclude=["value_index"])
    try:
        with transaction.atomic():
            indicator.save()
    except IntegrityError:
        # Another writer created it between our look-up and our insert.
        return Indicator.objects.get(value_index=index), False
    record(actor=actor, action="indicator.create", obj=indicator, data={"kind": indicator.kind})
    return indicator, True


@transaction.atomic
def indicator_link(
    *,
    actor: Any,
    incident: Incident,
    kind: str,
    raw: str,
    role: str = Role.OTHER,
    bank: str = "",
    attachment: Attachment | None = None,
    span: list[int] | None = None,
) -> Link:
    """Record that an indicator was seen in an incident.

    The reporting member's own number is refused: on a payment slip she is the payer, and her
    number must never become a warning about someone else.
    """
    Role(role)
    normalized = normalize(kind, raw, bank=bank)
    reporter = incident.reporter
    if (
        reporter is not None
        and index_kind(normalized.kind) == "phone"
        and reporter.address == normalized.value
    ):
        raise ValidationError(
            _("Ese es el número de la propia integrante: no se registra como indicador."),
            code="own_number",
        )
    indicator, _created = indicator_get_or_create(
        actor=actor, kind=normalized.kind, raw=normalized.value, bank=normalized.bank
    )
    link, created = Link.objects.get_or_create(
        indicator=indicator,
        incident=incident,
        role=role,
        defaults={
            "attachment": attachment,
            "span": span,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if created:
        record(
            actor=actor,
            action="indicator.link",
            obj=link,
            data={"indicator": str(indicator.pk), "incident": str(incident.pk), "role": role},
        )
    return link


@transaction.atomic
def indicator_unlink(*, actor: Any, link: Link) -> None:
    record(
        actor=actor,
        action="indicator.unlink",
        obj=link,
        data={"indicator": str(link.indicator_id), "incident": str(link.incident_id)},
    )
    link.delete()
