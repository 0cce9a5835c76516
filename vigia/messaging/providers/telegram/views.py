"""Telegram webhook: ``setWebhook`` was called with a ``secret_token``; Telegram sends it back
in ``X-Telegram-Bot-Api-Secret-Token`` on every update, compared in constant time."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vigia.messaging.providers.base import Parsed
from vigia.messaging.providers.telegram import payloads
from vigia.messaging.webhooks import json_body, receive

CHANNEL = "telegram"


def _verify(request: HttpRequest, raw: bytes) -> bool:
    expected = settings.VIGIA_TELEGRAM_SECRET_TOKEN or ""
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    return bool(expected) and hmac.compare_digest(
        expected.encode(), given.encode("utf-8", "replace")
    )


def _parse(request: HttpRequest, raw: bytes) -> Parsed:
    return payloads.parse(json_body(raw))


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    return receive(
        request,
        channel=CHANNEL,
        enabled=bool(settings.VIGIA_TELEGRAM_BOT_TOKEN and settings.VIGIA_TELEGRAM_SECRET_TOKEN),
        verify=_verify,
        parse=_parse,
    )
