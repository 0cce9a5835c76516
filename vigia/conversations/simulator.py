"""Try the real flows without any account: a local fake WhatsApp, and nothing kept.

Each message goes the whole way a real one does: a delivery built as Meta sends it, parsed
by the WhatsApp models, stored, handled by the flows, answered through the outbox and the
WhatsApp transport, which posts to :class:`~vigia.messaging.fake.FakeWhatsApp` on loopback.
All of it runs inside one transaction that is rolled back: a simulated report never reaches
the register, a simulated emergency never alerts anyone.

A conversation is replayed from its first message at each new one (the page and
``vigia simulate`` keep only the list of what was typed), so no transaction stays open
between two messages; conversations are short, and replay is deterministic.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from vigia.messaging import fake, inbound, ingest, outbox
from vigia.messaging.models import Thread
from vigia.messaging.providers.whatsapp import payloads
from vigia.messaging.providers.whatsapp.transport import WhatsAppTransport

MAX_TURNS = 40


@dataclass
class Turn:
    said: str
    replies: list[str] = field(default_factory=list)


class _Simulation:
    def __init__(self, provider: fake.FakeWhatsApp, phone: str) -> None:
        self.provider, self.phone, self.seen = provider, phone, 0
        self.via = WhatsAppTransport(
            base=provider.base_url,
            token="simulator",  # noqa: S106 - the fake checks only that one is sent
            number_id=fake.PHONE_NUMBER_ID,
        )

    def say(self, text: str) -> list[str]:
        body = fake.delivery([fake.message(self.phone, text=text)])
        parsed = payloads.parse(json.loads(body))
        ingest.accept("whatsapp", parsed)
        thread = ingest.thread_for("whatsapp", self.phone)
        inbound.process_thread(str(thread.pk))
        if Thread.objects.filter(pk=thread.pk).exists():  # gone after an erasure
            outbox.drain_thread(thread, self.via)
        shown = self.provider.texts_to(self.phone)
        new, self.seen = shown[self.seen :], len(shown)
        return new


def _free_number() -> str:
    """A mobile number no member uses (the simulation must not speak as a real member)."""
    from vigia.members.services import find_by_address

    while True:
        number = "+5190" + "".join(secrets.choice("0123456789") for _ in range(7))
        if find_by_address("whatsapp", number) is None:
            return number


class _Rollback(Exception):
    pass


@contextmanager
def _rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def replay(inputs: list[str], *, as_member: bool = False, actor: Any = None) -> list[Turn]:
    """What the flows answer to each input, from a fresh start; nothing is kept."""
    inputs = [text[:1000] for text in inputs[-MAX_TURNS:]]
    provider = fake.FakeWhatsApp()
    provider.start()
    turns: list[Turn] = []
    try:
        with _rolled_back():
            phone = _free_number()
            if as_member:
                from vigia.members.services import member_enrol

                member_enrol(
                    actor=actor, pseudonym="Prueba", channel="whatsapp", address=phone,
                    consents=["alerts"],
                )  # fmt: skip
            simulation = _Simulation(provider, phone)
            turns = [Turn(text, simulation.say(text)) for text in inputs]
    finally:
        provider.stop()
    return turns
