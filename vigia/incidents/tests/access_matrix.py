"""The register's URLs in the authorization matrix (see accounts/tests/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "coordinator", "verifier", "responder", "analyst", "admin"]
LOGIN = 302


def allowed(status: int, roles: set[str]) -> dict[str, int]:
    """``status`` for the given roles, 404 for other staff, the login redirect for anonymous."""
    return {r: LOGIN if r == "anonymous" else (status if r in roles else 404) for r in ROLES}


VIEW = {"coordinator", "verifier", "responder", "admin"}
WRITE = {"coordinator", "verifier", "admin"}
DASHBOARD = {"coordinator", "verifier", "responder", "analyst", "admin"}

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("incidents:list", "get", lambda o: "/registro/", allowed(200, VIEW)),
    ("incidents:notice", "get", lambda o: "/registro/avisos/?poll=1", allowed(200, VIEW)),
    ("incidents:create", "get", lambda o: "/registro/nuevo/", allowed(200, WRITE)),
    ("incidents:import", "get", lambda o: "/registro/importar/", allowed(200, WRITE)),
    ("incidents:detail", "get", lambda o: f"/registro/{o['incident'].pk}/", allowed(200, VIEW)),
    (
        "incidents:edit",
        "get",
        lambda o: f"/registro/{o['incident'].pk}/editar/",
        allowed(200, WRITE),
    ),
    (
        "incidents:victim_add",
        "post",
        lambda o: f"/registro/{o['incident'].pk}/victimas/",
        allowed(400, WRITE),
    ),
    (
        "incidents:source_add",
        "post",
        lambda o: f"/registro/{o['incident'].pk}/fuentes/",
        allowed(400, WRITE),
    ),
    (
        "incidents:attachment_add",
        "post",
        lambda o: f"/registro/{o['incident'].pk}/adjuntos/",
        allowed(400, WRITE),
    ),
    (
        "incidents:transition",
        "post",
        lambda o: f"/registro/{o['incident'].pk}/estado/",
        allowed(400, WRITE),
    ),
    (
        "incidents:outcome",
        "post",
        lambda o: f"/registro/{o['incident'].pk}/desenlace/",
        allowed(400, WRITE),
    ),
    (
        "incidents:bundle",
        "get",
        lambda o: f"/registro/{o['incident'].pk}/expediente/",
        allowed(200, VIEW),
    ),
    (
        "incidents:attachment",
        "get",
        lambda o: f"/registro/adjuntos/{o['attachment'].pk}/",
        allowed(200, VIEW),
    ),
    ("incidents:actor", "get", lambda o: "/registro/actores/los-gallegos/", allowed(200, VIEW)),
]


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.incidents import services
    from vigia.incidents.tests.factories import incident
    from vigia.incidents.tests.test_services import _jpeg_with_gps

    item = incident(actor=admin_user, event_type="disappearance", missing=1)
    attachment = services.attachment_add(
        actor=admin_user, incident=item, kind="screenshot", data=_jpeg_with_gps()
    )
    return {"incident": item, "attachment": attachment}
