"""The WhatsApp webhook: handshake, signature before parsing, strict parsing, dedupe."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from vigia.messaging import fake
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread
from vigia.messaging.tests.support import fixture, post_signed

pytestmark = pytest.mark.django_db


def test_the_handshake_echoes_the_challenge_only_with_the_right_token(whatsapp: Any) -> None:
    client = Client()
    ok = client.get(
        "/hooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"},
    )
    assert ok.status_code == 200
    assert ok.content == b"1158201444"
    wrong = client.get(
        "/hooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"},
    )
    assert wrong.status_code == 403


def test_it_rejects_a_forged_signature_before_parsing(whatsapp: Any) -> None:
    body = fixture("whatsapp_text.json")
    forged = Client().post(
        "/hooks/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": fake.sign("not-the-secret", body)},
    )
    unsigned = Client().post("/hooks/whatsapp/", b"not even json", content_type="application/json")
    assert (forged.status_code, unsigned.status_code) == (403, 403)
    assert InboundMessage.objects.count() == 0


def test_it_rejects_a_signature_replayed_over_another_body(whatsapp: Any) -> None:
    body = fixture("whatsapp_text.json")
    signature = fake.sign("test-app-secret", body)
    tampered = body.replace(b"Hola", b"Chau")
    response = Client().post(
        "/hooks/whatsapp/",
        tampered,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b'{"object": "whatsapp_business_account", "entry": [',  # truncated
        b'{"object": "whatsapp_business_account", "entry": "nope"}',
        b'{"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": '
        b'"messages", "value": {"messages": [{"from": "abc", "id": "x", "timestamp": "1", '
        b'"type": "text"}]}}]}]}',  # a sender that is not a number
        b"[]",
        b"\xff\xfe",
    ],
)
def test_it_answers_400_to_malformed_deliveries(whatsapp: Any, body: bytes) -> None:
    assert post_signed(Client(), body).status_code == 400
    assert InboundMessage.objects.count() == 0


def test_it_answers_200_to_well_formed_deliveries_that_hold_nothing_for_us(whatsapp: Any) -> None:
    response = post_signed(Client(), fixture("whatsapp_account_update.json"))
    assert response.status_code == 200
    assert InboundMessage.objects.count() == 0


def test_it_stores_a_batch_encrypted_in_order_per_sender(whatsapp: Any) -> None:
    response = post_signed(Client(), fixture("whatsapp_batch.json"))
    assert response.status_code == 200
    kinds = list(
        InboundMessage.objects.order_by("received_at", "position").values_list("kind", flat=True)
    )
    assert kinds == [
        "image", "audio", "location", "choice", "choice", "video", "document", "unsupported"
    ]  # fmt: skip
    assert Thread.objects.count() == 2
    voice = InboundMessage.objects.get(external_id="wamid.batch-voice-1")
    assert voice.raw["media_id"] == "1003383421387257"
    assert voice.raw["voice"] is True
    choice = InboundMessage.objects.get(external_id="wamid.batch-list-1")
    assert choice.raw["choice"] == "menu:check"
    # Nothing readable at rest: the caption and the number are sealed.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT raw FROM messaging_inboundmessage")
        blobs = b"".join(bytes(row[0]) for row in cursor.fetchall())
        cursor.execute("SELECT address FROM messaging_thread")
        addresses = b"".join(bytes(row[0]) for row in cursor.fetchall())
    assert b"me escribieron" not in blobs
    assert b"51900000102" not in addresses


def test_a_retried_delivery_is_stored_once(whatsapp: Any) -> None:
    client = Client()
    body = fixture("whatsapp_batch.json")
    assert post_signed(client, body).status_code == 200
    tasks_after_first = _task_count()
    assert post_signed(client, body).status_code == 200
    assert InboundMessage.objects.count() == 8
    assert _task_count() == tasks_after_first  # no second effect


def test_status_callbacks_update_receipts_and_never_go_backwards(whatsapp: Any) -> None:
    thread = Thread.objects.create(channel="whatsapp", address="+51900000104", address_index="x")
    made = {}
    for name in ("delivered", "read", "failed"):
        made[name] = OutboundMessage.objects.create(
            thread=thread,
            channel="whatsapp",
            address="+51900000104",
            body={"text": "hola"},
            status="sent",
            provider_id=f"wamid.status-{name}",
            next_attempt_at="2025-01-01T00:00:00Z",
        )
    made["read"].status = "read"
    made["read"].save()
    assert post_signed(Client(), fixture("whatsapp_statuses.json")).status_code == 200
    for name in made:
        made[name].refresh_from_db()
    assert made["delivered"].status == "delivered"
    assert made["delivered"].delivered_at is not None
    assert made["read"].status == "read"
    assert (made["failed"].status, made["failed"].error_code) == ("failed", "131026")


def test_it_answers_413_to_a_3_mb_payload(whatsapp: Any) -> None:
    body = json.dumps({"object": "whatsapp_business_account", "pad": "x" * 3_000_000}).encode()
    assert post_signed(Client(), body).status_code == 413


def test_the_integration_is_off_while_its_secret_is_unset(settings: Any) -> None:
    settings.VIGIA_WHATSAPP_APP_SECRET = None
    body = fixture("whatsapp_text.json")
    assert post_signed(Client(), body).status_code == 404


def _task_count() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.count()
