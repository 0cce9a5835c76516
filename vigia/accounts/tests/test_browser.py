from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from conftest import screenshot
from vigia.accounts.tests.test_login import PASSWORD, code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_first_login_enrols_totp_then_a_normal_login_uses_the_code(
    page: Any, live_server: Any, coordinator: Any
) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("Usuario").fill("coordinadora")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url("**/cuenta/activar-2fa/")
    assert page.get_by_role(
        "img", name="Código QR para la aplicación de autenticación"
    ).is_visible()
    screenshot(page, "login-enrol")
    page.get_by_text("¿No puede escanear? Use la clave").click()
    secret = page.locator("#totp-secret").inner_text()
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/")
    page.get_by_label("Código de 6 dígitos").fill(code_for(secret))
    page.get_by_role("button", name="Activar").click()
    page.wait_for_url("**/cuenta/codigos-de-recuperacion/")
    assert page.locator(".codes li").count() == 10
    page.get_by_role("link", name="Ya los guardé").click()
    assert page.get_by_role("heading", name="Inicio").is_visible()
    screenshot(page, "dashboard")
    page.get_by_role("button", name="Salir").click()
    page.wait_for_url("**/cuenta/ingresar/**")

    page.get_by_label("Usuario").fill("coordinadora")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_url("**/cuenta/codigo/")
    # The code used at enrolment is spent; the device shows the next one.
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=40), tick=True):
        page.get_by_label("Código de 6 dígitos").fill(code_for(secret))
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Inicio").is_visible()
