"""Abuse limits of the web chat: messages per minute from one open chat (its token) and from
one client address, so that a script can neither flood the flows nor fill the database.

The limits live in the database, as GCRA buckets (``RateBucket``: every server process shares
them), keyed by blind indexes: the chat's token as its thread is indexed, and the client's
address (an IPv6 client by its /64) hashed with the blind-index key and the day. The address
itself is never stored nor logged, its hash changes every day, and a bucket's row is deleted
once it limits nothing any more.

A call for help (AYUDA, or the menu's help key) never counts against these limits: it has its
own buckets, three times as large, that ordinary messages cannot use up.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from vigia.messaging.models import RateBucket
from vigia.vault.fields import blind_index

logger = logging.getLogger(__name__)
PREFIX = "w:"
HELP_FACTOR = 3
PURGE_EVERY = 60.0  # seconds between two clean-ups of spent buckets, per process
# Says whether a message is a call for help; registered by the conversations app, which
# knows the safety words (messaging imports no conversations).
URGENT: list[Callable[[str], bool]] = []
_last_purge = [0.0]


def urgent(word: str) -> bool:
    return bool(URGENT) and bool(word) and URGENT[0](word)


def client_key(request: HttpRequest) -> str:
    """A daily keyed hash of the client's address (its /64 for IPv6); never the address."""
    raw = str(request.META.get("REMOTE_ADDR", ""))
    if settings.VIGIA_BEHIND_PROXY:
        # The last hop is the one our own proxy added; earlier ones are the client's to forge.
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
        raw = forwarded or raw
    try:
        address: Any = ipaddress.ip_address(raw)
    except ValueError:
        client = "unknown"
    else:
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if address.version == 6:
            client = str(ipaddress.ip_network(f"{address}/64", strict=False))
        else:
            client = str(address)
    day = timezone.now().date().isoformat()
    return blind_index("webchat.client", f"{day}|{client}")[:40]


def admit(*, chat: str, client: str, word: str) -> float:
    """Count one message; 0 when it may go in, else the seconds to wait. ``chat`` is the
    chat's blind index, ``client`` from :func:`client_key`."""
    now = timezone.now()
    _purge(now)
    kind = "h" if urgent(word) else "m"
    factor = HELP_FACTOR if kind == "h" else 1
    return _take(
        [
            (f"{PREFIX}{kind}s:{chat[:40]}", settings.VIGIA_WEBCHAT_RATE * factor),
            (f"{PREFIX}{kind}a:{client}", settings.VIGIA_WEBCHAT_ADDRESS_RATE * factor),
        ],
        now,
    )


@transaction.atomic
def _take(limits: list[tuple[str, int]], now: Any) -> float:
    """GCRA over several buckets at once: taken from all of them, or from none."""
    keys = [key for key, _rate in limits]
    known = {
        row.key: row.tat for row in RateBucket.objects.select_for_update().filter(key__in=keys)
    }
    wait = 0.0
    taken = []
    for key, per_minute in limits:
        interval = timedelta(seconds=60.0 / per_minute)
        tat = max(known.get(key, now), now)
        # A burst of ``per_minute`` messages, then one every ``interval``.
        early = (tat - now - interval * (per_minute - 1)).total_seconds()
        wait = max(wait, early)
        taken.append(RateBucket(key=key, tat=tat + interval))
    if wait > 0:
        return wait
    RateBucket.objects.bulk_create(
        taken, update_conflicts=True, unique_fields=["key"], update_fields=["tat"]
    )
    return 0.0


def _purge(now: Any) -> None:
    """Delete spent buckets (their limit is back to full: a row would only keep a hash)."""
    clock = time.monotonic()
    if clock - _last_purge[0] < PURGE_EVERY:
        return
    _last_purge[0] = clock
    RateBucket.objects.filter(key__startswith=PREFIX, tat__lt=now).delete()
