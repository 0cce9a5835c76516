"""The map (Leaflet, offline) and the charts render in headless Chromium."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from conftest import login_verified, screenshot
from vigia.incidents.tests.factories import verified
from vigia.zones.models import Zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(actor: Any) -> None:
    callao = Zone.objects.get(ubigeo="070101")
    for day in range(1, 13):
        verified(actor=actor, event_type="murder", date=date(2023, 3, day), killed=1,
                 weekly_quota=None)  # fmt: skip
    for day in range(1, 11):
        verified(actor=actor, event_type="threat", date=date(2023, 4, day), zone=callao,
                 weekly_quota=None)  # fmt: skip


def check_map_and_charts(page: Any, base: str) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
        (base, "data:")) else None)  # fmt: skip
    page.wait_for_selector("#map[data-ready='2']")
    assert page.locator("#map path.district-marker").count() == 2
    for name in ("yearly", "months", "perpetrators", "amounts"):
        width = page.locator(f"img[data-chart='{name}']").evaluate("img => img.naturalWidth")
        assert width > 100, name
    assert outside == [], "no tiles or scripts from another host unless configured"


def test_the_staff_dashboard_draws_the_map_and_charts(
    page: Any, live_server: Any, coordinator: Any
) -> None:
    fill(coordinator)
    session = login_verified(Client(), coordinator).cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/cifras/?year=2023")
    check_map_and_charts(page, live_server.url)
    screenshot(page, "reports-dashboard")


def test_the_public_page_draws_the_map_and_charts(
    page: Any, live_server: Any, coordinator: Any
) -> None:
    fill(coordinator)
    with override_settings(VIGIA_PUBLIC_DATA=True):
        page.goto(f"{live_server.url}/publico/?year=2023")
        check_map_and_charts(page, live_server.url)
        screenshot(page, "reports-public")
