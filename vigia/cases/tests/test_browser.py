"""A case walked in headless Chromium, with screenshots: a coordinator adds a service to the
directory, opens a case from a member's page, and refers her only once she consented."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from vigia.alerts.tests.helpers import member
from vigia.cases.models import Case, Referral
from vigia.incidents.tests.test_browser import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_is_opened_and_referred_only_with_her_consent(
    page: Any, live_server: Any, coordinator: Any, lince: Any
) -> None:
    rosa = member(coordinator, lince, consents=("alerts",))
    log_in(page, live_server, coordinator)

    # 1. A shelter in the directory of services.
    page.goto(f"{live_server.url}/casos/servicios/")
    page.get_by_label("Nombre").fill("Casa refugio Santa Rosa")
    page.get_by_label("Tipo").select_option("shelter")
    page.get_by_label("Contacto").fill("+51 987 000 111")
    page.get_by_label("Horario").fill("Todos los días, 24 horas")
    page.get_by_label("Zonas que atiende").select_option(label="Lince")
    page.get_by_role("button", name="Agregar servicio").click()
    expect(page.get_by_text("Casa refugio Santa Rosa")).to_be_visible()
    check_accessibility(page, "cases-directory")

    # 2. A case from her page.
    page.goto(f"{live_server.url}/integrantes/{rosa.pk}/")
    page.get_by_role("button", name="Abrir un caso de seguimiento").click()
    page.wait_for_url("**/casos/*/")
    expect(page.locator("h1")).to_contain_text("Abierto")
    check_accessibility(page, "cases-detail")

    # 3. Without her consent to follow-up the referral is refused, with the reason.
    page.get_by_label("Servicio").select_option(label="Casa refugio Santa Rosa")
    page.get_by_role("button", name="Derivar").click()
    expect(page.get_by_role("status")).to_contain_text("Ella no aceptó el seguimiento de su caso")
    expect(page.get_by_text("Sin derivaciones.")).to_be_visible()
    case_url = page.url

    # 4. She agrees (recorded on her page); now the referral goes through.
    page.goto(f"{live_server.url}/integrantes/{rosa.pk}/")
    row = page.get_by_role("row").filter(has_text="Seguimiento de su caso")
    row.get_by_role("button", name="Dar").click()
    expect(page.get_by_role("row").filter(has_text="Seguimiento de su caso")).to_contain_text(
        "Sí, desde"
    )
    page.goto(case_url)
    page.get_by_label("Servicio").select_option(label="Casa refugio Santa Rosa")
    page.get_by_role("button", name="Derivar").click()
    expect(page.locator("h1")).to_contain_text("Derivado")
    expect(page.get_by_role("listitem").filter(has_text="Casa refugio Santa Rosa")).to_contain_text(
        "Pendiente"
    )
    check_accessibility(page, "cases-referral")

    # 5. What came of it.
    page.get_by_label("Resultado").select_option("attended")
    page.get_by_role("button", name="Registrar").click()
    expect(page.get_by_text("Fue atendida")).to_be_visible()
    check_accessibility(page, "cases-referred")
    case = Case.objects.get()
    assert case.member == rosa and case.status == "referred"
    assert list(Referral.objects.values_list("outcome", flat=True)) == ["attended"]
