"""The sending side of a drain: one thread per channel, fed by the claim loop.

Claiming and recording are database work; sending is waiting on a provider. Done in turn,
the channel idles while the database works, and a bulk send loses that share of its rate.
Here each channel has a sender thread with a small queue of claimed messages (at most
``outbox.HORIZON`` seconds of its rate), so the drain's own thread claims the next messages
and records the answers while the senders keep the channels busy. Sender threads never
touch the database: they hand each answer back through a queue.

Pacing: a sender sends each message at its time in the channel's schedule (kept in the
database at ``outbox.PACE`` of the provider's limit); behind it after a stall, it catches up
at the provider's limit, evenly spaced. It never starts a send that the provider could count
as one too many in its one-second window, however late answers come back (:class:`Window`).
A refusal (429) holds back the refused chat for the ``retry_after`` the provider gave, and
pauses the channel only briefly, unless refusals repeat: then the whole channel waits as
told. Waits are on a condition, so an emergency fed meanwhile is looked at straight away.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import logging
import math
import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from vigia.messaging.providers import transport
from vigia.messaging.providers.base import Outcome, SendResult, Transport

if TYPE_CHECKING:
    from vigia.messaging.outbox import Claimed

logger = logging.getLogger(__name__)
WINDOW_S = 1.005  # the provider's one-second window, plus a little for its own clock
THROTTLE_PAUSE_S = 0.1  # after a lone 429: a slot frees in the provider's window meanwhile
RETRY_AFTER_MAX_S = 5.0  # the longest a channel or a chat is held back for a refusal here
IN_FLIGHT = 8  # sends awaiting their answer at once, per channel


class Window:
    """The provider's sliding one-second window, as seen from this side of the network.

    The provider counts a request at some instant between our start of it and our receipt
    of its answer. So a send stops counting only ``WINDOW_S`` after its *answer*; while
    ``limit`` sends still count, the next one waits. However late the network, the
    provider's process or this one is, no start can then be the provider's ``limit + 1``-th
    in one second. (Counting starts alone leaves only the few percent of a second that the
    pace keeps in reserve: one slow answer then costs a 429, and its retry_after.)

    One window per channel and limit, kept for the life of the process: successive drains
    see what the previous one sent in the last second."""

    _all: dict[tuple[str, int], Window] = {}
    _all_lock = threading.Lock()

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self._answered: dict[int, float] = {}  # send -> when its answer came (inf: not yet)
        self._ids = itertools.count()
        self._lock = threading.Lock()

    @classmethod
    def of(cls, channel: str, limit: int) -> Window:
        with cls._all_lock:
            window = cls._all.get((channel, limit))
            if window is None:
                window = cls._all[(channel, limit)] = cls(limit)
            return window

    def ready(self, now: float) -> float:
        """From when the next send may start (0: any time; ``inf``: once an answer came)."""
        with self._lock:
            for key in [k for k, at in self._answered.items() if at <= now - WINDOW_S]:
                del self._answered[key]
            if len(self._answered) < self.limit:
                return 0.0
            times = sorted(self._answered.values())
            return times[len(times) - self.limit] + WINDOW_S

    def start(self) -> int:
        with self._lock:
            key = next(self._ids)
            self._answered[key] = math.inf
            return key

    def answered(self, key: int) -> None:
        with self._lock:
            self._answered[key] = time.monotonic()


class Sender(threading.Thread):
    """Sends one channel's claimed messages, highest priority first, at the channel's pace."""

    def __init__(
        self,
        channel: str,
        interval: float,
        per_second: int,
        answers: queue.SimpleQueue[tuple[Claimed, SendResult]],
        *,
        emergency: int,
        via: Transport | None = None,
    ) -> None:
        super().__init__(name=f"outbox-{channel}", daemon=True)
        self.channel, self.interval = channel, interval
        self.fastest = 1.0 / max(1, per_second)  # the provider's own limit, evenly spread
        self.answers, self.emergency, self.via = answers, emergency, via
        self.window = Window.of(channel, per_second)
        self._heap: list[tuple[int, float, int, Claimed]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._closing = False
        self._abandon = False
        self._last = 0.0
        self._paused_until = 0.0  # the whole channel (refusals that repeat)
        self._refused_at = -math.inf
        self._held: dict[str, float] = {}  # chat -> until when the provider asked us to wait
        self.busy = False
        # Sends overlap (a provider takes its time to answer; the pace is of starts).
        self._pool = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix=f"outbox-{channel}")
        self._flying: dict[str, Future[None]] = {}

    # -- called by the drain's thread --------------------------------------------------
    def feed(self, items: list[Claimed]) -> None:
        with self._cond:
            for item in items:
                self._push(item, item.send_at.timestamp())
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + int(self.busy) + len(self._flying)

    def close(self, *, send_rest: bool) -> list[Claimed]:
        """Stop; with ``send_rest`` the queue is sent first. Returns what was never tried."""
        with self._cond:
            self._closing, self._abandon = True, not send_rest
            self._cond.notify()
        self.join()
        self._pool.shutdown(wait=True)  # every send started has answered
        left = [entry[3] for entry in self._heap]
        self._heap.clear()
        return left

    # -- the thread ------------------------------------------------------------------------
    def _push(self, item: Claimed, at: float) -> None:
        heapq.heappush(self._heap, (-item.message.priority, at, next(self._order), item))

    def run(self) -> None:
        while True:
            with self._cond:
                item = self._next()
                if item is None:
                    return
                self.busy = True
            try:
                self._start(item)
            finally:
                self.busy = False

    def _next(self) -> Claimed | None:
        """The next message once its turn has come (under ``_cond``); None: stop. Waiting
        on the condition, a message fed meanwhile (an emergency) is considered at once."""
        while True:
            if self._abandon or (self._closing and not self._heap):
                return None
            if not self._heap:
                self._cond.wait()
                continue
            _, at, _, item = self._heap[0]
            now = time.monotonic()
            urgent = item.message.priority >= self.emergency
            held = self._held.get(item.outgoing.address, 0.0)
            if held > now and not urgent and at < time.time() + held - now:
                # Her chat waits as the provider asked; the others go on meanwhile.
                heapq.heappop(self._heap)
                self._push(item, time.time() + held - now)
                continue
            ready = max(self._ready(now, at, urgent=urgent), held)
            if ready > now:
                self._cond.wait(min(ready - now, 1.0) if ready < math.inf else 0.05)
                continue
            heapq.heappop(self._heap)
            # Spaced from the planned start, so that waking late costs no time; but after a
            # stall, no burst to make up for it.
            self._last = max(ready, now - self.fastest)
            return item

    def _ready(self, now: float, at: float, *, urgent: bool) -> float:
        if self.via is not None:  # the simulator: no limits
            return now
        # Behind its schedule (after a stall), a sender makes the time up at the provider's
        # limit, evenly spread, rather than at the pace below it; the window checks it.
        ready = max(self._paused_until, self.window.ready(now), self._last + self.fastest)
        if urgent:
            return ready
        # Its time in the shared schedule in the database (several workers share it).
        return max(ready, now + at - timezone.now().timestamp())

    def _start(self, item: Claimed) -> None:
        # One message at a time per recipient: hers arrive in the order written.
        earlier = self._flying.get(item.outgoing.address)
        if earlier is not None:
            earlier.result()
        counted = self.window.start() if self.via is None else None
        future = self._pool.submit(self._send, item, counted)
        with self._cond:
            self._flying[item.outgoing.address] = future
        future.add_done_callback(functools.partial(self._landed, item.outgoing.address))
        if item.message.priority >= self.emergency:
            future.result()  # nothing overtakes it on the way to the provider

    def _landed(self, address: str, future: Future[None]) -> None:
        with self._cond:
            if self._flying.get(address) is future:
                del self._flying[address]
            self._cond.notify()

    def _send(self, item: Claimed, counted: int | None) -> None:
        """In the pool: the provider's answer goes back to the drain's thread."""
        try:
            result = (self.via or transport(self.channel)).send(item.outgoing)
        except Exception:  # a transport bug must not kill the drain: retried later
            logger.exception("outbound %s: transport error", item.message.pk)
            result = SendResult(Outcome.RETRY, error_code="exception")
        finally:
            if counted is not None:
                self.window.answered(counted)
        logger.info("outbound %s: %s", item.message.pk, result.outcome)
        if result.outcome == Outcome.THROTTLED:
            self._refused(item, result.retry_after)
        self.answers.put((item, result))

    def _refused(self, item: Claimed, retry_after: float | None) -> None:
        """A 429: her chat waits ``retry_after`` (the message itself goes back to the queue
        for that long). The channel pauses briefly; only when refusals repeat within that
        time is the provider over its limit for all, and the whole channel waits as told."""
        now = time.monotonic()
        wait = min(retry_after if retry_after is not None else 1.0, RETRY_AFTER_MAX_S)
        with self._cond:
            repeated = now - self._refused_at < wait
            self._refused_at = now
            self._held[item.outgoing.address] = now + wait
            self._held = {chat: at for chat, at in self._held.items() if at > now}
            pause = wait if repeated else THROTTLE_PAUSE_S
            self._paused_until = max(self._paused_until, now + pause)
        logger.warning(
            "outbox %s: refused by the provider; pausing %.1f s%s",
            self.channel,
            pause,
            " (refusals repeat)" if repeated else "",
        )


class Pump:
    """The sender threads of one drain, and the answers they hand back."""

    def __init__(self, limits: Any, emergency: int, via: Transport | None = None) -> None:
        self.limits, self.emergency, self.via = limits, emergency, via
        self.senders: dict[str, Sender] = {}
        self.answers: queue.SimpleQueue[tuple[Claimed, SendResult]] = queue.SimpleQueue()

    def feed(self, items: list[Claimed]) -> None:
        by_channel: dict[str, list[Claimed]] = {}
        for item in items:
            by_channel.setdefault(item.message.channel, []).append(item)
        for channel, batch in by_channel.items():
            sender = self.senders.get(channel)
            if sender is None:
                interval, per_second = self.limits(channel)
                sender = self.senders[channel] = Sender(
                    channel,
                    interval,
                    per_second,
                    self.answers,
                    emergency=self.emergency,
                    via=self.via,
                )
                sender.start()
            sender.feed(batch)

    def pending(self) -> int:
        return sum(sender.pending() for sender in self.senders.values())

    def take_answers(self) -> list[tuple[Claimed, SendResult]]:
        answers = []
        while True:
            try:
                answers.append(self.answers.get_nowait())
            except queue.Empty:
                return answers

    def close(self, *, send_rest: bool) -> list[Claimed]:
        left: list[Claimed] = []
        for sender in self.senders.values():
            left += sender.close(send_rest=send_rest)
        return left
