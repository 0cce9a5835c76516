"""The steps every provider webhook takes, in this order:

1. the integration is configured, or 404;
2. the body fits (Django's upload limit), or 413;
3. authenticity is verified over the raw bytes, before anything is parsed, or 403;
4. the body parses into the provider's strict models, or 400;
5. the messages are stored, deduplicated, and committed; then 200 (also for well-formed
   deliveries that hold nothing for us, so the provider stops retrying).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from pydantic import ValidationError

from vigia.messaging import ingest
from vigia.messaging.providers.base import Parsed

logger = logging.getLogger(__name__)


class Malformed(Exception):
    """The body is not what the provider documents."""


def json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Malformed from None


def receive(
    request: HttpRequest,
    *,
    channel: str,
    enabled: bool,
    verify: Callable[[HttpRequest, bytes], bool],
    parse: Callable[[HttpRequest, bytes], Parsed],
    ok: Callable[[], HttpResponse] = lambda: HttpResponse(status=200),
) -> HttpResponse:
    if not enabled:
        return HttpResponse(status=404)
    try:
        raw = request.body
    except RequestDataTooBig:
        return HttpResponse(status=413)
    if not verify(request, raw):
        logger.warning("%s webhook: authenticity check failed", channel)
        return HttpResponse(status=403)
    try:
        parsed = parse(request, raw)
    except (Malformed, ValidationError, ValueError, TypeError, OverflowError):
        logger.warning("%s webhook: malformed delivery", channel)
        return HttpResponse(status=400)
    try:
        new = ingest.accept(channel, parsed)
    except DatabaseError:
        # Not stored: the provider must retry, so this is the one 5xx we answer on purpose.
        logger.exception("%s webhook: could not store the delivery", channel)
        return HttpResponse(status=503)
    logger.debug("%s webhook: %d messages", channel, new)
    return ok()
