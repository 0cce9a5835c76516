"""The outbox: queue a message as a row, then the worker drains it within the limits.

Order of sending: highest priority first (an emergency never waits behind a bulk alert),
then the oldest due. Limits are GCRA buckets in the database (one per channel, one per
recipient thread), so several workers share them. Sends are at least once: a worker killed
between the provider's answer and our commit leaves the row "sending", and the sweep puts it
back in the queue after ``CLAIM_SECONDS``.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from vigia.messaging import hooks
from vigia.messaging.models import OutboundMessage, RateBucket, Thread
from vigia.messaging.providers import transport
from vigia.messaging.providers.base import Outcome, Outgoing, SendResult

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status
Priority = OutboundMessage.Priority
CLAIM_SECONDS = 120
MAX_ATTEMPTS = 8
SLICE_SECONDS = 1.0  # one drain task's share of the worker, so inbound work interleaves
WINDOW = timedelta(hours=24)
RECIPIENT_BURST = 10  # conversations are bursty; bulk sends feel the limit
DUE = (Status.QUEUED,)


def limits(channel: str) -> tuple[float, float]:
    """(seconds between two messages on the channel, seconds between two to one person)."""
    rate, per_person = {
        "whatsapp": (settings.VIGIA_WHATSAPP_RATE, settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS),
        "telegram": (settings.VIGIA_TELEGRAM_RATE, settings.VIGIA_TELEGRAM_RECIPIENT_SECONDS),
        "sms": (settings.VIGIA_SMS_RATE, settings.VIGIA_SMS_RECIPIENT_SECONDS),
    }.get(channel, (1000, 0))
    return 1.0 / rate, float(per_person)


def put(
    *,
    thread: Thread,
    text: str = "",
    buttons: list[tuple[str, str]] | None = None,
    priority: int = Priority.REPLY,
    language: str = "es",
    by_staff: Any = None,
    purge_after_send: bool = False,
    template: str = "",
) -> OutboundMessage:
    """Queue one message to a thread (in the caller's transaction)."""
    message = OutboundMessage(
        thread=thread,
        channel=thread.channel,
        owner_id=None if purge_after_send else thread.owner_id,
        address=thread.address,
        body={"text": text, "buttons": [list(b) for b in buttons or []], "language": language}
        | ({"template": template} if template else {}),
        priority=priority,
        by_staff=by_staff if getattr(by_staff, "is_authenticated", False) else None,
        purge_after_send=purge_after_send,
        used_template=bool(template),
        next_attempt_at=timezone.now(),
    )
    message.save()
    kick()
    return message


def kick(run_after: Any = None) -> None:
    """Make sure a drain task is waiting (one is enough; a second one is harmless)."""
    from django_tasks_db.models import DBTaskResult

    from vigia.messaging import tasks

    path = tasks.drain_outbox.module_path
    waiting = DBTaskResult.objects.filter(task_path=path, status="READY")
    if run_after is None:
        if waiting.filter(run_after__isnull=True).exists():
            return
        tasks.drain_outbox.enqueue()
    else:
        if (
            waiting.filter(run_after__lte=run_after).exists()
            or waiting.filter(run_after__isnull=True).exists()
        ):
            return
        tasks.drain_outbox.using(run_after=run_after).enqueue()


class _Bucket:
    """GCRA state of one limit, locked for this transaction."""

    def __init__(self, key: str, interval: float, burst: int, now: Any) -> None:
        self.key, self.interval, self.burst, self.now = key, interval, burst, now
        self.row = RateBucket.objects.select_for_update().filter(key=key).first()

    def wait(self) -> float:
        """Seconds until a message may go (0 = now)."""
        if self.row is None or not self.interval:
            return 0.0
        tat = max(self.row.tat, self.now)
        return max(0.0, float((tat - self.now).total_seconds()) - self.burst * self.interval)

    def take(self) -> None:
        if not self.interval:
            return
        tat = max(self.row.tat, self.now) if self.row else self.now
        RateBucket.objects.update_or_create(
            key=self.key, defaults={"tat": tat + timedelta(seconds=self.interval)}
        )


def _window_open(thread: Thread | None, now: Any) -> bool:
    last = thread.last_inbound_at if thread else None
    return last is not None and now - last < WINDOW


def _hold_and_invite(message: OutboundMessage, now: Any) -> None:
    """WhatsApp outside the 24-hour window: keep the message, send the content-free template."""
    message.status = Status.HELD
    message.save(update_fields=["status"])
    thread = message.thread
    if thread is None:
        return
    since = thread.last_inbound_at or thread.created_at
    invited = OutboundMessage.objects.filter(
        thread=thread, used_template=True, created_at__gte=since
    ).exclude(status__in=[Status.FAILED, Status.CANCELLED])
    if not invited.exists():
        put(
            thread=thread,
            template=settings.VIGIA_WHATSAPP_TEMPLATE,
            priority=message.priority,
            language=str(message.body.get("language", "es")) if message.body else "es",
        )


@dataclass
class Claimed:
    message: OutboundMessage
    outgoing: Outgoing


@transaction.atomic
def _claim(now: Any) -> Claimed | float | None:
    """The next message allowed to go now; or seconds to wait; or None when nothing is due."""
    candidates = list(
        OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=DUE, next_attempt_at__lte=now)
        .select_related("thread")
        .order_by("-priority", "next_attempt_at", "created_at")[:20]
    )
    if not candidates:
        return None
    shortest: float | None = None
    for message in candidates:
        if not hooks.may_send(message.owner_id) or message.address is None:
            message.status = Status.CANCELLED
            message.save(update_fields=["status"])
            logger.info("outbound %s cancelled: recipient unreachable", message.pk)
            continue
        body = message.body or {}
        if (
            message.channel == "whatsapp"
            and not message.used_template
            and message.thread is not None  # a farewell after erasure: she just wrote
            and not _window_open(message.thread, now)
        ):
            _hold_and_invite(message, now)
            continue
        channel_gap, person_gap = limits(message.channel)
        person = _Bucket(f"r:{message.thread_id or message.pk}", person_gap, RECIPIENT_BURST, now)
        wait = person.wait()
        if wait > 0:
            message.next_attempt_at = now + timedelta(seconds=wait)
            message.save(update_fields=["next_attempt_at"])
            continue
        line = _Bucket(f"c:{message.channel}", channel_gap, 0, now)
        wait = line.wait()
        if wait > 0:
            shortest = wait
            break  # the channel is the bottleneck: keep priority order, wait for it
        person.take()
        line.take()
        message.status = Status.SENDING
        message.attempts += 1
        message.next_attempt_at = now + timedelta(seconds=CLAIM_SECONDS)
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        outgoing = Outgoing(
            address=str(message.address),
            text=str(body.get("text", "")),
            buttons=[(str(k), str(t)) for k, t in body.get("buttons", [])],
            template=str(body.get("template", "")),
            language=str(body.get("language", "es")),
        )
        return Claimed(message, outgoing)
    return shortest if shortest is not None else 0.0


