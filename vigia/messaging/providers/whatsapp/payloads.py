"""Strict models of the WhatsApp Cloud API webhook (``object: whatsapp_business_account``).

Shape, from Meta's webhook reference: ``entry[].changes[].value`` holds ``metadata``,
``contacts[]``, ``messages[]`` and/or ``statuses[]``. Unknown keys are allowed (Meta adds
fields without notice), but every key we read has the type we expect, or the delivery is
malformed (400).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from vigia.messaging.providers.base import Item, Parsed, Receipt


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class Text(_Model):
    body: StrictStr = Field(max_length=8192)


class Media(_Model):
    id: StrictStr = Field(max_length=200)
    mime_type: StrictStr = Field(default="", max_length=200)
    caption: StrictStr = Field(default="", max_length=4096)
    sha256: StrictStr = Field(default="", max_length=200)
    filename: StrictStr = Field(default="", max_length=400)
    voice: bool = False


class Location(_Model):
    latitude: float
    longitude: float
    name: StrictStr = Field(default="", max_length=400)
    address: StrictStr = Field(default="", max_length=400)


class Reply(_Model):
    id: StrictStr = Field(max_length=256)
    title: StrictStr = Field(default="", max_length=256)


class Interactive(_Model):
    type: StrictStr
    button_reply: Reply | None = None
    list_reply: Reply | None = None


class Button(_Model):
    """A tap on a template's quick-reply button."""

    payload: StrictStr = Field(default="", max_length=256)
    text: StrictStr = Field(default="", max_length=256)


class Message(_Model):
    from_: StrictStr = Field(alias="from", max_length=32, pattern=r"^\+?\d{5,20}$")
    id: StrictStr = Field(min_length=1, max_length=200)
    timestamp: StrictStr = Field(pattern=r"^\d{1,12}$")
    type: StrictStr = Field(max_length=40)
    text: Text | None = None
    image: Media | None = None
    audio: Media | None = None
    video: Media | None = None
    document: Media | None = None
    sticker: Media | None = None
    location: Location | None = None
    interactive: Interactive | None = None
    button: Button | None = None


class Error(_Model):
    code: int
    title: StrictStr = ""


class Status(_Model):
    id: StrictStr = Field(min_length=1, max_length=200)
    status: StrictStr = Field(max_length=20)
    timestamp: StrictStr = Field(default="", pattern=r"^\d{0,12}$")
    recipient_id: StrictStr = Field(default="", max_length=32)
    errors: list[Error] = Field(default_factory=list, max_length=10)


class Value(_Model):
    messaging_product: StrictStr = "whatsapp"
    messages: list[Message] = Field(default_factory=list, max_length=1000)
    statuses: list[Status] = Field(default_factory=list, max_length=1000)


class Change(_Model):
    field: StrictStr
    value: dict[str, Any]


class Entry(_Model):
    id: StrictStr
    changes: list[Change] = Field(max_length=1000)


class Envelope(_Model):
    object: StrictStr
    entry: list[Entry] = Field(max_length=1000)


_MEDIA_KINDS = {"image": "image", "audio": "audio", "video": "video", "document": "document"}


def _item(message: Message) -> Item:
    sent_at = datetime.fromtimestamp(int(message.timestamp), tz=UTC)
    address = "+" + message.from_.lstrip("+")
    base: dict[str, Any] = {"external_id": message.id, "address": address, "sent_at": sent_at}
    if message.type == "text" and message.text is not None:
        return Item(kind="text", text=message.text.body, **base)
    if message.type in _MEDIA_KINDS:
        media: Media | None = getattr(message, message.type)
        if media is not None:
            return Item(
                kind=_MEDIA_KINDS[message.type],
                text=media.caption,
                media_id=media.id,
                media_type=media.mime_type,
                extra={"voice": media.voice},
                **base,
            )
    if message.type == "location" and message.location is not None:
        return Item(
            kind="location",
            text=message.location.name or message.location.address,
            extra={"lat": message.location.latitude, "lon": message.location.longitude},
            **base,
        )
    if message.type == "interactive" and message.interactive is not None:
        reply = message.interactive.button_reply or message.interactive.list_reply
        if reply is not None:
            return Item(kind="choice", text=reply.title, choice=reply.id, **base)
    if message.type == "button" and message.button is not None:
        return Item(kind="choice", text=message.button.text, choice=message.button.payload, **base)
    # Stickers, reactions, contacts, orders, "unsupported"...: stored, answered briefly.
    return Item(kind="unsupported", extra={"type": message.type[:40]}, **base)


def parse(data: Any) -> Parsed:
    """Normalize a validated delivery; raises pydantic.ValidationError when malformed."""
    envelope = Envelope.model_validate(data)
    items: list[Item] = []
    receipts: list[Receipt] = []
    if envelope.object != "whatsapp_business_account":
        return Parsed(items, receipts)
    for entry in envelope.entry:
        for change in entry.changes:
            if change.field != "messages":
                continue  # account, template and quality updates: not ours to act on
            value = Value.model_validate(change.value)
            items.extend(_item(message) for message in value.messages)
            receipts.extend(
                Receipt(
                    provider_id=status.id,
                    status=status.status,
                    error_code=str(status.errors[0].code) if status.errors else "",
                )
                for status in value.statuses
            )
    return Parsed(items, receipts)
