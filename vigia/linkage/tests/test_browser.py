"""The review queue and a network page walked in headless Chromium, with screenshots."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from vigia.incidents.tests.test_browser import check_accessibility, log_in
from vigia.linkage import services
from vigia.linkage.tests.factories import same_event_twice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_merges_a_pair_undoes_it_and_opens_the_network(
    page: Any, live_server: Any, coordinator: Any
) -> None:
    first, second = same_event_twice(coordinator)
    services.score_incident(second)
    services.networks_rebuild()
    log_in(page, live_server, coordinator)

    page.goto(f"{live_server.url}/enlaces/")
    check_accessibility(page, "linkage-queue")
    page.get_by_role("link", name="Revisar").click()
    expect(page.get_by_role("link", name=first.reference)).to_be_visible()
    check_accessibility(page, "linkage-pair")
    page.get_by_role("button", name="Son el mismo: unir").click()
    expect(page.get_by_text("No hay pares pendientes.")).to_be_visible()

    page.goto(f"{live_server.url}/registro/{second.pk}/")
    expect(page.get_by_text("Duplicado").first).to_be_visible()
    candidate = second.linkage_candidates.get()
    page.goto(f"{live_server.url}/enlaces/par/{candidate.pk}/")
    page.get_by_role("button", name="Deshacer la unión").click()
    expect(page.get_by_role("button", name="Son el mismo: unir")).to_be_visible()

    page.goto(f"{live_server.url}/enlaces/redes/")
    page.get_by_role("link", name="Red 1").click()
    expect(
        page.get_by_role("img", name="Red 1: números, cuentas y alias vistos juntos")
    ).to_be_visible()
    check_accessibility(page, "linkage-network")
