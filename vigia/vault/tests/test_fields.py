from __future__ import annotations

from typing import Any

import pytest

from tests.security.scan import database_file, scan, sql_dump
from vigia.members import services
from vigia.members.models import Member
from vigia.members.tests.factories import member
from vigia.vault import rotation, state
from vigia.vault.errors import KeyDestroyed, Tampered

CANARY = "Canario Zafiro 7Q"


@pytest.mark.django_db(transaction=True)
def test_a_canary_never_appears_in_the_database_file_or_a_dump() -> None:
    person = member(pseudonym=CANARY, duress_word="girasol canario")
    stored = {"database file": database_file(), "dump": sql_dump()}
    assert scan(stored, [CANARY, "girasol canario", person.address or ""]) == []
    reloaded = Member.objects.get(pk=person.pk)
    assert reloaded.pseudonym == CANARY
    assert services.find_by_address("whatsapp", person.address or "") == reloaded


@pytest.mark.django_db
def test_the_blind_index_finds_a_number_written_in_another_format() -> None:
    person = member(address="+51 900 123 456")
    assert services.find_by_address("whatsapp", "900123456") == person
    assert services.find_by_address("whatsapp", "0051-900-123-456") == person
    assert services.find_by_address("whatsapp", "900123457") is None
    # The id alone, asked on a new sender's first message, finds her the same way.
    assert services.member_id_by_address("whatsapp", "0051-900-123-456") == person.pk
    assert services.member_id_by_address("whatsapp", "900123457") is None
    assert services.member_id_by_address("whatsapp", "no es un número") is None


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
