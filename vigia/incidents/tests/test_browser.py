"""The coordinator's walk through the register in headless Chromium, with screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from conftest import axe_violations, login_verified, screenshot
from vigia.incidents.tests.test_services import _jpeg_with_gps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, live_server: Any, user: Any) -> None:
    """Reuse a verified session (the TOTP login itself is walked in accounts' browser test)."""
    from django.conf import settings
    from django.test import Client

    client = login_verified(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def check_accessibility(page: Any, name: str) -> None:
    screenshot(page, name)
    problems = axe_violations(page)
    assert not problems, [(v["id"], [n["target"] for n in v["nodes"]]) for v in problems]


def test_a_coordinator_records_verifies_finds_and_imports(
    page: Any, live_server: Any, coordinator: Any, tmp_path: Path
) -> None:
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/")
    check_accessibility(page, "register-dashboard")

    # 1. Create an incident.
    page.get_by_role("link", name="Registrar un incidente").click()
    page.locator("#id_event_type").select_option(label="Exigencia de cupo (extorsión)")
    page.locator("#id_date").fill("2024-05-10")
    page.locator("#id_zone").select_option(label="Lince")
    page.get_by_label("Cupo semanal exigido").fill("200")
    page.get_by_label("Relato").fill("Le exigieron el cupo por WhatsApp.")
    check_accessibility(page, "register-create")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url("**/registro/*/")
    reference = page.locator("h1").inner_text().split(" ")[0]

    # 2. Victim, source, phone indicator and a screenshot.
    page.get_by_text("Agregar víctima", exact=True).first.click()
    page.get_by_label("Seudónimo o nombre como se reportó").fill("Nayeli")
    page.get_by_label("Identidad de género").select_option("trans_woman")
    page.get_by_role("button", name="Agregar víctima").click()
    page.get_by_text("Agregar fuente", exact=True).first.click()
    page.get_by_label("Tipo de fuente").select_option("member")
    page.get_by_role("button", name="Agregar fuente").click()
    page.get_by_text("Agregar número, cuenta o alias").click()
    page.locator("#id_kind").select_option("phone")
    page.get_by_label("Número, cuenta o alias").fill("912 345 678")
    page.get_by_label("Papel").select_option("sent_threat")
    page.get_by_role("button", name="Agregar indicador").click()
    shot = tmp_path / "captura.jpg"
    shot.write_bytes(_jpeg_with_gps())
    page.get_by_text("Agregar adjunto", exact=True).first.click()
    page.locator("#id_attachment-kind").select_option("screenshot")
    page.get_by_label("Archivo").set_input_files(str(shot))
    page.get_by_role("button", name="Subir").click()
    expect(page.get_by_text("Nayeli")).to_be_visible()
    expect(page.get_by_text("912 345 678")).to_be_visible()
    expect(page.get_by_role("link", name="Captura de pantalla")).to_be_visible()

    # 3. Verify it.
    page.get_by_label("Nuevo estado").select_option("verified")
    page.get_by_label("Nivel de verificación").select_option("one_source")
    page.get_by_label("Motivo").fill("Revisé la captura con ella.")
    page.get_by_role("button", name="Cambiar estado").click()
    assert page.locator(".status").inner_text().startswith("Verificado")
    check_accessibility(page, "register-incident")

    # 4. Find it with the filters.
    page.goto(f"{live_server.url}/registro/?status=verified&zone=150116&type=extortion_demand")
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    check_accessibility(page, "register-list")

    # 5. The indicator page shows the incident.
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Teléfono 912 345 678").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    expect(page.get_by_text("se reasignan")).to_be_visible()
    check_accessibility(page, "register-indicator")

    # 6. Import a spreadsheet with one bad row.
    sheet = tmp_path / "registro.csv"
    sheet.write_text(
        "fecha,tipo,distrito,asesinadas\n"
        "2023-03-01,Asesinato,Lince,1\n"
        "2023-04-31,Asesinato,Comas,1\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/registro/importar/")
    page.get_by_label("Planilla (CSV o XLSX)").set_input_files(str(sheet))
    page.get_by_role("button", name="Subir").click()
    page.get_by_role("button", name="Revisar e importar").click()
    errors = page.locator("#import-errors")
    assert "Fila 3" in errors.inner_text() and "Fila 2" not in errors.inner_text()
    check_accessibility(page, "register-import-errors")
