from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.audit.chain import Actor
from vigia.backups.services import BackupError, backup
from vigia.vault.errors import VaultError


class Command(BaseCommand):
    help = "Write an encrypted backup (database, attachments, audit head; never keys)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="a file, or - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["output"]
        try:
            if target == "-":
                manifest = backup(sys.stdout.buffer, actor=Actor("system", "vigia backup"))
            else:
                path = Path(target)
                partial = path.with_name(path.name + ".partial")
                with open(partial, "wb") as out:
                    manifest = backup(out, actor=Actor("system", "vigia backup"))
                partial.replace(path)
        except (VaultError, BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        total = sum(manifest["counts"].values())
        self.stderr.write(f"Backup written: {len(manifest['files'])} files, {total} rows.")
