"""Test support shared by messaging and conversations tests: a configured fake WhatsApp,
signed deliveries, and the real database worker run in-process until the queue is empty."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from vigia.messaging import fake

SECRET = "test-app-secret"
TELEGRAM_SECRET = "telegram-secret_123"
SMS_URL = "https://vigia.example.org/hooks/sms/"
FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture(name))


def post_signed(client: Client, body: bytes, *, secret: str = SECRET) -> Any:
    return client.post(
        "/hooks/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": fake.sign(secret, body)},
    )


def run_worker(max_rounds: int = 50, horizon: float = 3.0) -> None:
    """Run the inbound poller and django-tasks' database worker in batch mode until nothing
    is due within ``horizon`` seconds (deferred drains for rate limits are waited for)."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes "obsolete" connections between tasks; inside a test's transaction
    # that would close PostgreSQL's connection under the test. Keep it open here.
    db_worker.close_old_connections = lambda **kwargs: None  # type: ignore[attr-defined]
    from vigia.messaging import inbound

    for _round in range(max_rounds):
        while inbound.poll():
            pass
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        ).run()
        later = (
            DBTaskResult.objects.filter(status="READY", run_after__isnull=False)
            .order_by("run_after")
            .values_list("run_after", flat=True)
            .first()
        )
        if later is None:
            return
        wait = (later - timezone.now()).total_seconds()
        if wait > horizon:
            return
        time.sleep(max(0.0, wait) + 0.01)


@pytest.fixture
def whatsapp(settings: Any) -> Iterator[fake.FakeWhatsApp]:
    """A fake Cloud API on loopback, and Vigía configured to use it."""
    provider = fake.FakeWhatsApp()
    settings.VIGIA_WHATSAPP_API_BASE = provider.start()
    settings.VIGIA_WHATSAPP_APP_SECRET = SECRET
    settings.VIGIA_WHATSAPP_VERIFY_TOKEN = "verify-me"
    settings.VIGIA_WHATSAPP_ACCESS_TOKEN = "token"
    settings.VIGIA_WHATSAPP_PHONE_NUMBER_ID = fake.PHONE_NUMBER_ID
    yield provider
    provider.stop()


@pytest.fixture
def telegram(settings: Any) -> None:
    """Vigía configured for a Telegram bot."""
    settings.VIGIA_TELEGRAM_BOT_TOKEN = "123:abc"
    settings.VIGIA_TELEGRAM_SECRET_TOKEN = TELEGRAM_SECRET


@pytest.fixture
def sms(settings: Any) -> None:
    """Vigía configured for a Twilio-compatible SMS gateway."""
    settings.VIGIA_SMS_ACCOUNT = "AC0000"
    settings.VIGIA_SMS_AUTH_TOKEN = "sms-token"
    settings.VIGIA_SMS_WEBHOOK_URL = SMS_URL
