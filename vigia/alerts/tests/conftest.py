from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from vigia.alerts.tests.fakes import FakeProvider
from vigia.messaging.tests.support import whatsapp

__all__ = ["whatsapp"]


@pytest.fixture
def telegram(settings: Any) -> Iterator[FakeProvider]:
    provider = FakeProvider("telegram")
    settings.VIGIA_TELEGRAM_API_BASE = provider.start()
    settings.VIGIA_TELEGRAM_BOT_TOKEN = "123:token"
    settings.VIGIA_TELEGRAM_SECRET_TOKEN = "tg-secret"
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def _fast_outbox(settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 0
    settings.VIGIA_TELEGRAM_RECIPIENT_SECONDS = 0
