"""Leak checks: canaries in logs, and brute force of the blind index without its key.

Each test is written so that a deliberately leaky build fails it: logging a number or a name,
or storing an unkeyed hash of the number, makes it red.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import pytest

from vigia.incidents.tests.factories import incident
from vigia.indicators import services as indicators
from vigia.members.models import Member
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db

CANARY_NAME = "Canaria Tornasol"
CANARY_PHONE = "+51900777123"
CANARY_TEXT = "relato canario violeta"


def test_logs_carry_no_names_numbers_or_text(
    caplog: pytest.LogCaptureFixture, coordinator: Any, as_user: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    person = member(pseudonym=CANARY_NAME, address=CANARY_PHONE)
    item = incident(actor=coordinator, narrative=CANARY_TEXT, reporter=person)
    indicators.indicator_link(actor=coordinator, incident=item, kind="phone", raw="912000999")
    client = as_user(coordinator)
    client.get(f"/registro/{item.pk}/")
    client.get(f"/integrantes/{person.pk}/")
    client.post(f"/integrantes/{person.pk}/ver-contacto/", {"reason": "llamada"})
    client.get("/registro/?q=VG")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for canary in (CANARY_NAME, CANARY_PHONE, "900777123", CANARY_TEXT, "912000999"):
        assert canary not in logged


def _unkeyed_digests(number: str) -> set[str]:
    """What a careless build might store: plain hashes of the number in common forms."""
    forms = {number, number.lstrip("+"), number[3:], f"whatsapp\x1f{number}"}
    found = set()
    for form in forms:
        data = form.encode()
        found |= {
            hashlib.sha256(data).hexdigest(),
            hashlib.md5(data, usedforsecurity=False).hexdigest(),
            hashlib.sha1(data, usedforsecurity=False).hexdigest(),
            hmac.new(b"", data, hashlib.sha256).hexdigest(),
        }
    return found


def test_hashing_the_mobile_range_recovers_no_member_number() -> None:
    """A sample of the release check: 20 members, 100,000 candidate numbers around theirs."""
    people = [member(address=f"+519004{i:05d}") for i in range(20)]
    stored = set(Member.objects.values_list("address_index", flat=True))
    stored |= {bytes(m.__dict__["address"].blob).hex() for m in Member.objects.all()}
    recovered = 0
    for candidate in range(900_400_000, 900_500_000):
        if _unkeyed_digests(f"+51{candidate}") & stored:
            recovered += 1
    assert recovered == 0
    assert len(people) == 20
