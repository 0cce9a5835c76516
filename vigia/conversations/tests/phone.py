"""A member's phone on the fake WhatsApp: send signed messages, run the worker, read replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from vigia.messaging import fake
from vigia.messaging.tests.support import post_signed, run_worker


@dataclass
class Phone:
    provider: fake.FakeWhatsApp
    number: str
    seen: int = 0
    client: Client = field(default_factory=Client)

    def send(self, text: str = "", **fields: Any) -> list[str]:
        """Send one message; return what arrived on this phone since the last send."""
        body = fake.delivery([fake.message(self.number, text=text, **fields)])
        assert post_signed(self.client, body).status_code == 200
        run_worker()
        return self.inbox()

    def inbox(self) -> list[str]:
        shown = self.provider.texts_to(self.number)
        new, self.seen = shown[self.seen :], len(shown)
        return new
