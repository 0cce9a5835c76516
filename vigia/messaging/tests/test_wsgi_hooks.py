"""The server's WSGI application: provider webhooks through the short middleware stack,
pages through the full one, and a locked vault still answers providers 503."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import override_settings

from vigia.messaging import fake
from vigia.messaging.models import InboundMessage
from vigia.messaging.providers.sms.views import signature
from vigia.messaging.tests.support import SECRET, SMS_URL, TELEGRAM_SECRET, fixture_json
from vigia.vault import state

pytestmark = pytest.mark.django_db(transaction=True)


def _call(
    method: str,
    path: str,
    body: bytes = b"",
    content_type: str = "application/json",
    **headers: str,
) -> tuple[int, dict[str, str]]:
    from vigia.wsgi import application

    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": content_type,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer: list[Any] = []
    b"".join(application(environ, lambda status, sent, *_: answer.extend([status, sent])))
    return int(answer[0].split()[0]), dict(answer[1])


def test_a_webhook_is_stored_through_the_short_stack_and_a_page_keeps_the_full_one(
    whatsapp: Any,
) -> None:
    body = fake.delivery([fake.message("+51911000201", text="hola", id="wamid.wsgi-1")])
    status, headers = _call("POST", "/hooks/whatsapp/", body,
                            x_hub_signature_256=fake.sign(SECRET, body))  # fmt: skip
    assert status == 200
    assert InboundMessage.objects.filter(external_id="wamid.wsgi-1").count() == 1
    # No session, language or page policy was applied to a provider's POST...
    assert "Content-Security-Policy" not in headers and "Set-Cookie" not in headers
    assert "Vary" not in headers
    # ...while a page still gets them.
    status, headers = _call("GET", "/cuenta/ingresar/")
    assert status == 200
    assert "Content-Security-Policy" in headers
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.usefixtures("telegram", "sms")
def test_telegram_and_sms_deliveries_are_stored_through_the_short_stack() -> None:
    update = json.dumps(fixture_json("telegram_updates.json")[0]).encode()
    status, _headers = _call("POST", "/hooks/telegram/", update,
                             x_telegram_bot_api_secret_token=TELEGRAM_SECRET)  # fmt: skip
    assert status == 200
    form = {
        "MessageSid": "SMwsgi1",
        "From": "+51 900 000 603",
        "To": "+15005550006",
        "Body": "hola",
    }
    status, headers = _call(
        "POST", "/hooks/sms/", urlencode(form).encode(), "application/x-www-form-urlencoded",
        x_twilio_signature=signature("sms-token", SMS_URL, form.items()),
    )  # fmt: skip
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    assert sorted(InboundMessage.objects.values_list("channel", flat=True)) == ["sms", "telegram"]


@pytest.mark.usefixtures("restore_vault")
def test_a_locked_server_answers_providers_503_so_they_retry(whatsapp: Any, tmp_path: Path) -> None:
    body = fake.delivery([fake.message("+51911000202", text="hola", id="wamid.wsgi-2")])
    with override_settings(VIGIA_DEV=False, VIGIA_KEY_FILE=tmp_path / "absent.json"):
        state.drop()
        status, headers = _call("POST", "/hooks/whatsapp/", body,
                                x_hub_signature_256=fake.sign(SECRET, body))  # fmt: skip
    assert (status, headers["Retry-After"]) == (503, "60")
    assert not InboundMessage.objects.exists()
