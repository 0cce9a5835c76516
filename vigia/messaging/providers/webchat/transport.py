"""The web chat has no provider: an answer is "sent" when the outbox releases it, and the
member's open page fetches it (views.py). Nothing is pushed anywhere."""

from __future__ import annotations

import uuid

from vigia.messaging.providers.base import MediaUnavailable, Outcome, Outgoing, SendResult

CHANNEL = "webchat"


class WebchatTransport:
    channel = CHANNEL

    def send(self, message: Outgoing) -> SendResult:
        return SendResult(Outcome.SENT, provider_id=f"webchat.{uuid.uuid4()}")

    def download(self, media_id: str) -> bytes:
        raise MediaUnavailable  # the web chat takes text only
