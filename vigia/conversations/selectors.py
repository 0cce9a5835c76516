"""Reads for the coordinators' inbox: which threads wait for a person, and what was said.

Message text is decrypted here and shown only in the inbox's thread page (each opening is
audited by the view); the list shows no text at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vigia.conversations.access import threads_for_user
from vigia.members.models import Member
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread

HISTORY = 200  # the latest messages shown on a thread page
MEDIA_LABELS = {
    "image": "[imagen]",
    "audio": "[audio]",
    "video": "[video]",
    "document": "[documento]",
    "location": "[ubicación]",
    "unsupported": "[mensaje no admitido]",
}


def inbox_threads(user: Any) -> QuerySet[Thread]:
    """Threads that need a person, the longest waiting first; then those being answered."""
    return (
        threads_for_user(user)
        .filter(mode__in=[Thread.Mode.WAITING, Thread.Mode.HUMAN])
        .select_related("taken_by")
        .order_by("-mode", "waiting_since", "created_at")  # "waiting" sorts before "human"
    )


def owner_label(thread: Thread) -> str:
    """Her pseudonym when she is enrolled; nothing that identifies a stranger."""
    if thread.owner_id is None:
        return _("Sin inscribir")
    member = Member.objects.filter(pk=thread.owner_id).first()
    return str(member.pseudonym or _("Integrante")) if member else _("Integrante")


@dataclass(frozen=True)
class Line:
    at: datetime
    inbound: bool
    text: str
    by_staff: str = ""  # who answered by hand; empty for the flows
    status: str = ""


def _inbound_text(message: InboundMessage) -> str:
    raw = message.raw if isinstance(message.raw, dict) else {}
    text = str(raw.get("text") or raw.get("choice") or "")
    label = MEDIA_LABELS.get(message.kind, "")
    return f"{label} {text}".strip() if label else text


def _outbound_text(message: OutboundMessage) -> str:
    body = message.body if isinstance(message.body, dict) else {}
    if body.get("template"):
        return _("[aviso sin contenido: %(name)s]") % {"name": body["template"]}
    return str(body.get("text", ""))


def history(thread: Thread) -> list[Line]:
    inbound = InboundMessage.objects.filter(thread=thread).order_by("-received_at", "-position")
    outbound = (
        OutboundMessage.objects.filter(thread=thread)
        .select_related("by_staff")
        .order_by("-created_at")
    )
    lines = [Line(m.received_at, True, _inbound_text(m)) for m in inbound[:HISTORY]]
    lines += [
        Line(
            m.created_at,
            False,
            _outbound_text(m),
            by_staff=m.by_staff.get_username() if m.by_staff else "",
            status=m.get_status_display(),
        )
        for m in outbound[:HISTORY]
    ]
    lines.sort(key=lambda line: line.at)
    return lines[-HISTORY:]
