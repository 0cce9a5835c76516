from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.demo import loader
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Load the demo organization (dev mode only): `vigia demo load [--if-empty]`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--if-empty", action="store_true", help="only on an empty database")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and not loader.is_empty():
            self.stdout.write("The database already has data; the demo was not loaded again.")
        else:
            try:
                loader.load()
            except (loader.DemoRefused, VaultError) as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(
            "Demo coordinator: user 'coordinadora'; her password is in "
            f"{loader.credentials_file()} (readable only by you). "
            "At first login you will set up the authenticator app (TOTP)."
        )
