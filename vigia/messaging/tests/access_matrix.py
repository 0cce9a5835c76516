"""Webhooks in the authorization matrix: no staff role matters; with the integrations off
(the test settings) every caller gets 404, whoever is logged in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "coordinator", "verifier", "responder", "analyst", "admin"]
OFF = dict.fromkeys(ROLES, 404)

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("messaging:whatsapp", "post", lambda o: "/hooks/whatsapp/", OFF),
    ("messaging:telegram", "post", lambda o: "/hooks/telegram/", OFF),
    ("messaging:sms", "post", lambda o: "/hooks/sms/", OFF),
]
