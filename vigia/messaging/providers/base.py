"""What every provider turns its payloads into, and what every transport must do.

A provider folder holds ``payloads.py`` (strict pydantic models of what it sends us),
``views.py`` (verify, parse, hand normalized items to :mod:`vigia.messaging.ingest`),
``transport.py`` (send, download media) and ``urls.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class Item:
    """One inbound message, normalized."""

    external_id: str
    address: str  # normalized: E.164 for phones, the chat id for Telegram
    kind: str  # InboundMessage.Kind
    text: str = ""
    choice: str = ""  # the id of a tapped button or list row
    media_id: str = ""
    media_type: str = ""  # as claimed by the provider; never trusted
    sent_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_raw(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "choice": self.choice,
            "media_id": self.media_id,
            "media_type": self.media_type,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            **self.extra,
        }


@dataclass(frozen=True)
class Receipt:
    """A status callback about one of our messages."""

    provider_id: str
    status: str  # sent, delivered, read, failed
    error_code: str = ""


@dataclass(frozen=True)
class Parsed:
    items: list[Item]
    receipts: list[Receipt]


@dataclass(frozen=True)
class Outgoing:
    """What the outbox asks a transport to send."""

    address: str
    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    template: str = ""  # an approved template name (WhatsApp outside the 24-hour window)
    language: str = "es"


class Outcome:
    """How a send ended, mapped from the provider's answer."""

    SENT = "sent"
    RETRY = "retry"  # 5xx, timeouts: try again later
    THROTTLED = "throttled"  # 429 / rate-limit codes: slow down, then retry
    FAILED = "failed"  # permanent: bad number, bad request
    OPTED_OUT = "opted_out"  # she blocked us or left the channel


@dataclass(frozen=True)
class SendResult:
    outcome: str
    provider_id: str = ""
    error_code: str = ""
    retry_after: float | None = None


class Transport(Protocol):
    channel: str

    def send(self, message: Outgoing) -> SendResult: ...

    def download(self, media_id: str) -> bytes: ...


class MediaUnavailable(Exception):
    """The provider could not give us the file."""
