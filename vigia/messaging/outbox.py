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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from vigia.messaging import hooks
from vigia.messaging.models import OutboundMessage, RateBucket, Thread
from vigia.messaging.providers.base import Outcome, Outgoing, SendResult, Transport
from vigia.messaging.pump import THROTTLE_PAUSE_S, Pump

logger = logging.getLogger(__name__)
Status = OutboundMessage.Status
Priority = OutboundMessage.Priority
CLAIM_SECONDS = 120
MAX_ATTEMPTS = 8
SLICE_SECONDS = 1.0  # one drain task's share of the worker, so inbound work interleaves
LONGEST_SLICE = 60.0  # while no other task waits, a drain goes on (checked every tick)
WINDOW = timedelta(hours=24)
RECIPIENT_BURST = 10  # conversations are bursty; bulk sends feel the limit
DUE = (Status.QUEUED,)


PACE = 0.97  # the share of a provider's limit aimed at: the rest absorbs timing jitter


def _rates(channel: str) -> tuple[float, float]:
    """(the provider's messages per second, seconds between two messages to one person)."""
    rate, per_person = {
        "whatsapp": (settings.VIGIA_WHATSAPP_RATE, settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS),
        "telegram": (settings.VIGIA_TELEGRAM_RATE, settings.VIGIA_TELEGRAM_RECIPIENT_SECONDS),
        "sms": (settings.VIGIA_SMS_RATE, settings.VIGIA_SMS_RECIPIENT_SECONDS),
    }.get(channel, (1000, 0))
    return float(rate), float(per_person)


def limits(channel: str) -> tuple[float, float]:
    """(seconds between two messages on the channel, seconds between two to one person).
    The channel's spacing aims just under the provider's limit (``PACE``): a message
    refused with a 429 costs far more than the few percent kept in reserve."""
    rate, per_person = _rates(channel)
    return 1.0 / (rate * PACE), per_person


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
    not_before: datetime | None = None,
) -> OutboundMessage:
    """Queue one message to a thread (in the caller's transaction); with ``not_before``, the
    outbox sends nothing before that time (a paced fan-out, a member's quiet hours)."""
    now = timezone.now()
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
        next_attempt_at=max(now, not_before) if not_before is not None else now,
    )
    message.save()
    kick(None if message.next_attempt_at <= now else message.next_attempt_at)
    return message


def cancel(message_ids: Iterable[Any]) -> int:
    """Cancel these messages where they have not gone yet (queued, or held for the 24-hour
    window); a message being sent is left to finish. Returns how many were cancelled."""
    return OutboundMessage.objects.filter(
        pk__in=list(message_ids), status__in=[Status.QUEUED, Status.HELD]
    ).update(status=Status.CANCELLED)


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
    """GCRA state of one limit, locked for this transaction. Several takes in one claim are
    kept in memory and written once (``save``)."""

    def __init__(
        self, key: str, interval: float, burst: int, now: Any, *, loaded: Any = False
    ) -> None:
        self.key, self.interval, self.burst, self.now = key, interval, burst, now
        if loaded is False:  # not preloaded by the caller (``_lock_buckets``)
            row = RateBucket.objects.select_for_update().filter(key=key).first()
            loaded = row.tat if row is not None and interval else None
        self.tat = loaded
        self.dirty = False

    def wait(self) -> float:
        """Seconds until a message may go (0 = now)."""
        if self.tat is None or not self.interval:
            return 0.0
        tat = max(self.tat, self.now)
        return max(0.0, float((tat - self.now).total_seconds()) - self.burst * self.interval)

    def take(self) -> Any:
        """Take one slot; returns when that message may go (now, or a little later)."""
        if not self.interval:
            return self.now
        start = max(self.tat, self.now) if self.tat is not None else self.now
        self.tat, self.dirty = start + timedelta(seconds=self.interval), True
        return max(self.now, start - timedelta(seconds=self.burst * self.interval))

    def save(self) -> None:
        _save_buckets([self])


def _lock_buckets(keys: list[str]) -> dict[str, Any]:
    """The recipients' buckets of a batch, locked and read in one query."""
    rows = RateBucket.objects.select_for_update().filter(key__in=keys)
    return {row.key: row.tat for row in rows}


