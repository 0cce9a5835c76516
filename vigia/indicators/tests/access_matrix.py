from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import VIEW, WRITE, allowed

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("indicators:search", "get", lambda o: "/indicadores/", allowed(200, VIEW)),
    (
        "indicators:detail",
        "get",
        lambda o: f"/indicadores/{o['link'].indicator_id}/",
        allowed(200, VIEW),
    ),
    (
        "indicators:for_incident",
        "get",
        lambda o: f"/indicadores/incidente/{o['incident'].pk}/",
        allowed(200, VIEW),
    ),
    (
        "indicators:link_add",
        "post",
        lambda o: f"/indicadores/incidente/{o['incident'].pk}/vincular/",
        allowed(400, WRITE),
    ),
    (
        "indicators:link_remove",
        "post",
        lambda o: f"/indicadores/vinculo/{o['link'].pk}/quitar/",
        allowed(302, WRITE),
    ),
]


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.incidents.tests.factories import incident
    from vigia.indicators import services

    item = incident(actor=admin_user)
    link = services.indicator_link(actor=admin_user, incident=item, kind="phone", raw="912345678")
    return {"link": link}
