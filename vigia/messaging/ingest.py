"""The inbound path after authentication and parsing: store, deduplicate, commit.

Nothing here talks to a provider or runs a flow: the webhook answers as soon as the rows
are committed, and the worker finds them (``inbound.poll``) and does the rest, in order per
sender. A message is one INSERT in autocommit, no surrounding transaction: the write lock
(SQLite's is the whole database) is held for one statement, and the unique constraint on
the provider's id decides between a delivery and a concurrent retry of it. A sender's thread
is read once per process and then only checked, inside that same INSERT.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Model
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


# The read that finds a sender's thread, in plain SQL: Django builds a query in about as long
# as the database takes to answer it. Names come from the models.
_THREAD_SQL = (
    f"SELECT id, owner_id FROM {Thread._meta.db_table} "  # noqa: S608  # nosec B608
    "WHERE channel = %s AND address_index = %s"
)


def _insert_head(model: type[Model]) -> tuple[str, str]:
    """``INSERT INTO table (columns)`` and the placeholders for one row of ``model``."""
    fields = model._meta.concrete_fields
    columns = ", ".join(field.column for field in fields)
    return f"INSERT INTO {model._meta.db_table} ({columns})", ", ".join("%s" for _ in fields)


def _one_write() -> AbstractContextManager[Any]:
    """Around one write statement. PostgreSQL: nothing (autocommit, one round trip). SQLite:
    a transaction, so that the statement waits for the database's one write lock in quick
    looks (vigia.lib.sqlite) rather than in SQLite's busy handler, which sleeps up to 100 ms."""
    return transaction.atomic() if connection.vendor == "sqlite" else contextlib.nullcontext()


def _values(instance: Model) -> list[Any]:
    """A new row's values as Django would write them (defaults, encryption, adaptation)."""
    return [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for field in instance._meta.concrete_fields
    ]


# Table and column names come from the models, values travel as parameters.
_INSERT_THREAD = "{} VALUES ({}) ON CONFLICT DO NOTHING".format(*_insert_head(Thread))
# A message is stored by one statement that also checks that its thread still has the owner
# whose key sealed it: a member who enrolled, moved or erased herself since the last read
# makes it insert nothing, and the thread is read again. The unique constraint on the
# provider's id skips a retry. Columns and placeholders come from the model.
_INSERT_SQL = (
    "{} SELECT {} WHERE EXISTS (SELECT 1 FROM {} WHERE id = %s AND owner_id {{owner}}) "  # noqa: S608  # nosec B608
    "ON CONFLICT DO NOTHING".format(*_insert_head(InboundMessage), Thread._meta.db_table)
)
_INSERT_OWNED = _INSERT_SQL.format(owner="= %s")
_INSERT_UNOWNED = _INSERT_SQL.format(owner="IS NULL")
_STORED_SQL = (
    f"SELECT 1 FROM {InboundMessage._meta.db_table} "  # noqa: S608  # nosec B608
    "WHERE channel = %s AND external_id = %s"
)

ThreadKey = tuple[uuid.UUID, uuid.UUID | None]
_THREAD_ID = Thread._meta.get_field("id")
_OWNER_ID = Thread._meta.get_field("owner_id")


class _Recent:
    """The thread and owner last seen for an address, per process: a hint that spares the
    read on a sender's next message, never trusted (the insert checks it)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.keys: dict[str, ThreadKey] = {}
        self.lock = threading.Lock()

    def get(self, index: str) -> ThreadKey | None:
        return self.keys.get(index)

    def put(self, index: str, key: ThreadKey) -> None:
        with self.lock:
            self.keys.pop(index, None)
            self.keys[index] = key
            while len(self.keys) > self.size:
                del self.keys[next(iter(self.keys))]

    def drop(self, index: str) -> None:
        with self.lock:
            self.keys.pop(index, None)


_recent = _Recent(50_000)


def _thread_key(channel: str, address: str, index: str) -> ThreadKey:
    """The thread id and owner of an address: one indexed read, no row object."""
    with connection.cursor() as cursor:
        cursor.execute(_THREAD_SQL, [channel, index])
        found = cursor.fetchone()
    if found is not None:
        # The fields turn SQLite's 32 hex digits (PostgreSQL's UUIDs pass through) into UUIDs.
        return _THREAD_ID.to_python(found[0]), _OWNER_ID.to_python(found[1])
    thread = _new_thread(channel, address, index)
    return thread.pk, thread.owner_id


def _new_thread(channel: str, address: str, index: str) -> Thread:
    thread = Thread(
        channel=channel,
        address=address,
        address_index=index,
        owner_id=hooks.resolve_owner(channel, address),
    )
    with _one_write(), connection.cursor() as cursor:
        cursor.execute(_INSERT_THREAD, _values(thread))
        created = cursor.rowcount == 1
    if not created:
        # Two deliveries from a new sender at once: the other one created it.
        return Thread.objects.get(channel=channel, address_index=index)
    thread._state.adding, thread._state.db = False, connection.alias
    return thread


def _insert(message: InboundMessage) -> bool:
    """One statement (alone, or in its own transaction on SQLite: ``_one_write``): True if
    the message is now stored by this call."""
    values = _values(message)
    values.append(_THREAD_ID.get_db_prep_value(message.thread_id, connection))
    sql = _INSERT_UNOWNED
    if message.owner_id is not None:
        sql = _INSERT_OWNED
        values.append(_OWNER_ID.get_db_prep_value(message.owner_id, connection))
    with _one_write(), connection.cursor() as cursor:
        cursor.execute(sql, values)
        return bool(cursor.rowcount == 1)


def _store(channel: str, address: str, fields: dict[str, Any]) -> bool:
    """Store one message under its sender's thread; False if the provider sent it before."""
    index = address_index(channel, address)
    key, fresh = _recent.get(index), False
    for _attempt in range(4):
        if key is None:
            key, fresh = _thread_key(channel, address, index), True
        message = InboundMessage(channel=channel, thread_id=key[0], owner_id=key[1], **fields)
        if _insert(message):
            _recent.put(index, key)
            return True
        _recent.drop(index)
        if fresh:
            with connection.cursor() as cursor:
                cursor.execute(_STORED_SQL, [channel, fields["external_id"]])
                if cursor.fetchone() is not None:
                    return False  # a retry of a stored message
        key = None  # the thread changed owner or went away: read it again
    raise DatabaseError("the sender's thread kept changing while a message was stored")


def accept(channel: str, parsed: Parsed) -> int:
    """Store what a delivery holds, each message by one statement in autocommit; returns how
    many messages it held. A retry of a stored message is skipped by the unique constraint."""
    held, now, seen = 0, timezone.now(), set[str]()
    for position, item in enumerate(parsed.items):
        if item.external_id in seen:
            continue  # the same id twice in one delivery
        seen.add(item.external_id)
        fields = {
            "external_id": item.external_id,
            "kind": item.kind,
            "raw": item.as_raw(),
            "received_at": now,
            "position": position,
        }
        _store(channel, item.address, fields)
        held += 1
    if parsed.receipts:
        with transaction.atomic():
            apply_receipts(parsed.receipts)
    return held


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
