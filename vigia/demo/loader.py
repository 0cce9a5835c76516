"""The demo organization for `make run`: dev mode only, idempotent."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from vigia.accounts import services as accounts
from vigia.accounts.models import Role, User
from vigia.vault.keyring import write_private

DEMO_USERS = [("coordinadora", Role.COORDINATOR), ("admin", Role.ADMIN)]


class DemoRefused(Exception):
    pass


def credentials_file() -> Path:
    return Path(settings.VIGIA_DATA_DIR) / "demo-credentials.txt"


@transaction.atomic
def load() -> dict[str, str]:
    """Create what is missing; returns user names with their generated passwords."""
    if not settings.VIGIA_DEV:
        raise DemoRefused("The demo loads only in dev mode (VIGIA_DEV=1), never in production.")
    created: dict[str, str] = {}
    for username, role in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        accounts.staff_create(actor=None, username=username, password=password, role=role)
        created[username] = password
    coordinator = User.objects.get(username="coordinadora")
    from vigia.demo import register

    register.load(coordinator)
    if created:
        lines = "".join(f"{name}: {password}\n" for name, password in created.items())
        path = credentials_file()
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        write_private(path, old + lines)
    return created


def is_empty() -> bool:
    return not User.objects.exists()
