"""Strict models of a Twilio-compatible SMS gateway's form webhooks: an incoming message
(``MessageSid``, ``From``, ``Body``, ``NumMedia``, ``MediaUrl0``...) or a status callback
(``MessageSid``, ``MessageStatus``, ``ErrorCode``)."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from vigia.lib.phones import normalize_phone
from vigia.messaging.providers.base import Item, Parsed, Receipt


class Form(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, frozen=True, populate_by_name=True)

    message_sid: StrictStr = Field(alias="MessageSid", pattern=r"^[A-Za-z0-9]{2,64}$")
    from_: StrictStr = Field(default="", alias="From", max_length=40)
    body: StrictStr = Field(default="", alias="Body", max_length=2000)
    num_media: StrictStr = Field(default="0", alias="NumMedia", pattern=r"^\d{1,2}$")
    media_url: StrictStr = Field(default="", alias="MediaUrl0", max_length=1000)
    media_type: StrictStr = Field(default="", alias="MediaContentType0", max_length=200)
    status: StrictStr = Field(default="", alias="MessageStatus", max_length=20)
    error_code: StrictStr = Field(default="", alias="ErrorCode", max_length=20)


_KINDS = {"image": "image", "audio": "audio", "video": "video"}


def parse(form: dict[str, str]) -> Parsed:
    data = Form.model_validate(form)
    if data.status and not data.body and data.num_media == "0":
        return Parsed([], [Receipt(data.message_sid, data.status, data.error_code)])
    address = normalize_phone(data.from_)
    if address is None:
        raise ValueError("not a phone number")
    if data.num_media != "0" and data.media_url:
        kind = _KINDS.get(data.media_type.split("/")[0], "document")
        item = Item(
            external_id=data.message_sid,
            address=address,
            kind=kind,
            text=data.body,
            media_id=data.media_url,
            media_type=data.media_type,
            sent_at=datetime.now(tz=UTC),
        )
    else:
        item = Item(
            external_id=data.message_sid,
            address=address,
            kind="text",
            text=data.body,
            sent_at=datetime.now(tz=UTC),
        )
    return Parsed([item], [])
