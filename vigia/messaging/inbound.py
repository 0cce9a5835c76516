"""The worker's side of the inbound path: each thread's messages, in order, exactly once.

The worker polls for pending messages (``poll``, a few times a second, through the partial
index on unprocessed rows), so a delivery costs the webhook one INSERT and no task row.
A thread is processed under a lease (an atomic UPDATE on its row), so two workers never
handle one sender at once; each message is handled and marked processed in one transaction,
so a crash either redoes it whole or not at all. Media are downloaded before that
transaction, so a slow provider never holds the database.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from vigia.messaging import hooks, outbox
from vigia.messaging.models import InboundMessage, Thread
from vigia.messaging.providers import transport
from vigia.messaging.providers.base import MediaUnavailable

logger = logging.getLogger(__name__)
LEASE_SECONDS = 120
MEDIA_KINDS = {"image", "audio", "video", "document"}


def _acquire(thread_id: str) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return bool(
        Thread.objects.filter(Q(pk=thread_id) & free).update(
            lease_until=now + timedelta(seconds=LEASE_SECONDS)
        )
    )


def _pending(thread_id: str) -> InboundMessage | None:
    return (
        InboundMessage.objects.filter(thread_id=thread_id, processed_at__isnull=True)
        .order_by("received_at", "position")
        .first()
    )


def process_thread(thread_id: str) -> int:
    """Handle every pending message of a thread; returns how many were handled."""
    handled = 0
    for _round in range(100):
        if not _acquire(thread_id):
            return handled  # the holder loops until nothing is left
        try:
            while (message := _pending(thread_id)) is not None:
                _process_one(message)
                handled += 1
                Thread.objects.filter(pk=thread_id).update(
                    lease_until=timezone.now() + timedelta(seconds=LEASE_SECONDS)
                )
        finally:
            Thread.objects.filter(pk=thread_id).update(lease_until=None)
        # A delivery committed while we held the lease: look again before letting go.
        if _pending(thread_id) is None:
            break
    return handled


def _download(message: InboundMessage) -> tuple[bytes | None, bool]:
    raw = message.raw or {}
    if message.kind not in MEDIA_KINDS or not raw.get("media_id"):
        return None, False
    try:
        return transport(message.channel).download(str(raw["media_id"])), False
    except (MediaUnavailable, LookupError):
        logger.warning("inbound %s: media unavailable", message.pk)
        return None, True


def _acknowledge(message: InboundMessage) -> None:
    """Tell the provider a button tap was received (Telegram's callback queries)."""
    raw = message.raw or {}
    callback_id = raw.get("callback_id")
    if callback_id:
        sender = getattr(transport(message.channel), "acknowledge", None)
        if sender is not None:
            sender(str(callback_id))


def _process_one(message: InboundMessage) -> None:
    media, media_error = _download(message)
    _acknowledge(message)
    try:
        with transaction.atomic():
            locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
            if locked.processed_at is not None:
                return  # another worker finished it (lease expired mid-way)
            thread = Thread.objects.get(pk=locked.thread_id)
            if thread.last_inbound_at is None or thread.last_inbound_at < locked.received_at:
                # Her last message opens WhatsApp's 24-hour window from when it arrived.
                thread.last_inbound_at = locked.received_at
                Thread.objects.filter(pk=thread.pk).update(last_inbound_at=locked.received_at)
            released = outbox.release_held(thread) > 0
            raw = locked.raw or {}
            hooks.handle(
                hooks.Incoming(
                    thread=thread,
                    message=locked,
                    kind=locked.kind,
                    text=str(raw.get("text", "")),
                    choice=str(raw.get("choice", "")),
                    media=media,
                    media_error=media_error,
                    released_held=released,
                )
            )
            # A filter update: the handler may have erased the whole thread (BORRAR).
            InboundMessage.objects.filter(pk=locked.pk).update(processed_at=timezone.now())
    except Exception:
        # One bad message must not block her next ones: mark it failed and move on.
        logger.exception("inbound %s: handler failed", message.pk)
        InboundMessage.objects.filter(pk=message.pk).update(
            processed_at=timezone.now(), failed=True
        )


def poll(limit: int = 50) -> int:
    """Handle the threads with pending messages, those waiting longest first; returns how
    many messages were handled (0: nothing is waiting)."""
    waiting = (
        InboundMessage.objects.filter(processed_at__isnull=True)
        .values("thread_id")
        .annotate(oldest=Min("received_at"))
        .order_by("oldest")
        .values_list("thread_id", flat=True)[:limit]
    )
    return sum(process_thread(str(thread_id)) for thread_id in list(waiting))
