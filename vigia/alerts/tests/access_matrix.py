"""Alerts' and emergencies' URLs in the authorization matrix (accounts/tests/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "coordinator", "verifier", "responder", "analyst", "admin"]
WRITE = {"coordinator", "admin"}
RESPOND = {"coordinator", "responder", "admin"}


def allowed(status: int, roles: set[str]) -> dict[str, int]:
    return {r: 302 if r == "anonymous" else (status if r in roles else 404) for r in ROLES}


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from vigia.alerts import emergencies, services
    from vigia.members import services as members
    from vigia.zones.models import Zone

    lince = Zone.objects.get(ubigeo="150116")
    alert = services.alert_draft(
        actor=admin_user, kind="attack", text="Hay ataques de noche.", zones=[lince]
    )
    emergency = emergencies.emergency_create(actor=admin_user, source="coordinator")
    now = timezone.now()
    shift = emergencies.shift_create(
        actor=admin_user, responder=admin_user, starts_at=now, ends_at=now + timedelta(hours=1)
    )
    her = members.member_enrol(
        actor=admin_user, pseudonym="Iris", channel="sms", address="+51999111333", zones=[lince]
    )
    return {"alert": alert, "emergency": emergency, "shift": shift, "member": her}


ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("alerts:list", "get", lambda o: "/alertas/", allowed(200, WRITE)),
    ("alerts:create", "get", lambda o: "/alertas/nueva/", allowed(200, WRITE)),
    ("alerts:detail", "get", lambda o: f"/alertas/{o['alert'].pk}/", allowed(200, WRITE)),
    ("alerts:submit", "post", lambda o: f"/alertas/{o['alert'].pk}/enviar/", allowed(302, WRITE)),
    ("alerts:approve", "post", lambda o: f"/alertas/{o['alert'].pk}/aprobar/", allowed(302, WRITE)),
    (
        "alerts:withdraw",
        "post",
        lambda o: f"/alertas/{o['alert'].pk}/retirar/",
        allowed(302, WRITE),
    ),
    (
        "alerts:correct",
        "post",
        lambda o: f"/alertas/{o['alert'].pk}/corregir/",
        allowed(302, WRITE),
    ),
    ("alerts:oncall", "get", lambda o: "/alertas/guardia/", allowed(200, RESPOND)),
    ("alerts:oncall_panel", "get", lambda o: "/alertas/guardia/panel/", allowed(200, RESPOND)),
    ("alerts:notice", "get", lambda o: "/alertas/guardia/avisos/", allowed(200, RESPOND)),
    ("alerts:shifts", "get", lambda o: "/alertas/guardia/turnos/", allowed(200, RESPOND)),
    (
        "alerts:shift_delete",
        "post",
        lambda o: f"/alertas/guardia/turnos/{o['shift'].pk}/borrar/",
        allowed(302, WRITE),
    ),
    ("alerts:contact", "post", lambda o: "/alertas/guardia/contacto/", allowed(302, RESPOND)),
    ("alerts:emergency_open", "post", lambda o: "/alertas/emergencias/nueva/", allowed(302, WRITE)),
    (
        "alerts:emergency",
        "get",
        lambda o: f"/alertas/emergencias/{o['emergency'].pk}/",
        allowed(200, RESPOND),
    ),
    (
        "alerts:emergency_act",
        "post",
        lambda o: f"/alertas/emergencias/{o['emergency'].pk}/acknowledge/",
        allowed(302, RESPOND),
    ),
    (
        "alerts:quiet_hours",
        "get",
        lambda o: f"/alertas/integrantes/{o['member'].pk}/silencio/",
        allowed(200, WRITE),
    ),
]
