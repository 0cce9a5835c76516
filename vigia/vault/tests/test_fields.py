from __future__ import annotations

import base64
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from vigia.members import services
from vigia.members.models import Member
from vigia.members.tests.factories import member
from vigia.vault import rotation, state
from vigia.vault.errors import KeyDestroyed, Tampered

CANARY = "Canario Zafiro 7Q"


def encodings(value: str) -> list[bytes]:
    raw = value.encode()
    return [raw, base64.b64encode(raw), raw.hex().encode(), raw.hex().upper().encode()]


def database_bytes(tmp_path: Path) -> bytes:
    """What an attacker holding the database gets: its file (SQLite) or a dump."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "copy.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
        return copy.read_bytes()
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    return subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=True
    ).stdout


def sql_dump() -> bytes:
    """Every row of every table, as text, the way a careless export would show it."""
    out: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out).encode()


@pytest.mark.django_db(transaction=True)
def test_a_canary_never_appears_in_the_database_file_or_a_dump(tmp_path: Path) -> None:
    person = member(pseudonym=CANARY, duress_word="girasol canario")
    stored = database_bytes(tmp_path) + sql_dump()
    for needle in [*encodings(CANARY), *encodings(person.address or "")]:
        assert needle not in stored
    reloaded = Member.objects.get(pk=person.pk)
    assert reloaded.pseudonym == CANARY
    assert services.find_by_address("whatsapp", person.address or "") == reloaded


@pytest.mark.django_db
def test_the_blind_index_finds_a_number_written_in_another_format() -> None:
    person = member(address="+51 900 123 456")
    assert services.find_by_address("whatsapp", "900123456") == person
    assert services.find_by_address("whatsapp", "0051-900-123-456") == person
    assert services.find_by_address("whatsapp", "900123457") is None


@pytest.mark.django_db
def test_a_ciphertext_copied_to_another_row_fails_to_decrypt() -> None:
    first, second = member(), member()
    sealed = Member.objects.filter(pk=first.pk).values_list("address", flat=True).get()
    Member.objects.filter(pk=second.pk).update(address=sealed)
    with pytest.raises(Tampered):
        _ = Member.objects.get(pk=second.pk).address


@pytest.mark.django_db
def test_a_ciphertext_moved_to_another_column_fails_to_decrypt() -> None:
    person = member(duress_word="girasol")
    sealed = Member.objects.filter(pk=person.pk).values_list("address", flat=True).get()
    Member.objects.filter(pk=person.pk).update(pseudonym=sealed)
    with pytest.raises(Tampered):
        _ = Member.objects.get(pk=person.pk).pseudonym


@pytest.mark.django_db
def test_after_erasure_her_fields_are_unreadable_even_from_an_earlier_copy() -> None:
    person = member(pseudonym=CANARY)
    earlier_copy = Member.objects.get(pk=person.pk)  # the row as a backup taken now holds it
    sealed = earlier_copy.__dict__["pseudonym"]
    services.member_erase(actor=None, member=person)
    field: Any = Member._meta.get_field("pseudonym")
    with pytest.raises(KeyDestroyed):
        field.decrypt(earlier_copy, sealed)
    assert earlier_copy.pseudonym is None
    after = Member.objects.get(pk=person.pk)
    assert after.pseudonym is None and after.address is None and after.status == "erased"


@pytest.mark.django_db
def test_key_rotation_keeps_every_value_readable_and_moves_to_new_keys() -> None:
    people = [member(pseudonym=f"Persona {i}") for i in range(3)]
    before = {p.pk: Member.objects.get(pk=p.pk).__dict__["pseudonym"].key_id for p in people}
    old_kek = state.get().ring.current_kek
    new_kek = rotation.rotate_kek()
    assert new_kek == old_kek + 1
    assert state.get().keystore.rewrap() >= 3
    assert rotation.rotate_data_keys(batch=2) >= 3
    for person in people:
        fresh = Member.objects.get(pk=person.pk)
        assert fresh.__dict__["pseudonym"].key_id != before[person.pk]
        assert fresh.pseudonym == person.pseudonym
        assert fresh.address == person.address
    assert state.get().keystore.status()["wrapped_by_old_kek"] == 0
