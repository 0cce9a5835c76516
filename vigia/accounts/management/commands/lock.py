from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vigia.accounts import locking
from vigia.audit.chain import Actor
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Lock Vigía now: every running process drops its keys until `vigia unlock`."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            locking.lock(actor=Actor("system", "vigia lock"))
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Vigía is locked; every process drops its keys within a second.")
