"""SMS gateway webhook (Twilio-compatible): ``X-Twilio-Signature`` is the base64 HMAC-SHA1,
keyed by the auth token, of the full public URL followed by every POST parameter, sorted by
name, as name+value with no separator."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from vigia.messaging.providers.base import Parsed
from vigia.messaging.providers.sms import payloads
from vigia.messaging.webhooks import Malformed, receive

CHANNEL = "sms"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signature(token: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    signed = url + "".join(f"{key}{value}" for key, value in sorted(params))
    digest = hmac.new(token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _url(request: HttpRequest) -> str:
    return str(settings.VIGIA_SMS_WEBHOOK_URL) or request.build_absolute_uri()


def _verify(request: HttpRequest, raw: bytes) -> bool:
    token = settings.VIGIA_SMS_AUTH_TOKEN or ""
    given = request.headers.get("X-Twilio-Signature", "")
    if not token or not given:
        return False
    params = [(key, value) for key, values in request.POST.lists() for value in values]
    expected = signature(token, _url(request), params)
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def _parse(request: HttpRequest, raw: bytes) -> Parsed:
    if any(len(values) > 1 for _key, values in request.POST.lists()):
        raise Malformed
    return payloads.parse({key: str(value) for key, value in request.POST.items()})


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    return receive(
        request,
        channel=CHANNEL,
        enabled=bool(settings.VIGIA_SMS_AUTH_TOKEN and settings.VIGIA_SMS_ACCOUNT),
        verify=_verify,
        parse=_parse,
        # An empty TwiML answer: replies go through the outbox, never in the webhook response.
        ok=lambda: HttpResponse(EMPTY_TWIML, content_type="text/xml"),
    )
