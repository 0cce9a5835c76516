from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vigia.audit.chain import SYSTEM, _fields, head_file, record, verify
from vigia.audit.models import Event, Head


@pytest.fixture
def chain(db: Any, django_capture_on_commit_callbacks: Callable[..., Any]) -> list[Event]:
    Event.objects.all().delete()
    head_file().unlink(missing_ok=True)
    Head.objects.update_or_create(id=1, defaults={"seq": 0, "mac": ""})
    events = []
    for i in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            events.append(record(actor=SYSTEM, action="test.step", object_id=str(i)))
    return events


def test_an_untouched_chain_verifies(chain: list[Event]) -> None:
    verdict = verify()
    assert verdict.ok and verdict.checked == 5


def test_an_edited_event_is_named(chain: list[Event]) -> None:
    Event.objects.filter(seq=3).update(action="test.other")
    verdict = verify()
    assert not verdict.ok and verdict.message == "Event #3 was edited."


def test_an_edit_with_a_recomputed_plain_hash_is_still_caught(chain: list[Event]) -> None:
    event = Event.objects.get(seq=2)
    event.data = {"forged": True}
    event.mac = hashlib.sha256(json.dumps(_fields(event), default=str).encode()).hexdigest()
    event.save()
    assert verify().message == "Event #2 was edited."


def test_a_deleted_event_is_named(chain: list[Event]) -> None:
    Event.objects.filter(seq=2).delete()
    assert verify().message == "Event #2 was deleted."


def test_swapped_events_are_caught(chain: list[Event]) -> None:
    two, four = Event.objects.get(seq=2), Event.objects.get(seq=4)
    Event.objects.filter(pk=two.pk).update(seq=-2)
    Event.objects.filter(pk=four.pk).update(seq=2)
    Event.objects.filter(pk=two.pk).update(seq=4)
    verdict = verify()
    assert not verdict.ok and verdict.message == "Event #2 was moved or reordered."


def test_a_truncated_tail_is_caught_even_with_a_consistent_head_row(chain: list[Event]) -> None:
    Event.objects.filter(seq__gte=4).delete()
    last = Event.objects.get(seq=3)
    Head.objects.filter(id=1).update(seq=3, mac=last.mac)  # the attacker fixes the head row
    verdict = verify()
    assert verdict.message == "The log was cut off after event #3."


def test_the_command_fails_and_names_the_event(chain: list[Event]) -> None:
    Event.objects.filter(seq=4).update(object_id="changed")
    with pytest.raises(CommandError, match="Event #4 was edited"):
        call_command("audit", "verify")


def test_events_never_hold_the_sensitive_values(db: Any) -> None:
    from vigia.members.tests.factories import member

    person = member(pseudonym="Nombre Secreto", duress_word="palabra secreta")
    dumped = json.dumps(list(Event.objects.values()), default=str)
    assert "Nombre Secreto" not in dumped and "palabra secreta" not in dumped
    assert (person.address or "") not in dumped
