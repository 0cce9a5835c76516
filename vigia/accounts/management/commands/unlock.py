from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.accounts import locking
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Unlock Vigía with the passphrase or the recovery key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--secret-file", type=Path, help="read the passphrase or recovery key from a file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        secret = None
        if options["secret_file"]:
            try:
                secret = options["secret_file"].read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise CommandError(
                    f"Cannot read {options['secret_file']}: {exc.strerror}."
                ) from None
        elif sys.stdin.isatty():
            secret = getpass.getpass("Frase de paso o clave de recuperación: ").strip() or None
        try:
            locking.unlock(secret=secret)
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Vigía is unlocked.")
