"""How the apps beside messaging plug in, without messaging importing them.

``conversations`` registers, in its ``AppConfig.ready``:

- a *handler* that receives each inbound message, in order, once;
- an *owner resolver* that says which member (a UUID) an address belongs to, so her
  messages are sealed with her own key from the first one;
- a *recipient check* that the outbox asks right before sending (a phone marked
  compromised after a message was queued gets nothing).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigia.messaging.models import InboundMessage, Thread


@dataclass(frozen=True)
class Incoming:
    """What a handler gets: the thread, the stored message and, for media, its bytes."""

    thread: Thread
    message: InboundMessage
    kind: str
    text: str
    choice: str
    media: bytes | None
    media_error: bool
    # Set when this message reopened WhatsApp's 24-hour window and released held replies:
    # the flows should not read "1" as a menu choice then.
    released_held: bool = False


Handler = Callable[[Incoming], None]
OwnerResolver = Callable[[str, str], "uuid.UUID | None"]
RecipientCheck = Callable[["uuid.UUID"], bool]

_handler: list[Handler] = []
_resolver: list[OwnerResolver] = []
_check: list[RecipientCheck] = []


def register(
    *,
    handler: Handler | None = None,
    owner_resolver: OwnerResolver | None = None,
    recipient_check: RecipientCheck | None = None,
) -> None:
    for slot, value in (
        (_handler, handler),
        (_resolver, owner_resolver),
        (_check, recipient_check),
    ):
        if value is not None:
            slot[:] = [value]  # type: ignore[list-item]


def handle(incoming: Incoming) -> None:
    if _handler:
        _handler[0](incoming)


def resolve_owner(channel: str, address: str) -> uuid.UUID | None:
    return _resolver[0](channel, address) if _resolver else None


def may_send(owner_id: uuid.UUID | None) -> bool:
    if owner_id is None or not _check:
        return True
    return _check[0](owner_id)
