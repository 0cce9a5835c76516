"""The inbound store and the worker's poller: a delivery is one stored row and no task row,
a remembered thread is checked before it is used, threads are handled oldest first, and her
message opens the 24-hour window from when it arrived."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vigia.messaging import fake, inbound, ingest
from vigia.messaging.models import InboundMessage, Thread
from vigia.messaging.tests.support import post_signed
from vigia.vault import state

pytestmark = pytest.mark.django_db


def _deliver(sender: str, text: str) -> None:
    body = fake.delivery([fake.message(sender, text=text)])
    assert post_signed(Client(), body).status_code == 200


def test_a_delivery_is_one_stored_row_and_no_task(whatsapp: Any) -> None:
    _deliver("+51911000101", "hola")
    message = InboundMessage.objects.get()
    assert message.processed_at is None
    assert DBTaskResult.objects.count() == 0
    assert Thread.objects.get().last_inbound_at is None  # the worker sets it


def test_poll_handles_the_longest_waiting_thread_first(whatsapp: Any) -> None:
    _deliver("+51911000102", "hola")
    _deliver("+51911000103", "hola")
    first, second = InboundMessage.objects.order_by("received_at")
    InboundMessage.objects.filter(pk=second.pk).update(
        received_at=first.received_at - timedelta(minutes=5)
    )
    assert inbound.poll(limit=1) == 1
    handled = InboundMessage.objects.filter(processed_at__isnull=False).get()
    assert handled.pk == second.pk
    thread = Thread.objects.get(pk=second.thread_id)
    assert thread.last_inbound_at == first.received_at - timedelta(minutes=5)
    assert inbound.poll() == 1
    assert inbound.poll() == 0
    assert not InboundMessage.objects.filter(processed_at__isnull=True).exists()


def test_a_later_message_moves_the_window_forward(whatsapp: Any) -> None:
    _deliver("+51911000104", "hola")
    inbound.poll()
    earlier = Thread.objects.get().last_inbound_at
    assert earlier is not None and earlier <= timezone.now()
    _deliver("+51911000104", "1")
    inbound.poll()
    later = Thread.objects.get().last_inbound_at
    assert later is not None and later > earlier


def test_a_sender_who_became_a_member_since_her_last_message_gets_her_own_key(
    whatsapp: Any,
) -> None:
    # Her first message taught this process her thread (no owner yet); the worker then
    # linked the thread to her: the next message must be sealed with her key, not the
    # organization's, although the remembered thread still says "no owner".
    _deliver("+51911000105", "hola")
    thread = Thread.objects.get()
    owner = uuid.uuid4()
    Thread.objects.filter(pk=thread.pk).update(owner_id=owner)
    _deliver("+51911000105", "1")
    later = InboundMessage.objects.get(owner_id=owner)
    assert later.thread_id == thread.pk
    sealed = InboundMessage.objects.filter(pk=later.pk).values_list("raw", flat=True).get()
    key_id, _key = state.get().keystore.current_key(f"member:{owner}")
    assert sealed.key_id == key_id
    assert later.raw["text"] == "1"


def test_a_sender_whose_thread_was_erased_starts_a_new_one(whatsapp: Any) -> None:
    _deliver("+51911000106", "hola")
    erased = Thread.objects.get()
    erased.delete()
    _deliver("+51911000106", "otra vez")
    thread = Thread.objects.get()
    assert thread.pk != erased.pk
    assert InboundMessage.objects.get().thread_id == thread.pk


def test_a_retry_from_another_process_is_still_stored_once(whatsapp: Any) -> None:
    body = fake.delivery([fake.message("+51911000107", text="hola", id="wamid.retry-1")])
    assert post_signed(Client(), body).status_code == 200
    ingest._recent.keys.clear()  # a process that never saw this sender
    assert post_signed(Client(), body).status_code == 200
    assert InboundMessage.objects.filter(external_id="wamid.retry-1").count() == 1
