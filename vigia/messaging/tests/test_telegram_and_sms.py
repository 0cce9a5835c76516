"""Telegram (secret token) and the Twilio-compatible SMS gateway (signed form)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from vigia.messaging.models import InboundMessage, OutboundMessage, Thread
from vigia.messaging.providers.base import Outgoing
from vigia.messaging.providers.sms.views import signature
from vigia.messaging.tests.support import SMS_URL, TELEGRAM_SECRET, fixture_json

pytestmark = pytest.mark.django_db


def _telegram(update: Any, token: str = TELEGRAM_SECRET) -> Any:
    return Client().post(
        "/hooks/telegram/",
        json.dumps(update),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": token},
    )


def test_telegram_refuses_a_wrong_secret_token(telegram: None) -> None:
    update = fixture_json("telegram_updates.json")[0]
    assert _telegram(update, token="guess").status_code == 403
    assert InboundMessage.objects.count() == 0


def test_telegram_updates_are_stored_once_and_groups_ignored(telegram: None) -> None:
    for update in fixture_json("telegram_updates.json"):
        assert _telegram(update).status_code == 200
        assert _telegram(update).status_code == 200  # Telegram retries with the same id
    stored = {m.external_id: m for m in InboundMessage.objects.all()}
    assert sorted(stored) == ["u10000", "u10001", "u10002", "u10003"]
    assert stored["u10001"].raw["media_id"] == "AgADBAADlarge"  # the largest photo
    assert stored["u10002"].kind == "audio"
    assert (stored["u10003"].kind, stored["u10003"].raw["choice"]) == ("choice", "2")
    assert Thread.objects.get().channel == "telegram"


def test_telegram_malformed_update_is_400(telegram: None) -> None:
    assert _telegram({"update_id": "x"}).status_code == 400


def test_telegram_send_uses_an_inline_keyboard() -> None:
    from vigia.messaging.providers.telegram.transport import payload

    body = payload(Outgoing(address="1111111", text="Menú", buttons=[("1", "Contar")]))
    assert body["reply_markup"]["inline_keyboard"] == [[{"text": "Contar", "callback_data": "1"}]]


def test_the_sms_signature_matches_the_documented_example() -> None:
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert signature("12345", url, params.items()) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def _sms(form: dict[str, str], token: str = "sms-token") -> Any:  # noqa: S107 - test token
    # Twilio posts application/x-www-form-urlencoded.
    return Client().post(
        "/hooks/sms/",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature(token, SMS_URL, form.items())},
    )


def test_sms_inbound_is_verified_stored_and_answered_with_empty_twiml(sms: None) -> None:
    form = {"MessageSid": "SM1234", "From": "+51 900 000 601", "To": "+15005550006", "Body": "4"}
    assert _sms(form, token="wrong").status_code == 403
    response = _sms(form)
    assert response.status_code == 200
    assert b"<Response></Response>" in response.content
    assert _sms(form).status_code == 200
    message = InboundMessage.objects.get()
    assert (message.external_id, message.raw["text"]) == ("SM1234", "4")
    assert Thread.objects.get().address == "+51900000601"


def test_sms_status_callbacks_are_receipts(sms: None) -> None:
    thread = Thread.objects.create(channel="sms", address="+51900000602", address_index="y")
    sent = OutboundMessage.objects.create(
        thread=thread,
        channel="sms",
        address="+51900000602",
        body={"text": "hola"},
        status="sent",
        provider_id="SM9999",
        next_attempt_at="2025-01-01T00:00:00Z",
    )
    form = {"MessageSid": "SM9999", "MessageStatus": "delivered", "To": "+51900000602"}
    assert _sms(form).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered"


def test_sms_from_something_that_is_not_a_number_is_400(sms: None) -> None:
    assert _sms({"MessageSid": "SM1", "From": "hello", "Body": "x"}).status_code == 400


def test_a_telegram_button_tap_is_answered_with_answer_callback_query(
    telegram: None, settings: Any
) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from vigia.messaging.tests.support import run_worker

    calls: list[tuple[str, Any]] = []

    class Bot(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            calls.append((self.path, json.loads(body or b"{}")))
            answer = b'{"ok": true, "result": {"message_id": 9}}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.VIGIA_TELEGRAM_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert _telegram(fixture_json("telegram_updates.json")[3]).status_code == 200
        run_worker()
    finally:
        server.shutdown()
        server.server_close()
    answered = [body for path, body in calls if path.endswith("/answerCallbackQuery")]
    assert answered == [{"callback_query_id": "4382bfdwdsb323b2d9"}]
    assert any(path.endswith("/sendMessage") for path, _body in calls)  # and the flow answered
