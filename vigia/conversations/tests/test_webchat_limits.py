"""The web chat's abuse limits: per open chat and per client address, a 429 with a short
notice above them, AYUDA always let in, and the client's address never stored."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vigia.alerts.models import Emergency
from vigia.messaging.models import InboundMessage, RateBucket
from vigia.messaging.providers.webchat import limits
from vigia.messaging.tests.support import run_worker

pytestmark = pytest.mark.django_db
CHAT = "/conversaciones/chat/"
NOTICE = "Enviaste muchos mensajes seguidos"


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.VIGIA_WEBCHAT_RATE = 3
    settings.VIGIA_WEBCHAT_ADDRESS_RATE = 100


def _open(client: Client, address: str = "203.0.113.7") -> str:
    page = client.get(CHAT, REMOTE_ADDR=address).text
    found = re.search(r'name="token" value="([A-Za-z0-9_-]{32})"', page)
    assert found is not None
    return found.group(1)


def _say(client: Client, token: str, text: str, address: str = "203.0.113.7", **extra: Any) -> Any:
    return client.post(CHAT, {"token": token, "text": text}, REMOTE_ADDR=address, **extra)


def test_one_chat_is_limited_with_a_short_notice_and_a_retry_after() -> None:
    client = Client()
    token = _open(client)
    assert [_say(client, token, f"hola {n}").status_code for n in range(3)] == [200, 200, 200]
    refused = _say(client, token, "hola otra vez")
    assert refused.status_code == 429
    assert NOTICE in refused.text and "escribe AYUDA" in refused.text
    assert int(refused["Retry-After"]) >= 1
    assert 'name="token"' in refused.text  # the whole page still works without JavaScript
    script = _say(client, token, "y otra", HTTP_X_WEBCHAT="1")
    assert script.status_code == 429 and NOTICE in script.text and "<html" not in script.text
    assert InboundMessage.objects.count() == 3  # what was refused was not stored
    # Another chat on the same address is not held back by the first one's limit.
    assert _say(client, _open(client), "hola").status_code == 200


def test_ayuda_gets_through_a_limited_chat_and_opens_an_emergency() -> None:
    client = Client()
    token = _open(client)
    for n in range(3):
        _say(client, token, f"spam {n}")
    assert _say(client, token, "spam").status_code == 429
    assert _say(client, token, "¡Ayuda!").status_code == 200
    run_worker()
    assert Emergency.objects.filter(source="keyword").count() == 1
    # Its own allowance is three times the ordinary one, not unlimited (a flood of AYUDA
    # would bury the real ones).
    assert [_say(client, token, "AYUDA").status_code for _ in range(9)][-1] == 429


def test_one_address_is_limited_across_chats_and_others_are_not(settings: Any) -> None:
    settings.VIGIA_WEBCHAT_RATE = 100
    settings.VIGIA_WEBCHAT_ADDRESS_RATE = 2
    client = Client()
    assert _say(client, _open(client), "a").status_code == 200
    assert _say(client, _open(client), "b").status_code == 200
    assert _say(client, _open(client), "c").status_code == 429
    assert _say(client, _open(client), "d", address="198.51.100.20").status_code == 200
    # An IPv6 client is one /64: changing the last bits does not escape the limit.
    assert _say(client, _open(client), "e", address="2001:db8:1:2::10").status_code == 200
    assert _say(client, _open(client), "f", address="2001:db8:1:2::11").status_code == 200
    assert _say(client, _open(client), "g", address="2001:db8:1:2::12").status_code == 429


def test_the_address_is_never_stored_and_its_hash_changes_daily(rf: Any) -> None:
    client = Client()
    _say(client, _open(client), "hola", address="203.0.113.77")
    keys = list(RateBucket.objects.filter(key__startswith="w:").values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("203" in key or "113" in key for key in keys)
    request = rf.post(CHAT, REMOTE_ADDR="203.0.113.77")
    today = limits.client_key(request)
    assert f"w:ma:{today}" in keys
    assert today != limits.client_key(rf.post(CHAT, REMOTE_ADDR="203.0.113.78"))


def test_behind_a_proxy_the_last_forwarded_address_counts(settings: Any, rf: Any) -> None:
    forged = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.1.1.1, 203.0.113.9"}
    settings.VIGIA_BEHIND_PROXY = False
    assert limits.client_key(rf.post(CHAT, **forged)) == limits.client_key(
        rf.post(CHAT, REMOTE_ADDR="10.0.0.1")
    )
    settings.VIGIA_BEHIND_PROXY = True
    assert limits.client_key(rf.post(CHAT, **forged)) == limits.client_key(
        rf.post(CHAT, REMOTE_ADDR="203.0.113.9")
    )


def test_the_limit_refills_and_spent_buckets_are_deleted() -> None:
    client = Client()
    token = _open(client)
    for n in range(3):
        _say(client, token, f"hola {n}")
    assert _say(client, token, "hola").status_code == 429
    RateBucket.objects.filter(key__startswith="w:").update(
        tat=timezone.now() - timedelta(seconds=1)
    )  # a minute later
    limits._last_purge[0] = 0.0
    assert _say(client, token, "hola").status_code == 200
    # The spent buckets were deleted before this message made new ones.
    assert RateBucket.objects.filter(key__startswith="w:").count() == 2
    assert all(b.tat > timezone.now() for b in RateBucket.objects.filter(key__startswith="w:"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_shows_the_notice_when_limited(page: Any, live_server: Any, settings: Any) -> None:
    from playwright.sync_api import expect

    settings.VIGIA_WEBCHAT_RATE = 1
    page.goto(f"{live_server.url}{CHAT}")
    for text in ("hola", "hola de nuevo"):
        page.fill("#webchat-text", text)
        page.click("button[type=submit] >> text=Enviar")
    expect(page.locator("#webchat-lines [role=alert]")).to_contain_text(NOTICE)
    expect(page.locator("#webchat-lines li.in")).to_have_count(1)
