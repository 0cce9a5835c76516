"""Moving members off a lost channel, end to end over the fake providers: the invitation
through the channel that still works, the code sent from a new chat, the same member after."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from vigia.alerts.tests.conftest import telegram
from vigia.alerts.tests.fakes import FakeProvider
from vigia.conversations.tests.phone import Phone
from vigia.incidents.models import Incident
from vigia.incidents.tests.factories import incident as make_incident
from vigia.members import services
from vigia.members import services_moving as moving
from vigia.members.models import ChannelMove, Member, MoveInvitation
from vigia.members.tests.factories import member as make_member
from vigia.members.tests.factories import synthetic_phone
from vigia.messaging.models import InboundMessage, OutboundMessage, Thread
from vigia.messaging.tests.support import run_worker, whatsapp

__all__ = ["telegram", "whatsapp"]
pytestmark = pytest.mark.django_db
TG_SECRET = "tg-secret"  # as the telegram fixture sets it
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.fixture
def sms(settings: Any) -> Iterator[FakeProvider]:
    provider = FakeProvider("sms")
    settings.VIGIA_SMS_API_BASE = provider.start()
    settings.VIGIA_SMS_ACCOUNT = "AC0000"
    settings.VIGIA_SMS_AUTH_TOKEN = "sms-token"
    settings.VIGIA_SMS_FROM = "+51900000999"
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.VIGIA_WHATSAPP_RECIPIENT_SECONDS = 0
    settings.VIGIA_TELEGRAM_RECIPIENT_SECONDS = 0
    settings.VIGIA_SMS_RECIPIENT_SECONDS = 0


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("members", "move-channel", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


_updates = iter(range(50_000, 60_000))


def _from_telegram(chat_id: int, text: str) -> None:
    update = {
        "update_id": next(_updates),
        "message": {
            "message_id": next(_updates),
            "date": 1_700_000_000,
            "chat": {"id": chat_id, "type": "private", "first_name": "-"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "-"},
            "text": text,
        },
    }
    response = Client().post(
        "/hooks/telegram/",
        json.dumps(update),
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET},
    )
    assert response.status_code == 200
    run_worker()


def test_a_whatsapp_member_is_invited_by_sms_and_moves_to_telegram_as_the_same_member(
    whatsapp: Any, telegram: FakeProvider, sms: FakeProvider, coordinator: Any, lince: Any
) -> None:
    flor = make_member(
        actor=coordinator, pseudonym="Flor", zones=[lince], consents=["alerts", "statistics"]
    )
    backup = synthetic_phone()
    services.contact_set(actor=coordinator, member=flor, channel="sms", address=backup)
    # Her history: she talked on WhatsApp, and an incident she reported.
    assert Phone(whatsapp, str(flor.address)).send("hola")
    report = make_incident(actor=coordinator, reporter=flor)

    out = _command("--from", "whatsapp", "--via", "sms", "--via", "telegram", "--to", "@NuevoBot")
    assert "Invitadas ahora: 1" in out
    run_worker()
    (invitation,) = sms.texts_to(backup)
    code = CODE.search(invitation)
    assert code is not None
    assert invitation == f"Tu código nuevo es {code.group()}. Escríbelo en @NuevoBot."
    # Safe if someone else reads it: no name, no organization, no purpose.
    assert "Flor" not in invitation and "Vigía" not in invitation
    sent = OutboundMessage.objects.get(channel="sms")
    assert (sent.status, sent.address, sent.body) == ("sent", None, None)  # the code is wiped

    _from_telegram(70_000_001, code.group())
    assert any("inscrito" in text for text in telegram.texts_to("70000001"))
    moved = Member.objects.get(pk=flor.pk)
    assert (moved.channel, moved.address, moved.status) == ("telegram", "70000001", "active")
    assert list(moved.zones.all()) == [lince]
    assert services.has_consent(moved, "alerts") and services.has_consent(moved, "statistics")
    assert Incident.objects.get(pk=report.pk).reporter_id == flor.pk
    assert Thread.objects.filter(channel="whatsapp", owner_id=flor.pk).exists()  # history kept
    assert services.find_by_address("whatsapp", str(flor.address)) is None  # old one retired
    assert not moved.contacts.filter(channel="telegram").exists()
    assert MoveInvitation.objects.get(member=flor).state == "moved"

    # Her old phone, perhaps in someone else's hands, now writes as a stranger: no member
    # options, the chat no longer hers; what she wrote from it before stays hers.
    old_phone = Phone(whatsapp, str(flor.address))
    old_phone.inbox()  # what reached it while it was hers
    assert all("Consultar un número" not in text for text in old_phone.send("menu"))
    assert all("Consultar un número" not in text for text in old_phone.send("menu"))
    old_chat = Thread.objects.get(channel="whatsapp")
    assert old_chat.owner_id is None
    assert InboundMessage.objects.filter(thread=old_chat, owner_id=flor.pk).exists()
    assert InboundMessage.objects.filter(thread=old_chat, owner_id__isnull=True).exists()

    # Running again sends nothing more; she is counted as moved.
    again = _command("--from", "whatsapp", "--via", "sms", "--via", "telegram")
    run_worker()
    assert "Invitadas ahora: 0" in again and "Ya se cambiaron: 1" in again
    assert len(sms.texts_to(backup)) == 1


def test_compromised_members_get_nothing_and_members_without_another_contact_are_listed(
    sms: FakeProvider, coordinator: Any
) -> None:
    seized = make_member(actor=coordinator)
    services.contact_set(actor=coordinator, member=seized, channel="sms", address=synthetic_phone())
    services.member_mark_compromised(actor=coordinator, member=seized)
    alone = make_member(actor=coordinator)
    make_member(actor=coordinator, channel="telegram", address="70000002")  # not on WhatsApp

    out = _command("--from", "whatsapp", "--via", "sms")
    run_worker()
    assert sms.sent == []
    assert "Comprometidas (no se les envía nada): 1" in out
    assert "Sin otro canal (hay que buscarlas en persona): 1" in out
    assert alone.short_ref in out and seized.short_ref not in out
    assert MoveInvitation.objects.get(member=alone).state == "no_channel"
    assert not MoveInvitation.objects.filter(member=seized).exists()
    assert not seized.codes.filter(used_at__isnull=True).exists()


def test_running_twice_sends_one_invitation_and_an_interrupted_run_resumes(
    sms: FakeProvider, coordinator: Any
) -> None:
    people = [make_member(actor=coordinator) for _ in range(3)]
    backups = [synthetic_phone() for _ in people]
    for person, backup in zip(people, backups, strict=True):
        services.contact_set(actor=coordinator, member=person, channel="sms", address=backup)
    first = moving.move_run(actor=None, from_channel="whatsapp", vias=["sms"], budget_seconds=0)
    assert (first.invited, first.remaining) == (1, 2)  # stopped by its time budget
    second = moving.move_run(actor=None, from_channel="whatsapp", vias=["sms"])
    assert (second.invited, second.already_invited) == (2, 1)
    third = moving.move_run(actor=None, from_channel="whatsapp", vias=["sms"])
    assert (third.invited, third.already_invited) == (0, 3)
    run_worker()
    assert sorted(len(sms.texts_to(b)) for b in backups) == [1, 1, 1]
    assert ChannelMove.objects.count() == 1


def test_a_dry_run_counts_and_writes_nothing(sms: FakeProvider, coordinator: Any) -> None:
    person = make_member(actor=coordinator)
    services.contact_set(actor=coordinator, member=person, channel="sms", address=synthetic_phone())
    out = _command("--from", "whatsapp", "--via", "sms", "--dry-run")
    assert "Simulación" in out and "Se invitaría ahora: 1" in out
    assert not ChannelMove.objects.exists() and not OutboundMessage.objects.exists()
    assert not person.codes.exists()


def test_a_new_whatsapp_number_writes_first_with_the_template(
    whatsapp: Any, coordinator: Any, as_user: Any
) -> None:
    rosa = make_member(actor=coordinator)
    phone = Phone(whatsapp, str(rosa.address))
    phone.send("hola")  # a window open with the old number: the new one has none
    phone.inbox()
    whatsapp.script(200, {})  # the template goes
    whatsapp.script(400, {"error": {"code": 131047, "message": "Re-engagement message"}})
    moving.move_run(actor=None, from_channel="whatsapp", vias=["whatsapp"])
    run_worker()
    # The template goes first; the notice is refused (no window with the new number), held.
    assert phone.inbox() == ["[template:vigia_mensaje_nuevo]"]
    notice = OutboundMessage.objects.get(status="held")
    assert notice.body["text"].startswith("Este es el número nuevo")
    assert phone.send("1") == ["Este es el número nuevo. Escribe MENU para ver las opciones."]
    move = ChannelMove.objects.get()
    page = as_user(coordinator).get(f"/integrantes/cambio-de-canal/{move.pk}/").content.decode()
    assert 'id="move-moved">1<' in page and 'id="move-invited">0<' in page
    result = moving.move_run(actor=None, from_channel="whatsapp", vias=["whatsapp"])
    assert (result.invited, result.moved) == (0, 1)
    assert not rosa.codes.exists()  # her address did not change: no code needed


def test_an_address_of_another_member_is_never_used(sms: FakeProvider, coordinator: Any) -> None:
    other = make_member(actor=coordinator, channel="sms", address=synthetic_phone())
    person = make_member(actor=coordinator)
    services.contact_set(
        actor=coordinator, member=person, channel="sms", address=str(other.address)
    )
    from vigia.messaging.ingest import thread_for
    from vigia.messaging.services import thread_link_owner

    thread_link_owner(thread=thread_for("sms", str(other.address)), owner_id=other.pk)
    result = moving.move_run(actor=None, from_channel="whatsapp", vias=["sms"])
    assert result.no_channel == [person] and result.invited == 0
    assert not OutboundMessage.objects.exists()
    assert not person.codes.exists()  # the code issued for the refused route was rolled back


def test_wrong_channel_choices_are_refused(settings: Any) -> None:
    settings.VIGIA_TELEGRAM_BOT_TOKEN = "123:token"
    with pytest.raises(CommandError, match="Telegram no puede escribir primero"):
        _command("--from", "telegram", "--via", "telegram")
    with pytest.raises(CommandError, match="no está configurado"):
        _command("--from", "whatsapp", "--via", "sms")
    with pytest.raises(CommandError, match="al menos un canal"):
        _command("--from", "whatsapp")


def test_a_zone_limits_the_move(sms: FakeProvider, coordinator: Any, lince: Any) -> None:
    inside = make_member(actor=coordinator, zones=[lince])
    outside = make_member(actor=coordinator)
    for person in (inside, outside):
        services.contact_set(
            actor=coordinator, member=person, channel="sms", address=synthetic_phone()
        )
    out = _command("--from", "whatsapp", "--via", "sms", "--zone", lince.ubigeo)
    assert "Invitadas ahora: 1" in out
    assert list(MoveInvitation.objects.values_list("member", flat=True)) == [inside.pk]


def test_the_staff_page_starts_a_move_in_the_worker_and_lists_who_to_reach_in_person(
    sms: FakeProvider, coordinator: Any, as_user: Any
) -> None:
    reachable = make_member(actor=coordinator)
    backup = synthetic_phone()
    services.contact_set(actor=coordinator, member=reachable, channel="sms", address=backup)
    alone = make_member(actor=coordinator, pseudonym="Dalia")
    client = as_user(coordinator)
    assert client.get("/integrantes/cambio-de-canal/").status_code == 200
    response = client.post(
        "/integrantes/cambio-de-canal/",
        {"from_channel": "whatsapp", "vias": ["sms"], "write_to": "+51 900 000 998"},
    )
    move = ChannelMove.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"{move.pk}/")
    run_worker()
    assert sms.texts_to(backup)[0].endswith("Escríbelo en +51 900 000 998.")
    page = client.get(response.url).content.decode()
    assert 'id="move-invited">1<' in page and 'id="move-no-channel">1<' in page
    assert "Dalia" in page
    # Given a code in person, she moves: the page no longer lists her.
    code = services.member_reissue_code(actor=coordinator, member=alone)
    assert services.member_claim_code(code=code, channel="telegram", address="70000009")
    page = client.get(response.url).content.decode()
    assert 'id="move-moved">1<' in page and 'id="move-no-channel">0<' in page
    assert "Dalia" not in page
    client.post(f"/integrantes/cambio-de-canal/{move.pk}/terminar/")
    assert ChannelMove.objects.get().closed_at is not None


def test_other_contacts_are_masked_audited_and_erased_with_her(coordinator: Any) -> None:
    from vigia.audit.models import Event

    person = make_member(actor=coordinator, address="+51900777001")
    with pytest.raises(services.MemberError):
        services.contact_set(
            actor=coordinator, member=person, channel="whatsapp", address="+51900777001"
        )
    contact = services.contact_set(
        actor=coordinator, member=person, channel="sms", address="900 777 002"
    )
    assert contact.address == "+51900777002"
    assert services.contact_masked(contact) == "+********002"
    assert "900777002" not in str(Event.objects.get(action="member.contact_set").data)
    services.member_erase(actor=coordinator, member=person)
    assert not person.contacts.exists()


def test_a_code_reissued_on_her_page_moves_her_to_a_new_number(
    coordinator: Any, as_user: Any
) -> None:
    person = make_member(actor=coordinator)
    page = as_user(coordinator).post(f"/integrantes/{person.pk}/codigo-nuevo/")
    assert page["Cache-Control"] == "no-store"
    code = CODE.search(page.content.decode())
    assert code is not None
    moved = services.member_claim_code(code=code.group(), channel="sms", address="+51900777003")
    assert moved is not None and moved.pk == person.pk and moved.channel == "sms"
