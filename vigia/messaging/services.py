"""Writes on threads used by the flows and the coordinators' inbox; audited with ids only."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigia.audit.chain import record
from vigia.messaging import outbox
from vigia.messaging.models import InboundMessage, OutboundMessage, RateBucket, Thread


class InboxError(Exception):
    """A refused inbox action; the message is for the coordinator."""


@transaction.atomic
def thread_link_owner(*, thread: Thread, owner_id: uuid.UUID | None) -> None:
    """She enrolled from this address: from now on it is sealed with her own key (None: the
    address is no longer hers, and is sealed with the organization's again; the messages it
    brought while it was hers stay hers)."""
    address = str(thread.address or "")
    thread.owner_id = owner_id
    thread.address = address  # re-sealed under her key on save
    thread.save(update_fields=["owner_id", "address"])


@transaction.atomic
def thread_request_person(*, thread: Thread) -> None:
    if thread.mode == Thread.Mode.BOT:
        thread.mode, thread.waiting_since = Thread.Mode.WAITING, timezone.now()
        thread.save(update_fields=["mode", "waiting_since"])
        record(actor=None, action="inbox.waiting", obj=thread)


@transaction.atomic
def thread_take(*, actor: Any, thread: Thread) -> None:
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.mode == Thread.Mode.HUMAN and locked.taken_by_id not in (None, actor.pk):
        raise InboxError("Otra persona del equipo ya atiende esta conversación.")
    locked.mode, locked.taken_by = Thread.Mode.HUMAN, actor
    locked.save(update_fields=["mode", "taken_by"])
    record(actor=actor, action="inbox.take", obj=locked)


@transaction.atomic
def thread_hand_back(*, actor: Any, thread: Thread) -> None:
    thread.mode, thread.taken_by, thread.waiting_since = Thread.Mode.BOT, None, None
    thread.save(update_fields=["mode", "taken_by", "waiting_since"])
    record(actor=actor, action="inbox.hand_back", obj=thread)


@transaction.atomic
def thread_staff_reply(*, actor: Any, thread: Thread, text: str) -> OutboundMessage:
    """A coordinator answers by hand, through the channel she wrote from."""
    text = text.strip()
    if not text:
        raise InboxError("Escriba una respuesta.")
    if thread.mode != Thread.Mode.HUMAN or thread.taken_by_id != actor.pk:
        raise InboxError("Tome la conversación antes de responder.")
    message = outbox.put(thread=thread, text=text[:4000], by_staff=actor)
    record(actor=actor, action="inbox.reply", obj=message, data={"thread": str(thread.pk)})
    return message


@transaction.atomic
def thread_forget(*, thread: Thread) -> None:
    """Erase what this address exchanged (her key is destroyed by the members app too)."""
    InboundMessage.objects.filter(thread=thread).delete()
    OutboundMessage.objects.filter(thread=thread, purge_after_send=False).delete()
    RateBucket.objects.filter(key=f"r:{thread.pk}").delete()
    record(actor=None, action="messaging.forget", obj=thread)
    thread.delete()
