from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigia.accounts import services
from vigia.audit.models import Event

PASSWORD = "correct horse battery"


def code_for(secret_b32: str) -> str:
    padded = secret_b32 + "=" * (-len(secret_b32) % 8)
    return f"{totp(base64.b32decode(padded)):06d}"


def enrol(client: Client, username: str) -> str:
    """First login: password, then the enrolment page; returns the device secret."""
    response = client.post("/cuenta/ingresar/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/cuenta/activar-2fa/")
    page = client.get("/cuenta/activar-2fa/").content.decode()
    assert "otpauth://totp/" in page and "data:image/svg+xml" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert secret is not None
    done = client.post("/cuenta/activar-2fa/", {"token": code_for(secret.group(1))})
    assert done["Location"].endswith("/cuenta/codigos-de-recuperacion/")
    return secret.group(1)


@pytest.mark.django_db
def test_first_login_enrols_totp_and_then_asks_for_a_code(coordinator: Any) -> None:
    client = Client()
    secret = enrol(client, "coordinadora")
    codes_page = client.get("/cuenta/codigos-de-recuperacion/").content.decode()
    assert codes_page.count("<code>") == services.RECOVERY_CODES
    assert client.get("/").status_code == 200
    client.post("/cuenta/salir/")
    assert client.get("/").status_code == 302

    again = Client()
    step = again.post("/cuenta/ingresar/", {"username": "coordinadora", "password": PASSWORD})
    assert step["Location"].endswith("/cuenta/codigo/")
    assert again.get("/").status_code == 302  # a password alone opens nothing
    bad = "000000" if code_for(secret) != "000000" else "111111"
    wrong = again.post("/cuenta/codigo/", {"token": bad})
    assert wrong.status_code == 200 and "no es correcto" in wrong.content.decode()
    # A code is accepted once: the next one comes from the next 30-second step.
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=40), tick=True):
        ok = again.post("/cuenta/codigo/", {"token": code_for(secret)})
    assert ok.status_code == 302
    assert again.get("/").status_code == 200
    assert Event.objects.filter(action="staff.login", object_id=str(coordinator.pk)).count() == 2


@pytest.mark.django_db
def test_a_recovery_code_works_once(coordinator: Any) -> None:
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    code = services.recovery_codes_new(coordinator)[0]
    for expected in (302, 200):
        client = Client()
        client.post("/cuenta/ingresar/", {"username": "coordinadora", "password": PASSWORD})
        response = client.post("/cuenta/codigo/", {"token": code})
        assert response.status_code == expected


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account(coordinator: Any) -> None:
    client = Client()
    for _ in range(5):
        client.post("/cuenta/ingresar/", {"username": "coordinadora", "password": "wrong"})
    locked = client.post("/cuenta/ingresar/", {"username": "coordinadora", "password": PASSWORD})
    assert locked.status_code == 429
    assert "bloqueada temporalmente" in locked.content.decode()


@pytest.mark.django_db
def test_deactivation_ends_every_session_at_once(
    coordinator: Any, admin_user: Any, as_user: Any
) -> None:
    session = as_user(coordinator)
    assert session.get("/").status_code == 200
    services.staff_deactivate(actor=admin_user, user=coordinator)
    assert session.get("/").status_code == 302
    assert Event.objects.filter(action="staff.deactivate").exists()


@pytest.mark.django_db
def test_an_idle_session_ends_after_thirty_minutes(coordinator: Any, as_user: Any) -> None:
    with time_machine.travel("2026-03-01 10:00 -05:00", tick=False) as traveller:
        session = as_user(coordinator)
        assert session.get("/").status_code == 200
        traveller.shift(29 * 60)
        assert session.get("/").status_code == 200
        traveller.shift(31 * 60)
        assert session.get("/").status_code == 302


@pytest.mark.django_db
def test_a_session_ends_after_twelve_hours_even_when_active(coordinator: Any, as_user: Any) -> None:
    with time_machine.travel("2026-03-01 08:00 -05:00", tick=False) as traveller:
        session = as_user(coordinator)
        for _ in range(24):
            assert session.get("/").status_code == 200
            traveller.shift(20 * 60)
        traveller.shift(20 * 60)
        assert session.get("/").status_code == 302


@pytest.mark.django_db
def test_an_admin_resets_a_lost_second_factor_and_it_is_audited(
    coordinator: Any, admin_user: Any, as_user: Any
) -> None:
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    response = as_user(admin_user).post(f"/cuenta/equipo/{coordinator.pk}/reiniciar-2fa/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert Event.objects.filter(action="staff.totp_reset", object_id=str(coordinator.pk)).exists()
    client = Client()
    step = client.post("/cuenta/ingresar/", {"username": "coordinadora", "password": PASSWORD})
    assert step["Location"].endswith("/cuenta/activar-2fa/")


@pytest.mark.django_db
def test_an_invitation_creates_an_account_once(admin_user: Any, as_user: Any, lince: Any) -> None:
    page = as_user(admin_user).post(
        "/cuenta/equipo/invitar/", {"role": "verifier", "zones": [lince.pk]}
    )
    link = re.search(
        r'id="invitation-link">[^<]*(/cuenta/invitacion/[^<]+/)<', page.content.decode()
    )
    assert link is not None
    client = Client()
    created = client.post(
        link.group(1),
        {
            "username": "nueva",
            "password": "una clave larga 2026",
            "password_again": "una clave larga 2026",
        },
    )
    assert created["Location"].endswith("/cuenta/activar-2fa/")
    from vigia.accounts.models import User

    user = User.objects.get(username="nueva")
    assert user.role == "verifier" and list(user.zones.all()) == [lince]
    assert Client().get(link.group(1)).status_code == 404
