"""Every URL × every role (and anonymous): the expected status, and no URL left out.

A new URL fails `test_every_url_is_in_the_matrix` until its row is added here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["anonymous", "coordinator", "verifier", "responder", "analyst", "admin"]
LOGIN = 302  # anonymous visitors are sent to the login page
STAFF_ONLY_ADMIN = {
    "anonymous": LOGIN,
    "coordinator": 404,
    "verifier": 404,
    "responder": 404,
    "analyst": 404,
    "admin": 200,
}
EVERY_STAFF = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 200)}
PUBLIC = dict.fromkeys(ROLES, 200)

# (url name, method, path builder, expected status by role)
Row = tuple[str, str, Callable[[dict[str, Any]], str], dict[str, int]]
MATRIX: list[Row] = [
    ("healthz", "get", lambda o: "/healthz", PUBLIC),
    ("dashboard", "get", lambda o: "/", EVERY_STAFF),
    ("set_language", "post", lambda o: "/i18n/setlang/", dict.fromkeys(ROLES, 302)),
    ("accounts:login", "get", lambda o: "/cuenta/ingresar/", PUBLIC),
    ("accounts:code", "get", lambda o: "/cuenta/codigo/", dict.fromkeys(ROLES, 302)),
    ("accounts:enrol", "get", lambda o: "/cuenta/activar-2fa/", dict.fromkeys(ROLES, 302)),
    (
        "accounts:recovery_codes",
        "get",
        lambda o: "/cuenta/codigos-de-recuperacion/",
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 302)},
    ),
    ("accounts:logout", "post", lambda o: "/cuenta/salir/", dict.fromkeys(ROLES, 302)),
    ("accounts:invitation", "get", lambda o: f"/cuenta/invitacion/{o['token']}/", PUBLIC),
    ("accounts:staff", "get", lambda o: "/cuenta/equipo/", STAFF_ONLY_ADMIN),
    (
        "accounts:invite",
        "post",
        lambda o: "/cuenta/equipo/invitar/",
        {**STAFF_ONLY_ADMIN, "admin": 400},
    ),
    (
        "accounts:deactivate",
        "post",
        lambda o: f"/cuenta/equipo/{o['victim'].pk}/desactivar/",
        {**STAFF_ONLY_ADMIN, "admin": 302},
    ),
    (
        "accounts:totp_reset",
        "post",
        lambda o: f"/cuenta/equipo/{o['victim'].pk}/reiniciar-2fa/",
        {**STAFF_ONLY_ADMIN, "admin": 302},
    ),
    # Without the typed confirmation the lock is refused (and redirected), never applied.
    ("accounts:lock", "post", lambda o: "/cuenta/bloquear/", {**STAFF_ONLY_ADMIN, "admin": 302}),
]
DEV_ONLY_NAMESPACES = {"admin"}


def _app_modules() -> list[Any]:
    """Each app lists its URLs in ``vigia/<app>/tests/access_matrix.py``: ``ROWS``, and
    optionally ``sample_objects(make_staff, admin_user) -> dict`` for the paths' objects."""
    import importlib
    import pkgutil

    import vigia

    modules = []
    for info in pkgutil.iter_modules(vigia.__path__):
        try:
            modules.append(importlib.import_module(f"vigia.{info.name}.tests.access_matrix"))
        except ModuleNotFoundError:
            continue
    return modules


APP_MODULES = _app_modules()
# Which module's sample_objects a row needs: only that one is built for the row's tests.
PROVIDERS: dict[str, Any] = {}
for _module in APP_MODULES:
    MATRIX.extend(_module.ROWS)
    for _row in _module.ROWS:
        PROVIDERS[_row[0]] = getattr(_module, "sample_objects", None)


def _names(patterns: list[Any], prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in DEV_ONLY_NAMESPACES:
                continue
            inner = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


def test_every_url_is_in_the_matrix() -> None:
    assert _names(get_resolver().url_patterns) == {row[0] for row in MATRIX}


def objects_for(name: str, make_staff: Callable[..., Any], admin_user: Any) -> dict[str, Any]:
    """Sample objects a row's URL points at: this app's, or the row's own module's."""
    provider = PROVIDERS.get(name)
    if provider is not None:
        found: dict[str, Any] = provider(make_staff, admin_user)
        return found
    from vigia.accounts import services

    _invitation, token = services.staff_invite(actor=admin_user, role="verifier")
    return {"victim": make_staff("verifier", username="objetivo"), "token": token}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=[row[0] for row in MATRIX])
def test_each_role_gets_the_expected_status(
    row: Row, role: str, make_staff: Callable[..., Any], admin_user: Any, as_user: Any
) -> None:
    name, method, build, expected = row
    objects = objects_for(name, make_staff, admin_user)
    client = Client() if role == "anonymous" else as_user(make_staff(role))
    response = getattr(client, method)(build(objects))
    assert response.status_code == expected[role], f"{name} as {role}"