def _backoff(attempts: int) -> float:
    return min(600.0, 2.0**attempts) * (0.5 + random.random() / 2)  # noqa: S311 - jitter


@transaction.atomic
def _record(message: OutboundMessage, result: SendResult) -> None:
    now = timezone.now()
    fields = ["status", "next_attempt_at", "error_code"]
    message.error_code = result.error_code[:40]
    if result.outcome == Outcome.SENT:
        message.status, message.sent_at = Status.SENT, now
        message.provider_id = result.provider_id
        fields += ["sent_at", "provider_id"]
        if message.purge_after_send:
            message.address, message.body = None, None
            fields += ["address", "body"]
    elif result.outcome == Outcome.THROTTLED:
        pause = result.retry_after if result.retry_after is not None else 1.0
        message.status, message.attempts = Status.QUEUED, max(0, message.attempts - 1)
        message.next_attempt_at = now + timedelta(seconds=pause)
        fields.append("attempts")
        # Slow the whole channel down: the provider told us we are over its limit.
        RateBucket.objects.filter(key=f"c:{message.channel}", tat__lt=now).update(
            tat=now + timedelta(seconds=min(pause, 1.0))
        )
    elif result.outcome == Outcome.RETRY and result.error_code == "131047":
        message.next_attempt_at = now
        _hold_and_invite(message, now)
        return
    elif result.outcome == Outcome.RETRY and message.attempts < MAX_ATTEMPTS:
        message.status = Status.QUEUED
        message.next_attempt_at = now + timedelta(seconds=_backoff(message.attempts))
    elif result.outcome == Outcome.OPTED_OUT:
        message.status = Status.OPTED_OUT
    else:
        message.status = Status.FAILED
    message.save(update_fields=fields)


def drain(slice_seconds: float = SLICE_SECONDS) -> int:
    """Send what is due for up to ``slice_seconds``; returns how many went out."""
    deadline = time.monotonic() + slice_seconds
    sent = 0
    while time.monotonic() < deadline:
        claimed = _claim(timezone.now())
        if claimed is None:
            break
        if isinstance(claimed, float):
            if claimed > deadline - time.monotonic():
                break
            time.sleep(claimed)
            continue
        result = transport(claimed.message.channel).send(claimed.outgoing)
        _record(claimed.message, result)
        logger.info("outbound %s: %s", claimed.message.pk, result.outcome)
        sent += result.outcome == Outcome.SENT
    _schedule_next()
    return sent


def _schedule_next() -> None:
    now = timezone.now()
    due = OutboundMessage.objects.filter(status__in=DUE).aggregate(at=Min("next_attempt_at"))["at"]
    if due is None:
        return
    with transaction.atomic():
        kick(None if due <= now else due)


def sweep() -> int:
    """Put back messages whose sender died mid-send (at least once, never silently lost)."""
    now = timezone.now()
    stuck = OutboundMessage.objects.filter(status=Status.SENDING, next_attempt_at__lt=now)
    count = stuck.update(status=Status.QUEUED, next_attempt_at=now)
    if count or OutboundMessage.objects.filter(status__in=DUE).exists():
        with transaction.atomic():
            kick()
    return count


def release_held(thread: Thread) -> int:
    """She wrote: the window is open again; her held messages go out now."""
    count = OutboundMessage.objects.filter(thread=thread, status=Status.HELD).update(
        status=Status.QUEUED, next_attempt_at=timezone.now()
    )
    if count:
        kick()
    return count
