"""End to end: real web views, real worker, real loopback HTTP to the fake WhatsApp and
the fake Telegram."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from vigia.alerts import emergencies
from vigia.alerts.models import Alert, Delivery, Emergency
from vigia.alerts.tests.helpers import member, verified
from vigia.conversations.tests.phone import Phone
from vigia.indicators.services import indicator_link
from vigia.messaging.models import OutboundMessage
from vigia.messaging.tests.support import post_signed, run_worker

pytestmark = pytest.mark.django_db
TEXT = "Un número nuevo, el 987 654 321, exige cupos de noche en la zona."


def _statuses(statuses: list[dict[str, Any]]) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
        "statuses": statuses,
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body).encode()


def test_a_verified_incident_becomes_an_approved_alert_delivered_to_the_zone_only(
    whatsapp: Any,
    telegram: Any,
    coordinator: Any,
    colleague: Any,
    lince: Any,
    callao: Any,
    as_user: Any,
) -> None:
    incident = verified(coordinator)
    indicator_link(actor=coordinator, incident=incident, kind="phone", raw="987654321")
    rosa = member(coordinator, lince)  # WhatsApp
    tele = member(coordinator, lince, channel="telegram")
    far = member(coordinator, callao)
    unwilling = member(coordinator, lince, consents=())
    phone = Phone(whatsapp, str(rosa.address))
    phone.send("hola")  # she wrote today: WhatsApp's 24-hour window is open

    author, second = as_user(coordinator), as_user(colleague)
    response = author.post(
        "/alertas/nueva/",
        {"kind": "new_number", "text": TEXT, "zones": [lince.pk], "incidents": [incident.pk]},
    )
    assert response.status_code == 302, response.content.decode()
    alert = Alert.objects.get()
    page = author.get(f"/alertas/{alert.pk}/").content.decode()
    assert "Lista de verificación" in page and "otra coordinadora" in page
    author.post(f"/alertas/{alert.pk}/enviar/", {"confirmed": "1"})
    alert.refresh_from_db()
    assert alert.status == "pending"
    refused = author.post(f"/alertas/{alert.pk}/aprobar/", follow=True).content.decode()
    assert "no puede aprobarla" in refused
    second.post(f"/alertas/{alert.pk}/aprobar/")
    alert.refresh_from_db()
    assert (alert.status, alert.approved_by) == ("sent", colleague)

    run_worker()
    got = phone.inbox()
    assert len(got) == 1 and "987 654 321" in got[0] and "cambian de dueño" in got[0]
    assert len(telegram.texts_to(str(tele.address))) == 1
    assert (
        whatsapp.texts_to(str(far.address)) == []
        and whatsapp.texts_to(str(unwilling.address)) == []
    )
    assert set(Delivery.objects.values_list("member", flat=True)) == {rosa.pk, tele.pk}

    # Receipts from WhatsApp's status webhook land on the alert's delivery report.
    sent = Delivery.objects.get(member=rosa).message
    assert sent is not None and sent.status == "sent"
    body = _statuses(
        [{"id": sent.provider_id, "status": "read", "timestamp": "1", "recipient_id": "x"}]
    )
    assert post_signed(author, body).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "read" and sent.read_at is not None
    report = author.get(f"/alertas/{alert.pk}/").content.decode()
    assert "<th>Leído</th><td>1</td>" in report


def test_an_emergency_escalates_past_a_silent_responder_to_the_next_who_takes_it(
    whatsapp: Any, telegram: Any, make_staff: Any, coordinator: Any, lince: Any, as_user: Any
) -> None:
    first, second = make_staff("responder", username="ana"), make_staff("responder", username="bea")
    now = timezone.now()
    for position, person in enumerate([first, second], start=1):
        emergencies.responder_contact_set(
            actor=None, user=person, channel="telegram", address=f"4{position}"
        )
        emergencies.shift_create(
            actor=None,
            responder=person,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=3),
            position=position,
        )
    her = member(coordinator, lince)
    phone = Phone(whatsapp, str(her.address))
    phone.send("AYUDA")
    emergency = Emergency.objects.get()
    assert len(telegram.texts_to("41")) == 1 and telegram.texts_to("42") == []

    # Three minutes later (time-machine), nobody answered: the worker's job escalates.
    with time_machine.travel(timezone.now() + timedelta(seconds=181)):
        assert emergencies.escalate_due() == 1
        run_worker()
        assert len(telegram.texts_to("42")) == 1

        other = as_user(second)
        assert (
            "Yo la atiendo" in other.get(f"/alertas/emergencias/{emergency.pk}/").content.decode()
        )
        other.post(f"/alertas/emergencias/{emergency.pk}/acknowledge/")
        run_worker()
    emergency.refresh_from_db()
    assert (emergency.status, emergency.acknowledged_by) == ("acknowledged", second)
    assert any("te está atendiendo" in text for text in phone.inbox())
    kinds = list(emergency.steps.values_list("kind", flat=True))
    assert kinds == ["opened", "notified", "escalated", "notified", "acknowledged", "member_told"]
    sent = [s.message for s in emergency.steps.exclude(message=None) if s.message is not None]
    assert [m.priority for m in sent] == [OutboundMessage.Priority.EMERGENCY] * 3
