"""WhatsApp Cloud API webhook: GET is the subscription handshake, POST the deliveries.

Meta signs each POST with ``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
keyed by the app secret>``; we compare in constant time before reading a single field.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vigia.messaging.providers.base import Parsed
from vigia.messaging.providers.whatsapp import payloads
from vigia.messaging.webhooks import json_body, receive

CHANNEL = "whatsapp"


def signature(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def _verify(request: HttpRequest, raw: bytes) -> bool:
    given = request.headers.get("X-Hub-Signature-256", "")
    secret = settings.VIGIA_WHATSAPP_APP_SECRET or ""
    return bool(secret and given) and hmac.compare_digest(
        signature(secret, raw).encode(), given.encode("utf-8", "replace")
    )


def _parse(request: HttpRequest, raw: bytes) -> Parsed:
    return payloads.parse(json_body(raw))


def _handshake(request: HttpRequest) -> HttpResponse:
    expected = settings.VIGIA_WHATSAPP_VERIFY_TOKEN or ""
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if (
        expected
        and request.GET.get("hub.mode") == "subscribe"
        and hmac.compare_digest(token.encode(), expected.encode())
        and challenge.isdigit()
        and len(challenge) <= 64
    ):
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponse(status=403)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    return receive(
        request,
        channel=CHANNEL,
        enabled=bool(settings.VIGIA_WHATSAPP_APP_SECRET),
        verify=_verify,
        parse=_parse,
    )
