"""End to end over the fake WhatsApp (real webhook, real worker, real loopback HTTP)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from vigia.alerts.models import Emergency
from vigia.conversations.models import NumberCheck
from vigia.conversations.tests.phone import Phone
from vigia.incidents import services as incidents
from vigia.incidents.models import Attachment, Incident
from vigia.incidents.tests.factories import incident as make_incident
from vigia.indicators.services import indicator_link
from vigia.members import services as members
from vigia.members.models import Member
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OGG = b"OggS" + b"\x00" * 64
COLLECTOR = "+51911222333"


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 0


def _verified_extortion_number(actor: Any) -> None:
    """A number in a verified extortion incident with two independent sources."""
    item = make_incident(actor=actor)
    indicator_link(actor=actor, incident=item, kind="phone", raw=COLLECTOR)
    incidents.source_add(actor=actor, incident=item, kind="press", url="https://diario.example/1")
    incidents.source_add(actor=actor, incident=item, kind="hotline")
    incidents.incident_transition(
        actor=actor, incident=item, status="verified", note="Dos fuentes."
    )


def test_a_member_enrols_reports_checks_subscribes_uses_duress_and_erases(
    whatsapp: Any, coordinator: Any, lince: Any
) -> None:
    _verified_extortion_number(coordinator)
    before = set(Incident.objects.values_list("pk", flat=True))
    member, code = members.member_invite(actor=coordinator, pseudonym="Flor", consents=["alerts"])
    phone = Phone(whatsapp, "+51900000501")

    # 1. Enrolment with the code, and a duress word.
    assert any("inscrito" in text for text in phone.send(code))
    member.refresh_from_db()
    assert (member.status, member.channel) == ("active", "whatsapp")
    assert phone.send("girasol")[0].startswith("Guardada")
    member.refresh_from_db()
    assert member.duress_word == "girasol"

    # 2. A report of an extortion demand with a screenshot and a voice note.
    whatsapp.media.update({"media-shot": PNG, "media-voice": OGG})
    replies: list[str] = []
    for answer in ("1", "1", "1", "Lince", "1", "1", "1"):  # report, demand, today...
        replies = phone.send(answer)
    assert "LISTO" in replies[-1]
    assert "Recibido" in phone.send("amenaza", kind="image", media_id="media-shot")[0]
    assert "Recibido" in phone.send(kind="audio", media_id="media-voice")[0]
    phone.send(f"Me piden 200 soles semanales al yape {COLLECTOR[3:]}")
    closing = phone.send("listo")
    assert closing == ["Gracias, ya lo recibimos. Por tu seguridad, puedes borrar este chat."]
    (report,) = Incident.objects.exclude(pk__in=before)
    assert (report.status, report.reporter_id, report.zone_id) == ("reported", member.pk, lince.pk)
    assert report.event_type.code == "extortion_demand"
    assert report.usable_in_warnings is True
    assert list(report.sources.values_list("kind", flat=True)) == ["member"]
    assert sorted(report.attachments.values_list("kind", flat=True)) == ["screenshot", "voice_note"]
    assert "200 soles" in report.narrative
    assert report.indicator_links.filter(indicator__kind__in=["phone", "yape"]).exists()
    everything_she_saw = " ".join(whatsapp.texts_to(phone.number))
    assert report.reference not in everything_she_saw

    # 3. A number check: the coarse answer only.
    phone.send("2")
    coarse = phone.send(COLLECTOR.replace("+51", ""))
    assert coarse == ["Ese número fue reportado más de una vez por extorsión. Ten cuidado."]
    phone.send("2")
    assert phone.send("999 000 111") == ["No tenemos reportes de ese número."]
    assert NumberCheck.objects.filter(member=member).count() == 2

    # 4. Subscribing to a zone.
    phone.send("3")
    phone.send("1")
    assert "Lince" in phone.send("lince")[0]
    assert list(member.zones.all()) == [lince]

    # 5. The duress word: a silent emergency, an ordinary-looking reply.
    phone.send("0")
    after_duress = phone.send("Girasol")
    assert after_duress[0].startswith("Hola. Escribe el número")
    emergency = Emergency.objects.get()
    assert (emergency.member_id, emergency.silent, emergency.source) == (member.pk, True, "duress")

    # 6. Erasure after confirmation.
    assert "BORRAR" in phone.send("borrar")[0]
    assert phone.send("BORRAR") == ["Listo. Borramos tus datos."]
    member.refresh_from_db()
    assert member.status == "erased"
    assert member.address is None and member.duress_word is None
    assert not Thread.objects.exists()
    assert not InboundMessage.objects.exists()
    farewell = OutboundMessage.objects.get()
    assert (farewell.status, farewell.address, farewell.body) == ("sent", None, None)
    # What she reported stays, without her: her files are sealed with a destroyed key.
    report.refresh_from_db()
    assert report.status == "reported"
    shot = Attachment.objects.filter(incident=report, kind="screenshot").get()
    assert shot.original_name is None
    from vigia.incidents import media

    with pytest.raises(Exception):  # noqa: B017 - any failure to open is the point
        media.load(str(shot.pk))


def test_a_non_member_gets_no_number_information(whatsapp: Any, coordinator: Any) -> None:
    _verified_extortion_number(coordinator)
    phone = Phone(whatsapp, "+51900000502")
    assert phone.send("2") == [
        "Esta opción es solo para integrantes. Si tienes un código, escríbelo aquí."
    ]
    replies = phone.send(COLLECTOR)
    assert all("reportado" not in text for text in replies)
    assert not NumberCheck.objects.exists()
    menu = phone.send("hola")[0]
    assert "Consultar un número" not in menu


def test_a_compromised_member_gets_nothing(whatsapp: Any, coordinator: Any) -> None:
    member = members.member_enrol(
        actor=coordinator, pseudonym="Luz", channel="whatsapp", address="+51900000503"
    )
    members.member_mark_compromised(actor=coordinator, member=member)
    phone = Phone(whatsapp, "+51900000503")
    assert phone.send("hola") == []
    assert phone.send("AYUDA") == []
    assert phone.send("2") == []
    assert not OutboundMessage.objects.exists()
    assert not Emergency.objects.exists()


def test_help_works_from_anyone_at_any_step(whatsapp: Any) -> None:
    phone = Phone(whatsapp, "+51900000504")
    phone.send("1")
    phone.send("2")  # inside the report flow
    assert phone.send("¡Ayuda!") == [
        "Recibimos tu pedido de ayuda. Una persona del equipo te contactará ahora."
    ]
    emergency = Emergency.objects.get()
    assert (emergency.member_id, emergency.silent, emergency.source) == (None, False, "keyword")
    help_message = OutboundMessage.objects.get(status="sent", priority=100)
    assert help_message.thread_id == emergency.thread_id


def test_a_repeated_message_is_not_processed_twice(whatsapp: Any) -> None:
    from django.test import Client

    from vigia.messaging import fake
    from vigia.messaging.tests.support import post_signed, run_worker

    body = fake.delivery([fake.message("+51900000505", text="AYUDA", id="wamid.same")])
    client = Client()
    for _ in range(3):
        assert post_signed(client, body).status_code == 200
        run_worker()
    assert Emergency.objects.count() == 1
    assert len(whatsapp.texts_to("+51900000505")) == 1


def test_nothing_she_wrote_is_readable_in_the_database(whatsapp: Any, coordinator: Any) -> None:
    phone = Phone(whatsapp, "+51900000506")
    for answer in ("1", "2", "1", "0", "5", "1"):
        phone.send(answer)
    phone.send("El cobrador se llama Pepe Grillo")
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM conversations_session")
        sessions = b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0])
        cursor.execute("SELECT body FROM messaging_outboundmessage")
        bodies = b"".join(bytes(row[0]) for row in cursor.fetchall() if row[0])
    assert b"Pepe" not in sessions
    assert b"Gracias" not in bodies and b"Recibido" not in bodies
    assert Member.objects.count() == 0
