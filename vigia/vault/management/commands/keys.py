from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.vault import rotation, state
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Show the keys' status or rotate them: `vigia keys status|rotate`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "rotate"])
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            vault = state.get()
            if options["action"] == "status":
                info: dict[str, Any] = {
                    "installation_id": vault.ring.installation_id,
                    "kek_versions": sorted(vault.ring.keks),
                    "current_kek": vault.ring.current_kek,
                    **vault.keystore.status(),
                }
                self.stdout.write(json.dumps(info, indent=2))
                return
            passphrase = None
            from django.conf import settings

            if settings.VIGIA_KEY_FILE is None and settings.VIGIA_PASSPHRASE_FILE is not None:
                passphrase = settings.VIGIA_PASSPHRASE_FILE.read_text(encoding="utf-8").strip()
            version = rotation.rotate_kek(
                secrets_by_slot={"passphrase": passphrase} if passphrase else None
            )
            rewrapped = vault.keystore.rewrap(batch=options["batch"])
            changed = rotation.rotate_data_keys(
                batch=options["batch"],
                progress=lambda label, n: self.stderr.write(f"{label}: {n} rows checked"),
            )
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Rotated: KEK version {version}, {rewrapped} data keys re-wrapped, "
            f"{changed} rows re-encrypted."
        )
