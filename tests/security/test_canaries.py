"""CI slice of bench/security/canaries.py: a small end-to-end day over every channel leaves
no canary in the database file, a dump, the backup, the attachments, the logs or the exports;
and the same scan reports a build that stores what it should encrypt in clear."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.security import endtoend

# Transactional: SQLite's backup API (the database file, `vigia backup`) waits on an open
# transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_day_over_every_channel_leaves_no_canary_anywhere(reference_rows: None) -> None:
    with endtoend.configured() as whatsapp:
        run = endtoend.day(endtoend.Scale(), whatsapp)
    assert run.stats["reported over the channels"] >= 4  # WhatsApp, Telegram, SMS, web chat
    assert run.stats["attachments"] >= 2 and run.stats["emergencies"] >= 3
    assert run.stats["alert deliveries"] >= 10
    assert len(run.canaries) > 100
    assert {"database file", "SQL dump", "backup", "logs"} <= set(run.haystacks)
    assert any(name.startswith("media/") for name in run.haystacks)
    assert any(name.startswith("export /cifras/datos/2024.xlsx!") for name in run.haystacks)
    assert [str(found) for found in endtoend.look(run)] == []


def test_the_canary_scan_reports_a_build_that_stores_values_in_clear(
    reference_rows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigia.vault import crypto

    monkeypatch.setattr(crypto, "seal", lambda key, plaintext, aad: b"\0" * 12 + plaintext)
    monkeypatch.setattr(crypto, "open_sealed", lambda key, sealed, aad: sealed[12:])
    scale = endtoend.Scale(whatsapp=0, telegram=0, sms=0, webchat=0, members=2, incidents=1)
    with endtoend.configured() as whatsapp:
        run = endtoend.day(scale, whatsapp)
    found = endtoend.look(run)
    names = run.canaries[:1]  # the first member's name
    assert {f.canary for f in found if f.where == "database file"} >= set(names)
    places = {"database file", "SQL dump"}
    if connection.vendor == "sqlite":  # pg_dump's custom format inside a backup is compressed
        places.add("backup")
    assert {f.where for f in found} >= places
