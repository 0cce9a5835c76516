"""Leak checks: canaries in logs, and brute force of the blind index without its key.

Each detector returns what it found, and each is run once more against a deliberately leaky
build (a message logged, an unkeyed hash stored) to show that it reports the leak.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest

from tests.security import bruteforce
from tests.security.scan import Finding, LogCapture, backup_archive, database_file, scan, sql_dump
from vigia.incidents.tests.factories import incident
from vigia.indicators import services as indicators
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db

CANARY_NAME = "Canaria Tornasol"
CANARY_PHONE = "+51900777123"
CANARY_TEXT = "relato canario violeta"
CANARIES = (CANARY_NAME, CANARY_PHONE, "900777123", CANARY_TEXT, "912000999")


def logged_canaries(coordinator: Any, as_user: Any) -> list[Finding]:
    """Enrol, report, view and reveal with every logger at DEBUG; the canaries in the log."""
    with LogCapture() as logs:
        person = member(pseudonym=CANARY_NAME, address=CANARY_PHONE)
        item = incident(actor=coordinator, narrative=CANARY_TEXT, reporter=person)
        indicators.indicator_link(actor=coordinator, incident=item, kind="phone", raw="912000999")
        client = as_user(coordinator)
        client.get(f"/registro/{item.pk}/")
        client.get(f"/integrantes/{person.pk}/")
        client.post(f"/integrantes/{person.pk}/ver-contacto/", {"reason": "llamada"})
        client.get("/registro/?q=VG")
    return scan({"logs": logs.text()}, CANARIES)


def test_logs_carry_no_names_numbers_or_text(coordinator: Any, as_user: Any) -> None:
    assert logged_canaries(coordinator, as_user) == []


def test_the_log_scan_reports_a_build_that_logs_the_narrative(
    coordinator: Any, as_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigia.incidents import services

    create = services.incident_create

    def leaky(**fields: Any) -> Any:
        logging.getLogger("vigia.incidents").debug("new incident: %s", fields.get("narrative"))
        return create(**fields)

    monkeypatch.setattr(services, "incident_create", leaky)
    found = logged_canaries(coordinator, as_user)
    assert {(f.canary, f.where) for f in found} == {(CANARY_TEXT, "logs")}


def _numbers_recovered(count: int, around: int) -> tuple[set[int], bruteforce.Report]:
    """``count`` members, then the attacker's sample: their numbers and ``around`` others,
    in every spelling, with the plain and empty-key hashes, against the file, a dump and a
    backup."""
    people = [member(address=f"+519004{i:05d}") for i in range(count)]
    numbers = [int(str(person.address)[3:]) for person in people]
    corpus = [database_file(), sql_dump(), backup_archive()]
    candidates = sorted(set(numbers) | set(range(900_400_000, 900_400_000 + around)))
    report = bruteforce.brute_force(
        corpus,
        candidates,
        forms=bruteforce.FORMS + bruteforce.SOURCE_FORMS,
        hashes=(*bruteforce.HASHES, *bruteforce.EMPTY_KEY_HMAC),
    )
    return report.recovered(numbers), report


@pytest.mark.django_db(transaction=True)  # SQLite's backup API waits on an open transaction
def test_hashing_the_mobile_range_recovers_no_member_number() -> None:
    """A sample of the release check (bench/security/bruteforce.py): 20 members, 30,000
    candidates including theirs, 8 spellings (3 usual, 5 as the code's own messages)."""
    recovered, report = _numbers_recovered(20, 30_000)
    assert report.numbers == 30_000
    assert report.hashes == 30_000 * 8 * 4
    assert recovered == set()


@pytest.mark.django_db(transaction=True)
def test_the_brute_force_reports_a_build_with_an_unkeyed_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vigia.vault import crypto

    def unkeyed(key: bytes, kind: str, normalized: str) -> str:
        return hashlib.sha256(normalized.encode()).hexdigest()

    monkeypatch.setattr(crypto, "blind_index", unkeyed)
    recovered, _report = _numbers_recovered(3, 1_000)
    assert recovered == {900_400_000, 900_400_001, 900_400_002}
