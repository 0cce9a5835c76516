"""The web chat (same flows, nothing kept in the browser) and the simulator (real flows over
a local fake WhatsApp, nothing kept in the database)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from vigia.audit.models import Event
from vigia.incidents.models import Incident
from vigia.messaging.models import InboundMessage, Thread
from vigia.messaging.tests.support import run_worker

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([A-Za-z0-9_-]{32})"', html)
    assert found is not None
    return found.group(1)


def test_the_web_chat_answers_with_the_flows_and_sets_no_cookie() -> None:
    client = Client()
    page = client.get("/conversaciones/chat/")
    assert page.status_code == 200
    assert "Vigía" not in page.text  # a neutral page: no name in her history
    assert "no-store" in page["Cache-Control"]
    assert not page.cookies
    token = _token(page.text)
    sent = client.post("/conversaciones/chat/", {"token": token, "text": "hola"})
    assert not sent.cookies
    run_worker()
    lines = client.post("/conversaciones/chat/mensajes/", {"token": token}, HTTP_X_WEBCHAT="1")
    assert "Escribe el número de lo que necesitas" in lines.text
    assert 'name="choice" value="5"' in lines.text  # the menu's options as buttons
    client.post("/conversaciones/chat/", {"token": token, "choice": "5"})
    run_worker()
    thread = Thread.objects.get(channel="webchat")
    assert thread.mode == Thread.Mode.WAITING  # she reaches the coordinators' inbox
    assert InboundMessage.objects.filter(thread=thread).count() == 2
    assert not client.cookies


def test_the_web_chat_refuses_a_bad_token_and_never_enrols_by_code(coordinator: Any) -> None:
    from vigia.members import services as members

    client = Client()
    assert client.post("/conversaciones/chat/mensajes/", {"token": "x"}).status_code == 400
    assert (
        client.post("/conversaciones/chat/", {"token": "../" * 11, "text": "a"}).status_code == 400
    )
    member, code = members.member_invite(actor=coordinator, pseudonym="Lila")
    token = _token(client.get("/conversaciones/chat/").text)
    client.post("/conversaciones/chat/", {"token": token, "text": code})
    run_worker()
    member.refresh_from_db()
    assert member.status == "invited"


def test_the_simulator_runs_the_real_flows_and_keeps_nothing(
    coordinator: Any, as_user: Any
) -> None:
    client = as_user(coordinator)
    events = Event.objects.count()
    answer = client.post("/conversaciones/simulador/", {"text": "hola", "member": "1"})
    assert "Consultar un número" in answer.text  # the member's menu
    answer = client.post(
        "/conversaciones/simulador/", {"said": ["hola", "1"], "text": "1", "member": "1"}
    )
    assert answer.text.count('<li class="in">') == 3
    assert "¿Cuándo?" in answer.text
    answer = client.post("/conversaciones/simulador/", {"said": ["hola"], "text": "AYUDA"})
    assert "Recibimos tu pedido de ayuda" in answer.text
    assert not Thread.objects.exists()
    assert not Incident.objects.exists()
    assert Event.objects.count() == events


def test_vigia_simulate_prints_the_answers(capsys: Any) -> None:
    from django.core.management import call_command

    call_command("simulate", say=["hola", "5"])
    out = capsys.readouterr().out
    assert "> hola" in out and "< Hola. Escribe el número" in out
    assert "< Una persona del equipo te escribirá pronto." in out
    assert not Thread.objects.exists()
