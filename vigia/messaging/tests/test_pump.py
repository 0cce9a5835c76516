"""The sender threads against scripted transports: the provider's window counted from the
answers, and a 429 that holds back its chat without stalling the channel."""

from __future__ import annotations

import queue
import threading
import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest

from vigia.messaging import pump
from vigia.messaging.outbox import Claimed
from vigia.messaging.providers.base import MediaUnavailable, Outcome, Outgoing, SendResult

EMERGENCY = 100


class Scripted:
    """A transport that records when each send reached it and when it answered."""

    channel = "telegram"

    def __init__(self, delay: float = 0.0, refuse: dict[str, float] | None = None) -> None:
        self.delay, self.refuse = delay, dict(refuse or {})
        self.calls: list[tuple[str, float, float]] = []  # (chat, arrived, answered)
        self.lock = threading.Lock()

    def send(self, message: Outgoing) -> SendResult:
        arrived = time.monotonic()
        time.sleep(self.delay)
        with self.lock:
            self.calls.append((message.address, arrived, time.monotonic()))
            wait = self.refuse.pop(message.address, None)
        if wait is not None:
            return SendResult(Outcome.THROTTLED, error_code="429", retry_after=wait)
        return SendResult(Outcome.SENT, provider_id="1")

    def download(self, media_id: str) -> bytes:
        raise MediaUnavailable(media_id)  # this scripted provider carries no media

    def sent_to(self, chat: str) -> list[float]:
        return [arrived for to, arrived, _ in self.calls if to == chat]


def claimed(chat: str, *, n: int = 0, priority: int = 0) -> Claimed:
    message = SimpleNamespace(pk=f"{chat}-{n}", priority=priority)
    due = datetime.fromtimestamp(time.time(), UTC)  # due now in the channel's schedule
    return Claimed(cast(Any, message), Outgoing(address=chat, text="aviso"), due)


def sender(monkeypatch: Any, transport: Scripted, channel: str, per_second: int) -> pump.Sender:
    monkeypatch.setattr(pump, "transport", lambda _channel: transport)
    answers: queue.SimpleQueue[tuple[Claimed, SendResult]] = queue.SimpleQueue()
    started = pump.Sender(channel, 1 / per_second, per_second, answers, emergency=EMERGENCY)
    started.start()
    return started


def test_the_window_counts_a_send_until_a_second_after_its_answer() -> None:
    window = pump.Window(2)
    first, second = window.start(), window.start()
    assert window.ready(time.monotonic()) == float("inf")  # both still on their way
    window.answered(first)
    answered = time.monotonic()
    assert answered + 1.0 <= window.ready(answered) <= answered + pump.WINDOW_S + 0.01
    window.answered(second)
    assert window.ready(answered + pump.WINDOW_S + 0.5) == 0.0


def test_slow_answers_never_let_a_send_be_the_providers_one_too_many(
    monkeypatch: Any,
) -> None:
    """With answers taking 0.3 s, counting starts alone would send the 6th message 1 s after
    the 1st, while the provider may have counted the 1st only when it answered."""
    transport = Scripted(delay=0.3)
    channel = sender(monkeypatch, transport, "test-slow", 5)
    channel.feed([claimed(f"{n}") for n in range(12)])
    assert channel.close(send_rest=True) == []
    calls = sorted(transport.calls, key=lambda call: call[1])
    assert len(calls) == 12
    for earlier, later in zip(calls, calls[5:], strict=False):
        assert later[1] >= earlier[2] + 1.0  # the 6th arrives a second after the 1st answered


def test_a_429_holds_back_its_chat_not_the_channel(monkeypatch: Any) -> None:
    transport = Scripted(refuse={"A": 1.0})
    channel = sender(monkeypatch, transport, "test-429", 30)
    began = time.monotonic()
    channel.feed([claimed("A")])
    time.sleep(0.1)
    channel.feed([claimed("A", n=1), *(claimed(f"B{n}") for n in range(5))])
    assert channel.close(send_rest=True) == []
    refused, retried = transport.sent_to("A")
    assert retried - refused >= 1.0  # her chat waited as long as the provider asked
    others = [at for to, at, _ in transport.calls if to.startswith("B")]
    assert len(others) == 5 and max(others) - began < 0.8  # the channel went on meanwhile
    answers = []
    while not channel.answers.empty():
        answers.append(channel.answers.get())
    assert [r.outcome for item, r in answers if item.message.pk == "A-0"] == ["throttled"]


@pytest.mark.parametrize("repeat", [False, True])
def test_the_whole_channel_waits_only_when_refusals_repeat(monkeypatch: Any, repeat: bool) -> None:
    refuse = {"A": 1.0, "B": 1.0} if repeat else {"A": 1.0}
    transport = Scripted(refuse=refuse)
    channel = sender(monkeypatch, transport, f"test-repeat-{repeat}", 30)
    channel.feed([claimed("A"), claimed("B")])
    time.sleep(0.2)
    channel.feed([claimed("C")])
    assert channel.close(send_rest=True) == []
    (first,) = transport.sent_to("A")
    (then,) = transport.sent_to("C")
    assert (then - first >= 1.0) is repeat


def test_an_emergency_fed_during_a_wait_goes_first(monkeypatch: Any) -> None:
    transport = Scripted()
    channel = sender(monkeypatch, transport, "test-urgent", 30)
    later = claimed("bulk")
    later.send_at = datetime.fromtimestamp(time.time() + 1.0, UTC)  # its turn is in 1 s
    channel.feed([later])
    time.sleep(0.1)
    fed = time.monotonic()
    channel.feed([claimed("responder", priority=EMERGENCY)])
    assert channel.close(send_rest=True) == []
    (urgent,) = transport.sent_to("responder")
    (bulk,) = transport.sent_to("bulk")
    assert urgent - fed < 0.2 and urgent < bulk
