"""The outbox over real loopback HTTP to the fake Cloud API: order, limits, retries, window."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from vigia.messaging import outbox
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage, Thread
from vigia.messaging.tests.support import run_worker

pytestmark = pytest.mark.django_db


def _thread(number: str, *, window: bool = True) -> Thread:
    thread = thread_for("whatsapp", number)
    thread.last_inbound_at = timezone.now() if window else None
    thread.save()
    return thread


def test_queued_messages_are_sent_by_the_worker(whatsapp: Any) -> None:
    thread = _thread("+51900000201")
    message = outbox.put(thread=thread, text="Hola")
    assert whatsapp.sent == []  # a row first
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.provider_id.startswith("wamid.out-")
    assert whatsapp.texts_to("+51900000201") == ["Hola"]


def test_an_emergency_goes_before_bulk_already_waiting(whatsapp: Any, settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 0
    bulk = [_thread(f"+519000003{i:02d}") for i in range(5)]
    for thread in bulk:
        outbox.put(thread=thread, text="aviso", priority=OutboundMessage.Priority.BULK)
    urgent = _thread("+51900000399")
    outbox.put(thread=urgent, text="urgente", priority=OutboundMessage.Priority.EMERGENCY)
    run_worker()
    assert whatsapp.sent[0]["to"] == "51900000399"
    assert len(whatsapp.sent) == 6


def test_a_429_is_retried_and_sent_once(whatsapp: Any) -> None:
    whatsapp.script(429, {"error": {"code": 130429, "message": "Rate limit hit"}})
    message = outbox.put(thread=_thread("+51900000202"), text="Hola")
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(whatsapp.sent) == 1


def test_a_server_error_is_retried_with_backoff(whatsapp: Any) -> None:
    whatsapp.script(500, {"error": {"code": 131000, "message": "Something went wrong"}})
    message = outbox.put(thread=_thread("+51900000203"), text="Hola")
    outbox.drain()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error_code) == ("queued", 1, "131000")
    assert message.next_attempt_at > timezone.now()
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"


@pytest.mark.parametrize(
    ("code", "status"), [(131050, "opted_out"), (131026, "failed"), (100, "failed")]
)
def test_provider_error_codes_are_mapped(whatsapp: Any, code: int, status: str) -> None:
    whatsapp.script(400, {"error": {"code": code, "message": "x"}})
    message = outbox.put(thread=_thread("+51900000204"), text="Hola")
    run_worker()
    message.refresh_from_db()
    assert (message.status, message.error_code) == (status, str(code))


def test_outside_the_24_hour_window_only_the_content_free_template_goes(whatsapp: Any) -> None:
    thread = _thread("+51900000205", window=False)
    first = outbox.put(thread=thread, text="Contenido del aviso")
    second = outbox.put(thread=thread, text="Otro aviso")
    run_worker()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("held", "held")
    assert whatsapp.texts_to("+51900000205") == ["[template:vigia_mensaje_nuevo]"]
    # She answers: the window opens and the held messages go, in order.
    thread.last_inbound_at = timezone.now()
    thread.save()
    assert outbox.release_held(thread) == 2
    run_worker()
    assert whatsapp.texts_to("+51900000205")[1:] == ["Contenido del aviso", "Otro aviso"]


def test_a_window_closed_answer_from_the_provider_holds_the_message(whatsapp: Any) -> None:
    whatsapp.script(400, {"error": {"code": 131047, "message": "Re-engagement message"}})
    message = outbox.put(thread=_thread("+51900000206"), text="Hola")
    run_worker()
    message.refresh_from_db()
    assert message.status == "held"
    assert whatsapp.texts_to("+51900000206") == ["[template:vigia_mensaje_nuevo]"]


def test_the_per_person_limit_spaces_a_burst(whatsapp: Any, settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 1
    thread = _thread("+51900000207")
    total = outbox.RECIPIENT_BURST + 2
    for n in range(total):
        outbox.put(thread=thread, text=f"m{n}")
    # A slice shorter than the person's spacing: the drain ends before the next one is due.
    outbox.drain(slice_seconds=0.2, longest=0.2)
    # The burst allowance lets the first ones through; the rest wait their turn.
    assert len(whatsapp.sent) == outbox.RECIPIENT_BURST + 1
    run_worker()
    assert whatsapp.texts_to("+51900000207") == [f"m{n}" for n in range(total)]


def test_a_message_stuck_in_sending_is_put_back_by_the_sweep(whatsapp: Any) -> None:
    message = outbox.put(thread=_thread("+51900000208"), text="Hola")
    OutboundMessage.objects.filter(pk=message.pk).update(
        status="sending", next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert outbox.sweep() == 1
    run_worker()
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_channel_at_its_limit_does_not_hold_back_the_other_channels() -> None:
    from vigia.messaging.models import RateBucket

    now = timezone.now()
    RateBucket.objects.create(key="c:whatsapp", tat=now + timedelta(seconds=30))
    waiting = outbox.put(thread=_thread("+51900000209"), text="primero")
    other = outbox.put(thread=thread_for("telegram", "7000209"), text="segundo")
    claimed = outbox._claim(timezone.now())
    assert [c.message.pk for c in claimed] == [other.pk]
    waiting.refresh_from_db()
    assert waiting.status == "queued"  # skipped, not lost: it goes when WhatsApp has room


def test_an_emergency_is_taken_even_when_its_channel_is_at_its_limit() -> None:
    from vigia.messaging.models import RateBucket

    RateBucket.objects.create(key="c:whatsapp", tat=timezone.now() + timedelta(seconds=30))
    urgent = outbox.put(
        thread=_thread("+51900000210"), text="ayuda", priority=OutboundMessage.Priority.EMERGENCY
    )
    assert [c.message.pk for c in outbox._claim(timezone.now())] == [urgent.pk]


def test_a_drain_waits_for_a_message_due_within_its_slice(whatsapp: Any) -> None:
    soon = timezone.now() + timedelta(seconds=0.4)
    message = outbox.put(thread=_thread("+51900000211"), text="Hola", not_before=soon)
    assert message.next_attempt_at == soon
    assert outbox.drain(slice_seconds=1.5, longest=1.5) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None
    assert message.sent_at >= soon


def test_cancel_stops_what_has_not_gone_and_leaves_what_has(whatsapp: Any) -> None:
    later = timezone.now() + timedelta(hours=1)
    pending = outbox.put(thread=_thread("+51900000212"), text="después", not_before=later)
    gone = outbox.put(thread=_thread("+51900000213"), text="ya")
    run_worker()
    assert outbox.cancel([pending.pk, gone.pk]) == 1
    pending.refresh_from_db()
    gone.refresh_from_db()
    assert (pending.status, gone.status) == ("cancelled", "sent")
    assert whatsapp.texts_to("+51900000212") == []