def _save_buckets(buckets: list[_Bucket]) -> None:
    dirty = [RateBucket(key=b.key, tat=b.tat) for b in buckets if b.dirty]
    if dirty:
        RateBucket.objects.bulk_create(
            dirty, update_conflicts=True, unique_fields=["key"], update_fields=["tat"]
        )
    for bucket in buckets:
        bucket.dirty = False


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
    send_at: Any  # when the channel's shared schedule lets it go


BATCH = 40  # messages claimed per transaction: the database cost is shared, the pace kept
HORIZON = 1.0  # seconds ahead the claims may reach into a channel's schedule
REFILL = 0.5  # a channel is claimed for again once this much of its horizon has gone
TICK = 0.05  # how often the drain's thread records answers and claims more
LINGER = 0.25  # after its slice, a drain still waits this long for the next due message


def _unreachable_or_held(message: OutboundMessage, now: Any) -> bool:
    if not hooks.may_send(message.owner_id) or message.address is None:
        message.status = Status.CANCELLED
        message.save(update_fields=["status"])
        logger.info("outbound %s cancelled: recipient unreachable", message.pk)
        return True
    if (
        message.channel == "whatsapp"
        and not message.used_template
        and message.thread is not None  # a farewell after erasure: she just wrote
        and not _window_open(message.thread, now)
    ):
        _hold_and_invite(message, now)
        return True
    return False


def _outgoing(message: OutboundMessage) -> Outgoing:
    body = message.body or {}
    return Outgoing(
        address=str(message.address),
        text=str(body.get("text", "")),
        buttons=[(str(k), str(t)) for k, t in body.get("buttons", [])],
        template=str(body.get("template", "")),
        language=str(body.get("language", "es")),
    )


def _channel_lines(now: Any) -> dict[str, _Bucket]:
    """Every channel's bucket, locked and read in one query."""
    rows = RateBucket.objects.select_for_update().filter(key__startswith="c:")
    return {
        row.key[2:]: _Bucket(row.key, limits(row.key[2:])[0], 0, now, loaded=row.tat)
        for row in rows
    }


@transaction.atomic
def _claim(now: Any, thread_id: Any = None) -> list[Claimed]:
    """The next messages allowed to go, each with its time in the channel's schedule.

    A channel whose schedule is full (``HORIZON`` seconds ahead) is skipped, not waited for:
    the other channels go on at their own rates. An emergency is taken even then (it goes
    to the head of its sender's queue). With ``thread_id`` (the simulator), only that
    thread's messages, and no rate limits: the simulation is rolled back, and must neither
    hold nor consume the real limits.
    """
    lines = _channel_lines(now) if thread_id is None else {}
    # A channel is claimed for again only once part of its horizon has gone: many small
    # claims would cost the database more than the batch saves.
    full = {channel for channel, line in lines.items() if line.wait() > HORIZON - REFILL}
    due = OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",)).filter(
        status__in=DUE, next_attempt_at__lte=now
    )
    if thread_id is not None:
        due = due.filter(thread_id=thread_id)
    if full:
        due = due.filter(Q(priority__gte=Priority.EMERGENCY) | ~Q(channel__in=full))
    candidates = list(
        due.select_related("thread").order_by("-priority", "next_attempt_at", "created_at")[
            : BATCH * 2
        ]
    )
    if not candidates:
        return []
    claimed: list[Claimed] = []
    people: dict[str, _Bucket] = {}
    known = _lock_buckets([f"r:{m.thread_id or m.pk}" for m in candidates])
    for message in candidates:
        emergency = message.priority >= Priority.EMERGENCY
        if message.channel in full and not emergency:
            continue
        if _unreachable_or_held(message, now):
            continue
        channel_gap, person_gap = limits(message.channel)
        if thread_id is not None:
            channel_gap = person_gap = 0.0
        key = f"r:{message.thread_id or message.pk}"
        person = people.get(key) or _Bucket(
            key, person_gap, RECIPIENT_BURST, now, loaded=known.get(key)
        )
        people[key] = person
        wait = person.wait()
        if wait > 0:
            message.next_attempt_at = now + timedelta(seconds=wait)
            message.save(update_fields=["next_attempt_at"])
            continue
        line = lines.get(message.channel)
        if line is None:
            line = lines[message.channel] = _Bucket(
                f"c:{message.channel}", channel_gap, 0, now, loaded=None
            )
        if line.wait() > HORIZON and not emergency:
            full.add(message.channel)  # skip it; the next ones of other channels still go
            continue
        person.take()
        claimed.append(Claimed(message, _outgoing(message), line.take()))
        if len(claimed) >= BATCH:
            break
    _save_buckets([*people.values(), *lines.values()])
    if claimed:
        # One UPDATE for the batch: these rows are locked by this transaction.
        OutboundMessage.objects.filter(pk__in=[c.message.pk for c in claimed]).update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS),
        )
        for item in claimed:
            item.message.status = Status.SENDING
            item.message.attempts += 1
    return claimed


