"""The worker's inbound poller: a stored delivery is found without any task row, threads are
handled oldest first, and her message opens the 24-hour window from when it arrived."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vigia.messaging import fake, inbound
from vigia.messaging.models import InboundMessage, Thread
from vigia.messaging.tests.support import post_signed

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
