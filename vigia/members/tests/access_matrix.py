from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import allowed

VIEW = {"coordinator", "responder", "admin"}
WRITE = {"coordinator", "admin"}

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("members:list", "get", lambda o: "/integrantes/", allowed(200, VIEW)),
    ("members:enrol", "get", lambda o: "/integrantes/inscribir/", allowed(200, WRITE)),
    ("members:invite", "get", lambda o: "/integrantes/invitar/", allowed(200, WRITE)),
    ("members:detail", "get", lambda o: f"/integrantes/{o['member'].pk}/", allowed(200, VIEW)),
    (
        "members:reveal",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/ver-contacto/",
        allowed(400, VIEW),
    ),
    (
        "members:consent",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/consentimiento/",
        allowed(302, WRITE),
    ),
    (
        "members:compromised",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/comprometido/",
        allowed(302, WRITE),
    ),
    (
        "members:erase",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/borrar/",
        allowed(302, WRITE),
    ),
    (
        "members:reissue",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/codigo-nuevo/",
        allowed(200, WRITE),
    ),
    (
        "members:contact",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/otro-contacto/",
        allowed(400, WRITE),
    ),
    (
        "members:contact_remove",
        "post",
        lambda o: f"/integrantes/{o['member'].pk}/otro-contacto/{o['contact'].pk}/quitar/",
        allowed(302, WRITE),
    ),
    ("members:move", "get", lambda o: "/integrantes/cambio-de-canal/", allowed(200, WRITE)),
    (
        "members:move_detail",
        "get",
        lambda o: f"/integrantes/cambio-de-canal/{o['move'].pk}/",
        allowed(200, WRITE),
    ),
    (
        "members:move_close",
        "post",
        lambda o: f"/integrantes/cambio-de-canal/{o['move'].pk}/terminar/",
        allowed(302, WRITE),
    ),
]


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.members.models import ChannelMove
    from vigia.members.services import contact_set
    from vigia.members.tests.factories import member, synthetic_phone

    person = member(actor=admin_user)
    contact = contact_set(actor=admin_user, member=person, channel="sms", address=synthetic_phone())
    return {
        "member": person,
        "contact": contact,
        "move": ChannelMove.objects.create(from_channel="whatsapp"),
    }
