"""The cases' URLs in the authorization matrix (see accounts/tests/test_matrix.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ROLES = ["anonymous", "coordinator", "verifier", "responder", "analyst", "admin"]
CASES = {"coordinator", "responder", "admin"}


def allowed(status: int, roles: set[str]) -> dict[str, int]:
    return {r: 302 if r == "anonymous" else (status if r in roles else 404) for r in ROLES}


def sample_objects(make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    from vigia.cases import services
    from vigia.members import services as members
    from vigia.zones.models import Zone

    her = members.member_enrol(
        actor=admin_user,
        pseudonym="Lila",
        channel="sms",
        address="+51999111222",
        zones=[Zone.objects.get(ubigeo="150116")],
        consents=["followup"],
    )
    case = services.case_open(actor=admin_user, member=her)
    service = services.service_save(actor=admin_user, name="Clínica", kind="hiv", contact="01 555")
    referral = services.referral_create(actor=admin_user, case=case, service=service)
    return {"case": case, "referral": referral}


ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]] = [
    ("cases:list", "get", lambda o: "/casos/", allowed(200, CASES)),
    ("cases:open", "post", lambda o: "/casos/abrir/", allowed(400, CASES)),
    ("cases:directory", "get", lambda o: "/casos/servicios/", allowed(200, CASES)),
    ("cases:detail", "get", lambda o: f"/casos/{o['case'].pk}/", allowed(200, CASES)),
    ("cases:act", "post", lambda o: f"/casos/{o['case'].pk}/note/", allowed(302, CASES)),
    (
        "cases:referral_outcome",
        "post",
        lambda o: f"/casos/{o['case'].pk}/derivaciones/{o['referral'].pk}/",
        allowed(302, CASES),
    ),
]
