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
    from vigia.indicators.suggestions import suggest_for_incident

    item = incident(actor=admin_user, narrative="Yapea 200 soles semanal al 912 777 888.")
    link = services.indicator_link(actor=admin_user, incident=item, kind="phone", raw="912345678")
    suggest_for_incident.call(str(item.pk))
    return {"link": link, "suggestion": item.suggestions.first(), "incident": item}


def _suggestion(o: dict[str, Any]) -> str:
    return f"/indicadores/sugerencia/{o['suggestion'].pk}/descartar/"


ROWS += [
    (
        "indicators:suggest",
        "post",
        lambda o: f"/indicadores/incidente/{o['incident'].pk}/sugerir/",
        allowed(302, WRITE),
    ),
    ("indicators:suggestion_decide", "post", _suggestion, allowed(302, WRITE)),
]
