"""The inbox, the simulator and the public web chat in the authorization matrix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import ROLES, allowed

INBOX = {"coordinator", "responder", "admin"}
PUBLIC = dict.fromkeys(ROLES, 200)


def _thread(o: dict[str, Any]) -> str:
    return f"/conversaciones/bandeja/{o['thread'].pk}/"


ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("conversations:inbox", "get", lambda o: "/conversaciones/bandeja/", allowed(200, INBOX)),
    ("conversations:inbox_thread", "get", _thread, allowed(200, INBOX)),
    ("conversations:inbox_take", "post", lambda o: _thread(o) + "tomar/", allowed(302, INBOX)),
    ("conversations:inbox_reply", "post", lambda o: _thread(o) + "responder/", allowed(302, INBOX)),
    (
        "conversations:inbox_hand_back",
        "post",
        lambda o: _thread(o) + "devolver/",
        allowed(302, INBOX),
    ),
    ("conversations:simulator", "get", lambda o: "/conversaciones/simulador/", allowed(200, INBOX)),
    ("conversations:webchat", "get", lambda o: "/conversaciones/chat/", PUBLIC),
    (
        "conversations:webchat_poll",
        "post",
        lambda o: "/conversaciones/chat/mensajes/",
        dict.fromkeys(ROLES, 400),
    ),
]


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.messaging.ingest import thread_for

    return {"thread": thread_for("whatsapp", "+51999000111")}
