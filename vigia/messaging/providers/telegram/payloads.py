"""Strict models of the Telegram Bot API ``Update`` objects a bot receives by webhook.

Only private chats are handled (a member writing to the bot); group updates, edits and other
update kinds are well-formed but not for us (200).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from vigia.messaging.providers.base import Item, Parsed


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class Chat(_Model):
    id: StrictInt
    type: StrictStr


class File(_Model):
    file_id: StrictStr = Field(max_length=300)
    mime_type: StrictStr = Field(default="", max_length=200)


class Location(_Model):
    latitude: float
    longitude: float


class Message(_Model):
    message_id: StrictInt
    date: StrictInt = Field(ge=0, le=2**40)
    chat: Chat
    text: StrictStr = Field(default="", max_length=8192)
    caption: StrictStr = Field(default="", max_length=4096)
    photo: list[File] = Field(default_factory=list, max_length=20)
    voice: File | None = None
    audio: File | None = None
    video: File | None = None
    document: File | None = None
    location: Location | None = None


class CallbackQuery(_Model):
    id: StrictStr = Field(max_length=200)
    data: StrictStr = Field(default="", max_length=64)
    message: Message | None = None


class Update(_Model):
    update_id: StrictInt
    message: Message | None = None
    callback_query: CallbackQuery | None = None


def _media(message: Message) -> tuple[str, File] | None:
    if message.photo:
        return "image", message.photo[-1]  # the largest size comes last
    for kind, file in (
        ("audio", message.voice),
        ("audio", message.audio),
        ("video", message.video),
        ("document", message.document),
    ):
        if file is not None:
            return kind, file
    return None


def parse(data: Any) -> Parsed:
    update = Update.model_validate(data)
    # The update id is unique per bot and increases: Telegram's retries reuse it.
    external_id = f"u{update.update_id}"
    if update.callback_query is not None and update.callback_query.message is not None:
        if update.callback_query.message.chat.type != "private":
            return Parsed([], [])
        return Parsed(
            [
                Item(
                    external_id=external_id,
                    address=str(update.callback_query.message.chat.id),
                    kind="choice",
                    choice=update.callback_query.data,
                    sent_at=datetime.now(tz=UTC),
                    # Answered by the worker (answerCallbackQuery) so her button stops spinning.
                    extra={"callback_id": update.callback_query.id},
                )
            ],
            [],
        )
    message = update.message
    if message is None or message.chat.type != "private":
        return Parsed([], [])
    base: dict[str, Any] = {
        "external_id": external_id,
        "address": str(message.chat.id),
        "sent_at": datetime.fromtimestamp(message.date, tz=UTC),
    }
    media = _media(message)
    if media is not None:
        kind, file = media
        item = Item(
            kind=kind,
            text=message.caption,
            media_id=file.file_id,
            media_type=file.mime_type,
            **base,
        )
    elif message.location is not None:
        item = Item(
            kind="location",
            extra={"lat": message.location.latitude, "lon": message.location.longitude},
            **base,
        )
    elif message.text:
        item = Item(kind="text", text=message.text, **base)
    else:
        item = Item(kind="unsupported", **base)
    return Parsed([item], [])
