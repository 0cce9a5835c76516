"""Press URLs in the authorization matrix (see accounts/tests/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import VIEW, WRITE, allowed

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("press:queue", "get", lambda o: "/prensa/", allowed(200, VIEW)),
    ("press:accept", "post", lambda o: f"/prensa/{o['candidate'].pk}/aceptar/", allowed(302, WRITE)),
    ("press:attach", "post", lambda o: f"/prensa/{o['candidate'].pk}/adjuntar/", allowed(400, WRITE)),
    ("press:dismiss", "post", lambda o: f"/prensa/{o['candidate'].pk}/descartar/", allowed(302, WRITE)),
    ("press:sources", "get", lambda o: "/prensa/fuentes/", allowed(200, VIEW)),
    ("press:feed_add", "post", lambda o: "/prensa/fuentes/nueva/", allowed(400, WRITE)),
    ("press:upload", "post", lambda o: "/prensa/fuentes/subir/", allowed(400, WRITE)),
]  # fmt: skip


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.press.tests.factories import candidate

    return {"candidate": candidate()}