def _backoff(attempts: int) -> float:
    return min(600.0, 2.0**attempts) * (0.5 + random.random() / 2)  # noqa: S311 - jitter


@transaction.atomic
def _record_all(answers: list[tuple[Claimed, SendResult]], unsent: list[Claimed]) -> int:
    """What the providers answered, in one transaction; claimed messages never tried go
    back to the queue as they were. Returns how many were sent."""
    for item, result in answers:
        _record(item.message, result)
    if unsent:
        OutboundMessage.objects.filter(pk__in=[c.message.pk for c in unsent]).update(
            status=Status.QUEUED,
            attempts=Greatest(F("attempts") - 1, 0),
            next_attempt_at=timezone.now(),
        )
    return sum(result.outcome == Outcome.SENT for _, result in answers)


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
        # Her chat waits as long as the provider asked. The channel only pauses briefly
        # (its sender waits longer if refusals repeat): one refusal must not stall it.
        pause = result.retry_after if result.retry_after is not None else 1.0
        message.status, message.attempts = Status.QUEUED, max(0, message.attempts - 1)
        message.next_attempt_at = now + timedelta(seconds=pause)
        fields.append("attempts")
        RateBucket.objects.filter(key=f"c:{message.channel}", tat__lt=now).update(
            tat=now + timedelta(seconds=THROTTLE_PAUSE_S)
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


def _inbound_waiting() -> bool:
    """Whether a task that outranks draining (a member's message first) waits for the
    worker: the drain then ends, and its successor is queued behind that task."""
    from django_tasks_db.models import DBTaskResult

    from vigia.messaging import tasks

    return DBTaskResult.objects.filter(
        Q(run_after__isnull=True) | Q(run_after__lte=timezone.now()),
        status="READY",
        priority__gt=tasks.DRAIN_PRIORITY,
    ).exists()


def _seconds_to_next_due() -> float | None:
    at = OutboundMessage.objects.filter(status__in=DUE).aggregate(at=Min("next_attempt_at"))["at"]
    return None if at is None else max(0.0, (at - timezone.now()).total_seconds())


def _pace(channel: str) -> tuple[float, int]:
    """A sender's spacing and the provider's messages-per-second limit (its window rule)."""
    return limits(channel)[0], int(_rates(channel)[0])


def drain(slice_seconds: float = SLICE_SECONDS, longest: float = LONGEST_SLICE) -> int:
    """Send what is due for ``slice_seconds``, and on for up to ``longest`` while no member's
    message waits for the worker; returns how many went out. (Ending every slice would leave
    the channel idle between two drain tasks, and a bulk send would lose that share.)

    Sending happens in one thread per channel (:mod:`vigia.messaging.pump`) while this
    thread claims the next messages and records the answers. When nothing is due, it sleeps
    until the next due message if that comes within the slice (or within ``LINGER``)."""
    began = time.monotonic()
    deadline, last = began + slice_seconds, began + longest
    pump = Pump(_pace, int(Priority.EMERGENCY))
    sent = 0
    clean = False
    try:
        while True:
            sent += _record_all(pump.take_answers(), [])
            now = time.monotonic()
            if now >= last or (now >= deadline and _inbound_waiting()):
                break
            claimed = _claim(timezone.now())
            if claimed:
                pump.feed(claimed)
                continue
            if pump.pending():
                time.sleep(TICK)
                continue
            wait = _seconds_to_next_due()
            if wait is None or now + wait > min(last, max(deadline, now + LINGER)):
                break
            time.sleep(min(max(wait, 0.005), TICK))
        clean = True
    finally:
        unsent = pump.close(send_rest=clean)
        sent += _record_all(pump.take_answers(), unsent)
    _schedule_next()
    return sent


def drain_thread(thread: Thread, via: Transport) -> int:
    """Send one thread's due messages at once through ``via``, without rate limits: the
    simulator's path, inside a transaction it rolls back (so no sender threads)."""
    sent = 0
    while claimed := _claim(timezone.now(), thread.pk):
        sent += _record_all([(item, via.send(item.outgoing)) for item in claimed], [])
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
