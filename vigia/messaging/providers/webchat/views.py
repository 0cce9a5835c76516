"""A web chat for members without WhatsApp, Telegram or SMS: the same flows, no account.

Nothing stays in her browser: no cookie (the views are CSRF-exempt and never touch the
session; a CSRF token would need a cookie and protects nothing here, since no ambient
credential exists to abuse), no local storage, every answer ``Cache-Control: no-store``.
The conversation is tied to a random token that lives only in the open page: a reload or
the quick exit starts afresh. Her messages take the same inbound path as a provider's
(stored encrypted, handled by the worker in order); answers are outbox rows that the page
fetches. Messages are limited per chat and per client address (``limits.py``): above the
limit the page answers 429 with a short notice; a call for help always goes in.
"""

from __future__ import annotations

import logging
import math
import re
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from vigia.messaging import ingest
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread
from vigia.messaging.providers.base import Item, Parsed
from vigia.messaging.providers.webchat import limits
from vigia.messaging.providers.webchat.transport import CHANNEL

logger = logging.getLogger(__name__)

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_TEXT = 2000
SHOWN = (OutboundMessage.Status.SENT, OutboundMessage.Status.DELIVERED, OutboundMessage.Status.READ)


def _token(request: HttpRequest) -> str | None:
    token = request.POST.get("token", "")
    return token if TOKEN.fullmatch(token) else None


def _thread(token: str) -> Thread | None:
    index = ingest.address_index(CHANNEL, token)
    return Thread.objects.filter(channel=CHANNEL, address_index=index).first()


def _lines(thread: Thread | None) -> tuple[list[dict[str, Any]], list[list[str]]]:
    """Her messages and the answers released so far, oldest first; the latest options."""
    if thread is None:
        return [], []
    lines: list[dict[str, Any]] = []
    for inbound in InboundMessage.objects.filter(thread=thread).order_by("received_at")[:200]:
        raw = inbound.raw if isinstance(inbound.raw, dict) else {}
        lines.append(
            {
                "at": inbound.received_at,
                "mine": True,
                "text": raw.get("text") or raw.get("choice", ""),
            }
        )
    answers = list(
        OutboundMessage.objects.filter(thread=thread, status__in=SHOWN).order_by("created_at")[:200]
    )
    options: list[list[str]] = []
    for answer in answers:
        body = answer.body if isinstance(answer.body, dict) else {}
        lines.append({"at": answer.created_at, "mine": False, "text": body.get("text", "")})
        options = [list(map(str, b)) for b in body.get("buttons", [])]
    lines.sort(key=lambda line: line["at"])
    now = timezone.now()
    # What her page fetched counts as read (the receipt other channels get from providers).
    OutboundMessage.objects.filter(pk__in=[a.pk for a in answers], read_at__isnull=True).update(
        status=OutboundMessage.Status.READ, delivered_at=now, read_at=now
    )
    if lines and not lines[-1]["mine"]:
        return lines, options
    return lines, []


def _page(
    request: HttpRequest, token: str, thread: Thread | None, *, notice: str = "", status: int = 200
) -> HttpResponse:
    lines, options = _lines(thread)
    context = {
        "token": token,
        "lines": lines,
        "options": options,
        "notice": notice,
        "exit_url": settings.VIGIA_WEBCHAT_EXIT_URL,
    }
    if request.headers.get("X-Webchat") == "1":  # the page's script wants only the lines
        return render(request, "messaging/_webchat_lines.html", context, status=status)
    return render(request, "messaging/webchat.html", context, status=status)


def _too_many(request: HttpRequest, token: str, wait: float) -> HttpResponse:
    logger.info("webchat: a message was refused by the abuse limit")  # no token, no address
    notice = _(
        "Enviaste muchos mensajes seguidos. Espera un momento y vuelve a escribir. "
        "Si es urgente, escribe AYUDA."
    )
    response = _page(request, token, _thread(token), notice=notice, status=429)
    response["Retry-After"] = str(max(1, math.ceil(wait)))
    return response


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def chat(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, secrets.token_urlsafe(24), None)
    token = _token(request)
    if token is None:
        return HttpResponse(status=400)
    text = request.POST.get("text", "").strip()[:MAX_TEXT]
    choice = request.POST.get("choice", "").strip()[:64]
    if text or choice:
        wait = limits.admit(
            chat=ingest.address_index(CHANNEL, token),
            client=limits.client_key(request),
            word=choice or text,
        )
        if wait > 0:
            return _too_many(request, token, wait)
        item = Item(
            external_id=f"web.{uuid.uuid4()}",
            address=token,
            kind=InboundMessage.Kind.CHOICE if choice else InboundMessage.Kind.TEXT,
            text=text,
            choice=choice,
        )
        ingest.accept(CHANNEL, Parsed(items=[item], receipts=[]))
    return _page(request, token, _thread(token))


@never_cache
@csrf_exempt
@require_POST
def poll(request: HttpRequest) -> HttpResponse:
    token = _token(request)
    if token is None:
        return HttpResponse(status=400)
    return _page(request, token, _thread(token))
