"""The alerts pages: outsiders get 404, bad input gets a clear message."""

from __future__ import annotations

from typing import Any

import pytest

from vigia.alerts import emergencies, services
from vigia.alerts.tests.helpers import member

pytestmark = pytest.mark.django_db


def test_an_outsider_gets_404_for_a_lince_alert_and_emergency(
    coordinator: Any, outsider: Any, lince: Any, as_user: Any, make_staff: Any
) -> None:
    make_staff("responder")  # so that the fallback calls her, not the outsider
    alert = services.alert_draft(
        actor=coordinator, kind="attack", text="Ataques de noche.", zones=[lince]
    )
    her = member(coordinator, lince)
    emergency = emergencies.emergency_create(actor=None, source="keyword", member=her)
    client = as_user(outsider)
    for url in (f"/alertas/{alert.pk}/", f"/alertas/emergencias/{emergency.pk}/"):
        assert as_user(coordinator).get(url).status_code == 200
        assert client.get(url).status_code == 404
    assert client.post(f"/alertas/{alert.pk}/retirar/").status_code == 404
    assert client.post(f"/alertas/emergencias/{emergency.pk}/acknowledge/").status_code == 404


def test_an_alert_without_zones_is_refused_with_a_message(
    coordinator: Any, lince: Any, as_user: Any
) -> None:
    response = as_user(coordinator).post(
        "/alertas/nueva/", {"kind": "attack", "text": "Ataques de noche."}
    )
    assert response.status_code == 400
    assert "al menos una zona" in response.content.decode()


def test_the_on_call_panel_lists_open_emergencies_for_polling(
    make_staff: Any, as_user: Any
) -> None:
    responder = make_staff("responder")
    emergencies.emergency_create(actor=None, source="keyword")
    page = as_user(responder).get("/alertas/guardia/").content.decode()
    assert 'hx-trigger="every 5s"' in page
    panel = as_user(responder).get("/alertas/guardia/panel/").content.decode()
    assert "Hay emergencias esperando" in panel
    assert (
        "1 emergencia espera" in as_user(responder).get("/alertas/guardia/avisos/").content.decode()
    )


def test_quiet_hours_are_set_from_the_page(coordinator: Any, lince: Any, as_user: Any) -> None:
    from vigia.alerts.models import QuietHours

    her = member(coordinator, lince)
    response = as_user(coordinator).post(
        f"/alertas/integrantes/{her.pk}/silencio/", {"starts": "22:00", "ends": "07:00"}
    )
    assert response.status_code == 302
    assert QuietHours.objects.get(member=her).ends.hour == 7
