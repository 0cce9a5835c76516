from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.audit.chain import verify
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Verify the audit chain: `vigia audit verify`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            verdict = verify()
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        if not verdict.ok:
            raise CommandError(f"Audit check failed: {verdict.message}")
        self.stdout.write(verdict.message)
