"""`vigia import FILE [--map field=Header] [--dry-run]`: a whole register, or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.audit.chain import SYSTEM
from vigia.incidents import importer


class Command(BaseCommand):
    help = "Import incidents from a CSV or XLSX file: every row valid, or nothing written."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--map", action="append", default=[], metavar="FIELD=HEADER",
            help=f"column for a field; fields: {', '.join(importer.FIELDS)}",
        )  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="validate only")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            headers, rows = importer.read_table(data, path.name)
        except importer.ImportFileError as exc:
            raise CommandError(str(exc)) from None
        mapping = importer.guess_mapping(headers)
        for item in options["map"]:
            field, _sep, header = item.partition("=")
            if field not in importer.FIELDS or header not in headers:
                raise CommandError(f"--map {item}: unknown field or column.")
            mapping[field] = header
        result = importer.run_import(
            actor=SYSTEM, rows=rows, mapping=mapping, dry_run=options["dry_run"]
        )
        for error in result.errors:
            self.stdout.write(f"row {error.row}: " + "; ".join(error.messages))
        if not result.ok:
            raise CommandError(f"{len(result.errors)} rows have problems; nothing was imported.")
        verb = "valid" if options["dry_run"] else "imported"
        self.stdout.write(f"{result.rows} rows {verb}.")
