"""The sending side of a drain: one thread per channel, fed by the claim loop.

Claiming and recording are database work; sending is waiting on a provider. Done in turn,
the channel idles while the database works, and a bulk send loses that share of its rate.
Here each channel has a sender thread with a small queue of claimed messages (at most
``outbox.HORIZON`` seconds of its rate), so the drain's own thread claims the next messages
and records the answers while the senders keep the channels busy. Sender threads never
touch the database: they hand each answer back through a queue.

Pacing: a sender aims at ``outbox.PACE`` of the provider's limit on a steady grid, and never
sends more than the limit within any window of ``WINDOW_S`` (the provider counts a sliding
second; the extra is room for timing jitter on a busy machine). After a stall it may catch
up a little, within that window rule, instead of losing the time for good.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import logging
import queue
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from vigia.messaging.providers import transport
from vigia.messaging.providers.base import Outcome, SendResult, Transport

if TYPE_CHECKING:
    from vigia.messaging.outbox import Claimed

logger = logging.getLogger(__name__)
WINDOW_S = 1.035  # the provider's one-second window, plus room for timing jitter
CATCH_UP_S = 0.2  # how much lost time a sender may make up after a stall
THROTTLE_PAUSE_S = 0.1  # after a 429 without Retry-After: a slot frees within a few sends
IN_FLIGHT = 8  # sends awaiting their answer at once, per channel


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
        self.channel, self.interval, self.per_second = channel, interval, max(1, per_second)
        self.answers, self.emergency, self.via = answers, emergency, via
        self._heap: list[tuple[int, float, int, Claimed]] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._closing = False
        self._abandon = False
        self._recent: deque[float] = deque(maxlen=self.per_second)
        self._slot = 0.0
        self._last = 0.0
        self._paused_until = 0.0
        self.busy = False
        # Sends overlap (a provider takes its time to answer; the pace is of starts).
        self._pool = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix=f"outbox-{channel}")
        self._flying: dict[str, Future[None]] = {}

    # -- called by the drain's thread --------------------------------------------------
    def feed(self, items: list[Claimed]) -> None:
        with self._cond:
            for item in items:
                at = item.send_at.timestamp()
                heapq.heappush(self._heap, (-item.message.priority, at, next(self._order), item))
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
    def run(self) -> None:
        while True:
            with self._cond:
                while not self._heap and not self._closing:
                    self._cond.wait()
                if self._abandon or not self._heap:
                    return
                _, at, _, item = heapq.heappop(self._heap)
                self.busy = True
            try:
                self._wait_turn(item, at)
                # One message at a time per recipient: hers arrive in the order written.
                earlier = self._flying.get(item.outgoing.address)
                if earlier is not None:
                    earlier.result()
                self._last = time.monotonic()
                self._recent.append(self._last)
                future = self._pool.submit(self._send, item)
                with self._cond:
                    self._flying[item.outgoing.address] = future
                future.add_done_callback(functools.partial(self._landed, item.outgoing.address))
                if item.message.priority >= self.emergency:
                    future.result()  # nothing overtakes it on the way to the provider
            finally:
                self.busy = False

    def _landed(self, address: str, future: Future[None]) -> None:
        with self._cond:
            if self._flying.get(address) is future:
                del self._flying[address]

    def _wait_turn(self, item: Claimed, at: float) -> None:
        if self.via is not None:  # the simulator: no limits
            return
        now = time.monotonic()
        ready = max(self._slot, now - CATCH_UP_S, self._last + self.interval / 3)
        ready = max(ready, self._paused_until)
        if len(self._recent) >= self.per_second:
            ready = max(ready, self._recent[0] + WINDOW_S)
        if item.message.priority < self.emergency:
            # The shared schedule in the database (several workers share the channel).
            ready = max(ready, now + at - timezone.now().timestamp())
        if ready > now:
            time.sleep(ready - now)
        self._slot = ready + self.interval

    def _send(self, item: Claimed) -> None:
        """In the pool: the provider's answer goes back to the drain's thread."""
        try:
            result = (self.via or transport(self.channel)).send(item.outgoing)
        except Exception:  # a transport bug must not kill the drain: retried later
            logger.exception("outbound %s: transport error", item.message.pk)
            result = SendResult(Outcome.RETRY, error_code="exception")
        logger.info("outbound %s: %s", item.message.pk, result.outcome)
        if result.outcome == Outcome.THROTTLED:
            pause = result.retry_after if result.retry_after is not None else THROTTLE_PAUSE_S
            self._paused_until = max(self._paused_until, time.monotonic() + min(pause, 5.0))
        self.answers.put((item, result))


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
