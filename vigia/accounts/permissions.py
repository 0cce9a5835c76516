"""Who may do what: one table, read by views and by the `get_<thing>_for_user` helpers."""

from __future__ import annotations

from typing import Any

from vigia.accounts.models import Role

C, V, R, A, AD = Role.COORDINATOR, Role.VERIFIER, Role.RESPONDER, Role.ANALYST, Role.ADMIN

PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": frozenset({C, V, R, A, AD}),
    "incidents.view": frozenset({C, V, R, AD}),
    "incidents.write": frozenset({C, V, AD}),
    "incidents.verify": frozenset({C, V, AD}),
    "members.view": frozenset({C, R, AD}),
    "members.write": frozenset({C, AD}),
    "members.reveal": frozenset({C, R, AD}),
    "reports.view": frozenset({C, V, R, A, AD}),
    "inbox.view": frozenset({C, R, AD}),
    "alerts.write": frozenset({C, AD}),
    "alerts.approve": frozenset({C, AD}),
    "emergencies.respond": frozenset({C, R, AD}),
    "cases.view": frozenset({C, R, AD}),
    "cases.write": frozenset({C, R, AD}),
    "staff.manage": frozenset({AD}),
    "audit.view": frozenset({AD}),
}


def can(user: Any, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in PERMISSIONS[permission]


def zone_ids(user: Any) -> set[int] | None:
    """The zones a staff member covers, or None when she covers all of them."""
    ids = set(user.zones.values_list("id", flat=True))
    return ids or None
