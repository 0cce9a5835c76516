"""The inbound path after authentication and parsing: store, deduplicate, commit.

Nothing here talks to a provider or runs a flow: the webhook answers as soon as the rows
are committed, and the worker does the rest (``tasks.process_thread``), in order per sender.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from vigia.messaging import hooks
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread
from vigia.messaging.providers.base import Parsed, Receipt
from vigia.vault.fields import blind_index

logger = logging.getLogger(__name__)

# Receipts only move a message forward; a late "delivered" never undoes a "read".
_RANK = {"sending": 0, "sent": 1, "delivered": 2, "read": 3}
_RECEIPT_STATUS = {
    "sent": OutboundMessage.Status.SENT,
    "delivered": OutboundMessage.Status.DELIVERED,
    "read": OutboundMessage.Status.READ,
    "failed": OutboundMessage.Status.FAILED,
    "undelivered": OutboundMessage.Status.FAILED,
}


def address_index(channel: str, address: str) -> str:
    return blind_index(f"thread:{channel}", address)


def thread_for(channel: str, address: str) -> Thread:
    """The thread of an address, created on first contact."""
    index = address_index(channel, address)
    found = Thread.objects.filter(channel=channel, address_index=index).first()
    if found is not None:
        return found
    thread = Thread(
        channel=channel,
        address=address,
        address_index=index,
        owner_id=hooks.resolve_owner(channel, address),
    )
    try:
        with transaction.atomic():
            thread.save()
    except IntegrityError:
        # Two deliveries from a new sender at once: the other one created it.
        return Thread.objects.get(channel=channel, address_index=index)
    return thread


@transaction.atomic
def accept(channel: str, parsed: Parsed) -> int:
    """Store what a delivery holds; returns how many messages were new."""
    from vigia.messaging import tasks

    now = timezone.now()
    external_ids = [item.external_id for item in parsed.items]
    known = set(
        InboundMessage.objects.filter(channel=channel, external_id__in=external_ids).values_list(
            "external_id", flat=True
        )
    )
    rows: list[InboundMessage] = []
    threads: dict[str, Thread] = {}
    for position, item in enumerate(parsed.items):
        if item.external_id in known:
            continue
        known.add(item.external_id)  # the same id twice in one delivery
        thread = threads.get(item.address) or thread_for(channel, item.address)
        threads[item.address] = thread
        rows.append(
            InboundMessage(
                channel=channel,
                external_id=item.external_id,
                thread=thread,
                owner_id=thread.owner_id,
                kind=item.kind,
                raw=item.as_raw(),
                received_at=now,
                position=position,
            )
        )
    if rows:
        # A concurrent retry of the same delivery may insert first: the constraint decides.
        InboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
        touched = {thread.pk: thread for thread in threads.values()}
        Thread.objects.filter(pk__in=touched).update(last_inbound_at=now)
        for thread_id in touched:
            tasks.process_thread.enqueue(str(thread_id))
    apply_receipts(parsed.receipts)
    return len(rows)


def apply_receipts(receipts: Iterable[Receipt]) -> None:
    for receipt in receipts:
        status = _RECEIPT_STATUS.get(receipt.status)
        if status is None or not receipt.provider_id:
            continue
        message = (
            OutboundMessage.objects.select_for_update().filter(provider_id=receipt.provider_id)
        ).first()
        if message is None:
            continue
        now = timezone.now()
        if status == OutboundMessage.Status.FAILED:
            message.status, message.error_code = status, receipt.error_code[:40]
        elif _RANK.get(status, -1) > _RANK.get(message.status, 99):
            message.status = status
        if status == OutboundMessage.Status.DELIVERED:
            message.delivered_at = message.delivered_at or now
        if status == OutboundMessage.Status.READ:
            message.read_at = message.read_at or now
            message.delivered_at = message.delivered_at or now
        message.save(update_fields=["status", "error_code", "delivered_at", "read_at"])
        logger.info("receipt %s for outbound %s", receipt.status, message.pk)
