"""Alerts and the on-call view walked in headless Chromium, with screenshots: a coordinator
drafts an alert from a verified incident and a colleague approves it; a responder sees an
emergency appear while the page is open and takes it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vigia.alerts import emergencies
from vigia.alerts.models import Alert, Emergency
from vigia.alerts.tests.helpers import member, verified
from vigia.incidents.tests.test_browser import check_accessibility, log_in
from vigia.messaging.tests.support import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Un número nuevo, el 987 654 321, exige cupos de noche en la zona. Cuídense."


def test_a_coordinator_drafts_an_alert_and_a_colleague_approves_it(
    page: Any,
    live_server: Any,
    coordinator: Any,
    colleague: Any,
    lince: Any,
    whatsapp: Any,
    telegram: Any,
) -> None:
    incident = verified(coordinator)
    rosa = member(coordinator, lince)  # WhatsApp, has not written today
    tele = member(coordinator, lince, channel="telegram")
    log_in(page, live_server, coordinator)

    # 1. From the verified incident to a draft, beside its checklist.
    page.goto(f"{live_server.url}/registro/{incident.pk}/")
    page.get_by_role("link", name="Redactar alerta").click()
    page.locator("#id_kind").select_option("new_number")
    page.locator("#id_text").fill(TEXT)
    page.get_by_label("Zonas").select_option(label="Lince")
    expect(page.get_by_label("Incidentes verificados")).to_have_values([str(incident.pk)])
    check_accessibility(page, "alerts-create")
    page.get_by_role("button", name="Guardar borrador").click()
    page.wait_for_url("**/alertas/*/")

    # 2. The checklist and how each channel will show it; it names a number: two people.
    checklist = page.get_by_role("complementary", name="Lista de verificación")
    expect(checklist.get_by_role("listitem").first).to_be_visible()
    expect(page.get_by_text("WhatsApp (1)")).to_be_visible()
    expect(page.get_by_text("Telegram (1)")).to_be_visible()
    expect(page.get_by_text("SMS (0)")).to_be_visible()
    expect(page.get_by_text("no escribió en las últimas 24 horas")).to_be_visible()
    expect(page.get_by_text("Llegará a 2 integrantes.")).to_be_visible()
    expect(page.get_by_text("nombra un número o una cuenta")).to_be_visible()
    check_accessibility(page, "alerts-draft")
    page.get_by_label("Releí el texto con esta lista").check()
    page.get_by_role("button", name="Enviar").click()
    expect(page.locator("h1")).to_contain_text("Espera aprobación")
    expect(page.get_by_text("Espera que otra coordinadora la apruebe.")).to_be_visible()
    expect(page.get_by_role("button", name="Aprobar y enviar")).to_have_count(0)

    # 3. Even forged, the author's approval is refused.
    alert = Alert.objects.get()
    page.evaluate(
        """url => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = url;
            form.appendChild(document.querySelector("[name=csrfmiddlewaretoken]").cloneNode());
            document.body.appendChild(form);
            form.submit();
        }""",
        f"/alertas/{alert.pk}/aprobar/",
    )
    expect(page.get_by_text("Quien escribió la alerta no puede aprobarla")).to_be_visible()
    alert.refresh_from_db()
    assert alert.status == "pending"

    # 4. A colleague approves it; the worker sends it; the delivery report shows.
    page.context.clear_cookies()
    log_in(page, live_server, colleague)
    page.goto(f"{live_server.url}/alertas/{alert.pk}/")
    page.get_by_role("button", name="Aprobar y enviar").click()
    expect(page.locator("h1")).to_contain_text("Enviada")
    run_worker()
    page.reload()
    report = page.get_by_role("table")
    expect(report.get_by_role("row", name="Copias 2")).to_be_visible()
    expect(report.get_by_role("row", name="Enviado 1")).to_be_visible()
    expect(
        report.get_by_role("row", name="Retenido (fuera de la ventana de 24 h) 1")
    ).to_be_visible()
    check_accessibility(page, "alerts-report")
    assert len(telegram.texts_to(str(tele.address))) == 1
    # Outside her 24-hour window she gets the content-free invitation, not the alert.
    assert whatsapp.texts_to(str(rosa.address))[0].startswith("[template:")


def test_the_on_call_view_shows_a_new_emergency_and_a_responder_takes_it(
    page: Any, live_server: Any, coordinator: Any, make_staff: Any, telegram: Any
) -> None:
    responder = make_staff("responder", username="guardia")
    emergencies.responder_contact_set(
        actor=coordinator, user=responder, channel="telegram", address="990001"
    )
    now = timezone.now()
    emergencies.shift_create(
        actor=coordinator, responder=responder, starts_at=now, ends_at=now + timedelta(hours=2)
    )
    log_in(page, live_server, responder)
    page.goto(f"{live_server.url}/alertas/guardia/")
    panel = page.locator("#oncall-panel")
    expect(panel.get_by_text("No hay emergencias abiertas.")).to_be_visible()

    # AYUDA arrives while the page is open: the panel shows it without a reload.
    emergencies.emergency_create(actor=None, source="keyword")
    expect(panel.get_by_role("alert")).to_have_text(
        "Hay emergencias esperando a alguien.", timeout=12_000
    )
    check_accessibility(page, "alerts-oncall")
    run_worker()
    assert len(telegram.texts_to("990001")) == 1  # her own channel, as well as the page

    panel.get_by_role("link").first.click()
    page.get_by_role("button", name="Yo la atiendo").click()
    expect(page.get_by_role("heading", name="Antes de salir")).to_be_visible()
    page.get_by_label("La llamé a un número conocido").check()
    page.get_by_label("Acordamos una palabra segura").check()
    page.get_by_role("button", name="Listo para salir").click()
    steps = page.locator("ol.steps")
    expect(steps).to_contain_text("Atendida")
    expect(steps).to_contain_text("Verificación de devolución de llamada")
    check_accessibility(page, "alerts-emergency")
    emergency = Emergency.objects.get()
    assert (emergency.status, emergency.acknowledged_by) == ("acknowledged", responder)
    assert emergency.called_back and emergency.safe_word_agreed
