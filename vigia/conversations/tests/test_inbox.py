"""The coordinators' inbox: a member asks for a person, a coordinator takes the thread,
answers by hand through WhatsApp, and hands it back to the flows."""

from __future__ import annotations

from typing import Any

import pytest

from vigia.audit.models import Event
from vigia.conversations.tests.phone import Phone
from vigia.members.tests.factories import member as make_member
from vigia.messaging.models import OutboundMessage, Thread
from vigia.messaging.tests.support import run_worker

pytestmark = pytest.mark.django_db
NUMBER = "+51900000777"


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 0


def test_a_coordinator_takes_answers_and_hands_back_a_waiting_conversation(
    whatsapp: Any, coordinator: Any, as_user: Any
) -> None:
    phone = Phone(whatsapp, NUMBER)
    assert phone.send("5") == ["Una persona del equipo te escribirá pronto."]
    phone.send("necesito hablar de algo que no está en el menú")
    (thread,) = Thread.objects.filter(mode=Thread.Mode.WAITING)
    client = as_user(coordinator)

    listing = client.get("/conversaciones/bandeja/")
    assert listing.status_code == 200
    assert f"/conversaciones/bandeja/{thread.pk}/" in listing.text
    assert "no está en el menú" not in listing.text  # the list shows no message text

    page = client.get(f"/conversaciones/bandeja/{thread.pk}/")
    assert "no está en el menú" in page.text
    assert Event.objects.filter(action="inbox.read", object_id=str(thread.pk)).count() == 1
    client.get(f"/conversaciones/bandeja/{thread.pk}/?poll=1")
    assert Event.objects.filter(action="inbox.read").count() == 1  # polls are not openings

    assert client.post(f"/conversaciones/bandeja/{thread.pk}/tomar/").status_code == 302
    thread.refresh_from_db()
    assert (thread.mode, thread.taken_by_id) == ("human", coordinator.pk)
    assert phone.send("hola?") == []  # a person answers now, not the flows

    client.post(f"/conversaciones/bandeja/{thread.pk}/responder/", {"text": "Hola, te escucho."})
    run_worker()
    assert phone.inbox() == ["Hola, te escucho."]
    reply = OutboundMessage.objects.get(by_staff=coordinator)
    assert reply.status == "sent"
    poll = client.get(f"/conversaciones/bandeja/{thread.pk}/?poll=1")
    assert "hola?" in poll.text and "Hola, te escucho." in poll.text

    client.post(f"/conversaciones/bandeja/{thread.pk}/devolver/")
    thread.refresh_from_db()
    assert (thread.mode, thread.taken_by_id) == ("bot", None)
    assert "Escribe el número" in phone.send("menu")[0]
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"inbox.waiting", "inbox.take", "inbox.reply", "inbox.hand_back"} <= actions


def test_a_second_coordinator_cannot_take_or_answer_a_taken_conversation(
    whatsapp: Any, coordinator: Any, colleague: Any, as_user: Any
) -> None:
    phone = Phone(whatsapp, NUMBER)
    phone.send("5")
    thread = Thread.objects.get()
    as_user(coordinator).post(f"/conversaciones/bandeja/{thread.pk}/tomar/")
    other = as_user(colleague)
    other.post(f"/conversaciones/bandeja/{thread.pk}/tomar/")
    other.post(f"/conversaciones/bandeja/{thread.pk}/responder/", {"text": "Yo también"})
    thread.refresh_from_db()
    assert thread.taken_by_id == coordinator.pk
    assert not OutboundMessage.objects.filter(by_staff=colleague).exists()


def test_outsider_and_analyst_get_404_on_a_members_thread(
    whatsapp: Any, coordinator: Any, outsider: Any, analyst: Any, lince: Any, as_user: Any
) -> None:
    member = make_member(actor=coordinator, address=NUMBER, zones=[lince])
    Phone(whatsapp, NUMBER).send("5")
    thread = Thread.objects.get(owner_id=member.pk)
    for user in (outsider, analyst):
        client = as_user(user)
        assert client.get(f"/conversaciones/bandeja/{thread.pk}/").status_code == 404
        assert client.post(f"/conversaciones/bandeja/{thread.pk}/tomar/").status_code == 404
    assert str(thread.pk) not in as_user(outsider).get("/conversaciones/bandeja/").text
    assert as_user(analyst).get("/conversaciones/bandeja/").status_code == 404
    assert as_user(coordinator).get(f"/conversaciones/bandeja/{thread.pk}/").status_code == 200


def test_a_zone_limited_coordinator_does_not_see_strangers_threads(
    whatsapp: Any, outsider: Any, as_user: Any
) -> None:
    Phone(whatsapp, NUMBER).send("5")
    thread = Thread.objects.get()
    assert as_user(outsider).get(f"/conversaciones/bandeja/{thread.pk}/").status_code == 404
