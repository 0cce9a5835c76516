"""Emergencies: call order, escalation timing (time-machine), fallback, acknowledgement."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vigia.alerts import emergencies
from vigia.alerts.emergencies import EmergencyError
from vigia.alerts.models import Step
from vigia.alerts.tests.helpers import member
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 3, 2, 0, tzinfo=ZoneInfo("America/Lima"))


@pytest.fixture
def team(make_staff: Any) -> list[Any]:
    people = [make_staff("responder", username=f"guardia{i}") for i in range(3)]
    for i, person in enumerate(people):
        emergencies.responder_contact_set(
            actor=None, user=person, channel="telegram", address=str(5550 + i)
        )
    return people


def _shifts(people: list[Any]) -> None:
    for position, person in enumerate(people, start=1):
        emergencies.shift_create(
            actor=None,
            responder=person,
            starts_at=T0 - timedelta(hours=1),
            ends_at=T0 + timedelta(hours=8),
            position=position,
        )


def _called(emergency: Any) -> list[Any]:
    return list(
        emergency.steps.filter(kind="notified")
        .order_by("at", "pk")
        .values_list("responder", flat=True)
    )


def test_it_escalates_to_the_next_responder_when_the_first_does_not_answer(
    team: list[Any], coordinator: Any, lince: Any
) -> None:
    a, b, _c = team
    _shifts([a, b])
    her = member(coordinator, lince)
    thread = thread_for("whatsapp", str(her.address))
    with time_machine.travel(T0, tick=False) as clock:
        emergency = emergencies.emergency_create(
            actor=None, source="keyword", member=her, thread=thread
        )
        assert _called(emergency) == [a.pk]
        message = emergency.steps.get(kind="notified").message
        assert message is not None
        assert message.priority == OutboundMessage.Priority.EMERGENCY
        assert (
            "emergencia" in message.body["text"] and str(her.pseudonym) not in message.body["text"]
        )
        clock.shift(timedelta(seconds=179))
        assert emergencies.escalate_due() == 0
        clock.shift(timedelta(seconds=2))
        assert emergencies.escalate_due() == 1
        assert _called(emergency) == [a.pk, b.pk]
        clock.shift(timedelta(seconds=30))
        emergencies.emergency_acknowledge(actor=b, emergency=emergency)
    emergency.refresh_from_db()
    assert (emergency.status, emergency.acknowledged_by, emergency.escalate_at) == (
        "acknowledged",
        b,
        None,
    )
    kinds = list(emergency.steps.values_list("kind", "at"))
    assert [k for k, _ in kinds] == [
        "opened",
        "notified",
        "escalated",
        "notified",
        "acknowledged",
        "member_told",
    ]
    assert kinds[2][1] - kinds[0][1] == timedelta(seconds=181)
    told = OutboundMessage.objects.filter(thread=thread).get()
    assert told.priority == OutboundMessage.Priority.EMERGENCY
    assert "te está atendiendo" in told.body["text"]


def test_after_the_last_on_call_everyone_is_called(team: list[Any]) -> None:
    a, b, c = team
    _shifts([a])
    with time_machine.travel(T0, tick=False) as clock:
        emergency = emergencies.emergency_create(actor=None, source="keyword")
        clock.shift(timedelta(seconds=181))
        emergencies.escalate_due()
    emergency.refresh_from_db()
    assert emergency.everyone and emergency.escalate_at is None
    assert sorted(_called(emergency)) == sorted([a.pk, b.pk, c.pk])
    assert emergency.steps.filter(kind="everyone").exists()


def test_with_nobody_on_shift_every_responder_is_called_at_once(team: list[Any]) -> None:
    emergency = emergencies.emergency_create(actor=None, source="keyword")
    assert emergency.steps.filter(kind=Step.Kind.FALLBACK).exists()
    assert sorted(_called(emergency)) == sorted(u.pk for u in team)


def test_a_responder_without_a_contact_is_still_on_record(make_staff: Any) -> None:
    lonely = make_staff("responder")
    emergency = emergencies.emergency_create(actor=None, source="keyword")
    assert list(emergency.steps.filter(kind="no_contact").values_list("responder", flat=True)) == [
        lonely.pk
    ]


def test_a_silent_emergency_does_not_tell_the_phone(
    team: list[Any], coordinator: Any, lince: Any
) -> None:
    her = member(coordinator, lince)
    thread = thread_for("whatsapp", str(her.address))
    emergency = emergencies.emergency_create(
        actor=None, source="duress", member=her, thread=thread, silent=True
    )
    emergencies.emergency_acknowledge(actor=team[0], emergency=emergency)
    assert not OutboundMessage.objects.filter(thread=thread).exists()


def test_only_one_responder_takes_it_and_the_checklist_comes_before_going_out(
    team: list[Any],
) -> None:
    a, b, _c = team
    emergency = emergencies.emergency_create(actor=None, source="keyword")
    emergencies.emergency_acknowledge(actor=a, emergency=emergency)
    with pytest.raises(EmergencyError, match="ya atiende"):
        emergencies.emergency_acknowledge(actor=b, emergency=emergency)
    with pytest.raises(EmergencyError, match="número conocido"):
        emergencies.emergency_checklist(
            actor=a, emergency=emergency, called_back=True, safe_word_agreed=False
        )
    emergency.refresh_from_db()
    emergencies.emergency_checklist(
        actor=a, emergency=emergency, called_back=True, safe_word_agreed=True
    )
    emergencies.emergency_close(actor=a, emergency=emergency)
    assert emergency.steps.filter(kind="checklist").exists()


def test_an_emergency_overtakes_a_bulk_alert_in_the_outbox(
    team: list[Any], coordinator: Any, lince: Any
) -> None:
    from vigia.alerts.tests.test_alerts import send

    for _ in range(3):
        member(coordinator, lince)
    send(coordinator, lince)
    emergencies.emergency_create(actor=None, source="keyword")
    first = OutboundMessage.objects.order_by("-priority", "next_attempt_at", "created_at").first()
    assert first is not None and first.priority == OutboundMessage.Priority.EMERGENCY
