"""Emergencies and on-call escalation.

1. An emergency (AYUDA, a duress word, or a coordinator) calls the responders on shift, in
   order: the first one now; if she does not acknowledge within
   ``VIGIA_EMERGENCY_ACK_SECONDS`` the next one; after the last, everyone. With nobody on
   shift every responder is called at once: never no one.
2. Each call is an outbox message with the emergency priority to the responder's own
   contact, saying only that an emergency is waiting (no name, no place: the responder's
   phone may be read too); the on-call page shows it as well.
3. Every step is a timestamped :class:`Step`.
4. When someone acknowledges, the member is told, unless the emergency is silent (a duress
   word means someone else may be holding her phone).

The worker's ``alerts.escalate`` job moves due emergencies on (see :mod:`vigia.alerts.tasks`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigia.accounts.models import Role
from vigia.accounts.permissions import PERMISSIONS
from vigia.alerts.models import Emergency, ResponderContact, Shift, Step
from vigia.audit.chain import record
from vigia.messaging import outbox
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage

logger = logging.getLogger(__name__)
EMERGENCY = OutboundMessage.Priority.EMERGENCY


class EmergencyError(Exception):
    """A refused action; the message is for the responder."""


def on_call(now: datetime) -> list[Any]:
    """Responders on shift now, in call order (each once)."""
    shifts = (
        Shift.objects.filter(starts_at__lte=now, ends_at__gt=now, responder__is_active=True)
        .select_related("responder")
        .order_by("position", "starts_at", "pk")
    )
    order: list[Any] = []
    for shift in shifts:
        if shift.responder not in order:
            order.append(shift.responder)
    return order


def every_responder() -> list[Any]:
    """All active responders; without any, everyone who may respond (coordinators...)."""
    users = get_user_model().objects.filter(is_active=True)
    found = list(users.filter(role=Role.RESPONDER).order_by("pk"))
    if not found:
        found = list(users.filter(role__in=PERMISSIONS["emergencies.respond"]).order_by("pk"))
    return found


def _step(emergency: Emergency, kind: str, *, responder: Any = None, message: Any = None) -> Step:
    return Step.objects.create(
        emergency=emergency, kind=kind, at=timezone.now(), responder=responder, message=message
    )


def _call(emergency: Emergency, responder: Any) -> None:
    """Reach one responder through her own channel (and the on-call page)."""
    contact = ResponderContact.objects.filter(user=responder).first()
    if contact is None or not contact.address:
        _step(emergency, Step.Kind.NO_CONTACT, responder=responder)
        return
    with translation.override(responder.language or "es"):
        text = _("Vigía: hay una emergencia esperando. Entra a la guardia y confírmala.")
    message = outbox.put(
        thread=thread_for(contact.channel, str(contact.address)), text=text, priority=EMERGENCY
    )
    _step(emergency, Step.Kind.NOTIFIED, responder=responder, message=message)


def _deadline() -> datetime:
    return timezone.now() + timedelta(seconds=settings.VIGIA_EMERGENCY_ACK_SECONDS)


def _call_everyone(emergency: Emergency, kind: str) -> None:
    _step(emergency, kind)
    called = set(
        emergency.steps.filter(kind=Step.Kind.NOTIFIED).values_list("responder_id", flat=True)
    )
    for responder in every_responder():
        if responder.pk not in called:
            _call(emergency, responder)
    emergency.everyone, emergency.escalate_at = True, None


@transaction.atomic
def emergency_create(
    *,
    actor: Any,
    source: str,
    member: Any = None,
    thread: Any = None,
    silent: bool = False,
) -> Emergency:
    """Someone needs help now: record it and call the first responder on shift."""
    emergency = Emergency(
        member=member,
        thread=thread,
        channel=getattr(thread, "channel", "") or "",
        source=source,
        silent=silent,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    emergency.full_clean()
    emergency.save()
    _step(emergency, Step.Kind.OPENED)
    order = on_call(timezone.now())
    emergency.call_order = [u.pk for u in order]
    if order:
        _call(emergency, order[0])
        emergency.escalate_at = _deadline()
    else:
        _call_everyone(emergency, Step.Kind.FALLBACK)
    emergency.save(update_fields=["call_order", "escalate_at", "everyone"])
    record(
        actor=actor,
        action="emergency.create",
        obj=emergency,
        data={"source": source, "silent": silent, "member": str(member.pk) if member else ""},
    )
    logger.warning("emergency %s opened (%s)", emergency.pk, source)
    return emergency


def escalate_due(now: datetime | None = None) -> int:
    """Move every open emergency whose responder did not acknowledge in time."""
    now = now or timezone.now()
    moved = 0
    while True:
        with transaction.atomic():
            emergency = (
                Emergency.objects.select_for_update(skip_locked=True)
                .filter(status=Emergency.Status.OPEN, escalate_at__lte=now)
                .order_by("escalate_at")
                .first()
            )
            if emergency is None:
                return moved
            users = {u.pk: u for u in get_user_model().objects.filter(pk__in=emergency.call_order)}
            missed = (
                users.get(emergency.call_order[emergency.level]) if emergency.call_order else None
            )
            _step(emergency, Step.Kind.ESCALATED, responder=missed)
            emergency.level += 1
            following = [
                users[pk]
                for pk in emergency.call_order[emergency.level :]
                if pk in users and users[pk].is_active
            ]
            if following:
                emergency.level = emergency.call_order.index(following[0].pk)
                _call(emergency, following[0])
                emergency.escalate_at = _deadline()
            else:
                _call_everyone(emergency, Step.Kind.EVERYONE)
            emergency.save(update_fields=["level", "escalate_at", "everyone"])
            record(
                actor=None,
                action="emergency.escalate",
                obj=emergency,
                data={"level": emergency.level},
            )
            moved += 1


@transaction.atomic
def emergency_acknowledge(*, actor: Any, emergency: Emergency) -> Emergency:
    emergency = Emergency.objects.select_for_update().get(pk=emergency.pk)
    if emergency.status != Emergency.Status.OPEN:
        raise EmergencyError(_("Otra persona del equipo ya atiende esta emergencia."))
    emergency.status, emergency.acknowledged_at = Emergency.Status.ACKNOWLEDGED, timezone.now()
    emergency.acknowledged_by, emergency.escalate_at = actor, None
    emergency.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "escalate_at"])
    _step(emergency, Step.Kind.ACKNOWLEDGED, responder=actor)
    if not emergency.silent and emergency.thread is not None:
        language = emergency.member.language if emergency.member else "es"
        with translation.override(language or "es"):
            text = _("Alguien del equipo ya te está atendiendo. Te contactaremos pronto.")
        message = outbox.put(thread=emergency.thread, text=text, priority=EMERGENCY)
        _step(emergency, Step.Kind.MEMBER_TOLD, message=message)
    record(actor=actor, action="emergency.acknowledge", obj=emergency)
    return emergency


@transaction.atomic
def emergency_checklist(
    *, actor: Any, emergency: Emergency, called_back: bool, safe_word_agreed: bool
) -> Emergency:
    """Before going out: a gang holding her phone can send AYUDA to lure a responder."""
    emergency = Emergency.objects.select_for_update().get(pk=emergency.pk)
    if (
        emergency.status != Emergency.Status.ACKNOWLEDGED
        or emergency.acknowledged_by_id != actor.pk
    ):
        raise EmergencyError(_("Confirme primero que usted atiende esta emergencia."))
    if not (called_back and safe_word_agreed):
        raise EmergencyError(
            _(
                "Antes de salir: llame a un número conocido de ella (no al que escribió) y "
                "acuerden una palabra segura."
            )
        )
    emergency.called_back, emergency.safe_word_agreed = True, True
    emergency.save(update_fields=["called_back", "safe_word_agreed"])
    _step(emergency, Step.Kind.CHECKLIST, responder=actor)
    record(actor=actor, action="emergency.checklist", obj=emergency)
    return emergency


@transaction.atomic
def emergency_close(*, actor: Any, emergency: Emergency) -> Emergency:
    emergency = Emergency.objects.select_for_update().get(pk=emergency.pk)
    if emergency.status != Emergency.Status.ACKNOWLEDGED:
        raise EmergencyError(_("Solo se cierra una emergencia que alguien atendió."))
    emergency.status, emergency.closed_at = Emergency.Status.CLOSED, timezone.now()
    emergency.save(update_fields=["status", "closed_at"])
    _step(emergency, Step.Kind.CLOSED, responder=actor)
    record(actor=actor, action="emergency.close", obj=emergency)
    return emergency


@transaction.atomic
def responder_contact_set(*, actor: Any, user: Any, channel: str, address: str) -> ResponderContact:
    from vigia.members.services import normalize_address

    if channel not in ("whatsapp", "telegram", "sms"):
        raise EmergencyError(_("Elija WhatsApp, Telegram o SMS."))
    normalized = normalize_address(channel, address)
    contact, _created = ResponderContact.objects.get_or_create(
        user=user, defaults={"channel": channel, "address": normalized}
    )
    contact.channel, contact.address = channel, normalized
    contact.save()
    record(actor=actor, action="responder.contact_set", obj=contact, data={"channel": channel})
    return contact


@transaction.atomic
def shift_create(
    *, actor: Any, responder: Any, starts_at: datetime, ends_at: datetime, position: int = 1
) -> Shift:
    from vigia.accounts.permissions import can

    if not can(responder, "emergencies.respond"):
        raise EmergencyError(_("Esa persona no atiende emergencias."))
    if ends_at <= starts_at:
        raise EmergencyError(_("El turno debe terminar después de empezar."))
    shift = Shift(responder=responder, starts_at=starts_at, ends_at=ends_at, position=position)
    shift.full_clean()
    shift.save()
    record(actor=actor, action="shift.create", obj=shift)
    return shift


@transaction.atomic
def shift_delete(*, actor: Any, shift: Shift) -> None:
    record(actor=actor, action="shift.delete", obj=shift)
    shift.delete()
