"""Linkage URLs in the authorization matrix (see accounts/tests/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigia.incidents.tests.access_matrix import VIEW, WRITE, allowed

ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("linkage:queue", "get", lambda o: "/enlaces/", allowed(200, WRITE)),
    ("linkage:candidate", "get", lambda o: f"/enlaces/par/{o['candidate'].pk}/", allowed(200, WRITE)),
    ("linkage:merge", "post", lambda o: f"/enlaces/par/{o['candidate'].pk}/unir/", allowed(302, WRITE)),
    (
        "linkage:not_same",
        "post",
        lambda o: f"/enlaces/par/{o['candidate'].pk}/distintos/",
        allowed(302, WRITE),
    ),
    (
        "linkage:unmerge",
        "post",
        lambda o: f"/enlaces/union/{o['merge'].pk}/deshacer/",
        allowed(302, WRITE),
    ),
    ("linkage:networks", "get", lambda o: "/enlaces/redes/", allowed(200, VIEW)),
    ("linkage:network", "get", lambda o: "/enlaces/redes/1/", allowed(200, VIEW)),
    ("linkage:lookup", "get", lambda o: "/enlaces/numero/?kind=phone&value=987654321",
     allowed(200, VIEW)),
]  # fmt: skip


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from datetime import date

    from vigia.linkage import services
    from vigia.linkage.models import Candidate
    from vigia.linkage.tests.factories import report, same_event_twice

    first, second = same_event_twice(admin_user)
    pending = Candidate.objects.create(incident=second, match=first, probability=0.97,
                                       model_version="test")  # fmt: skip
    third = report(actor=admin_user, day=date(2023, 5, 2), name="Luna Díaz", phone="987000111")
    fourth = report(actor=admin_user, day=date(2023, 5, 3), name="Luna Diaz", phone="987000111")
    merged = Candidate.objects.create(incident=fourth, match=third, probability=0.99,
                                      model_version="test")  # fmt: skip
    done = services.merge(actor=admin_user, candidate=merged)
    services.networks_rebuild()
    return {"candidate": pending, "merge": done}
