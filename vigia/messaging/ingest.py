"""The inbound path after authentication and parsing: store, deduplicate, commit.

Nothing here talks to a provider or runs a flow: the webhook answers as soon as the rows
are committed, and the worker finds them (``inbound.poll``) and does the rest, in order per
sender. A delivery is one INSERT in autocommit, no surrounding transaction: the write lock
(SQLite's is the whole database) is held for one statement, and the unique constraint on
the provider's id decides between a delivery and a concurrent retry of it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
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
    return found if found is not None else _new_thread(channel, address, index)


def _new_thread(channel: str, address: str, index: str) -> Thread:
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


# The one read of every delivery, in plain SQL: Django builds a query in about as long as the
# database takes to answer it, and this runs on every webhook call. Names come from the models.
_THREAD_SQL = (
    f"SELECT id, owner_id FROM {Thread._meta.db_table} "  # noqa: S608  # nosec B608
    "WHERE channel = %s AND address_index = %s"
)


def _as_uuid(value: object) -> uuid.UUID:
    # SQLite hands back Django's 32 hex digits; PostgreSQL a UUID already.
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _thread_key(channel: str, address: str) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The thread id and owner of an address: one indexed read, no row object."""
    index = address_index(channel, address)
    with connection.cursor() as cursor:
        cursor.execute(_THREAD_SQL, [channel, index])
        found = cursor.fetchone()
    if found is not None:
        return _as_uuid(found[0]), None if found[1] is None else _as_uuid(found[1])
    thread = _new_thread(channel, address, index)
    return thread.pk, thread.owner_id


def accept(channel: str, parsed: Parsed) -> int:
    """Store what a delivery holds; returns how many messages it held. A provider's retry of
    a stored message is not read first: the unique constraint on its id skips it."""
    rows: list[InboundMessage] = []
    if parsed.items:
        now = timezone.now()
        seen: set[str] = set()
        threads: dict[str, tuple[uuid.UUID, uuid.UUID | None]] = {}
        for position, item in enumerate(parsed.items):
            if item.external_id in seen:
                continue  # the same id twice in one delivery
            seen.add(item.external_id)
            thread_id, owner_id = threads.get(item.address) or _thread_key(channel, item.address)
            threads[item.address] = (thread_id, owner_id)
            rows.append(
                InboundMessage(
                    channel=channel,
                    external_id=item.external_id,
                    thread_id=thread_id,
                    owner_id=owner_id,
                    kind=item.kind,
                    raw=item.as_raw(),
                    received_at=now,
                    position=position,
                )
            )
    if rows:
        # One statement; a concurrent retry of the same delivery may insert first.
        InboundMessage.objects.bulk_create(rows, ignore_conflicts=True)
    if parsed.receipts:
        with transaction.atomic():
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
