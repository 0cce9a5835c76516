"""`vigia export`: open data under disclosure control (docs/reports.md).

vigia export --year Y [--reporting-year] [--table NAME ...] --format csv|xlsx|json|geojson
vigia export --records [--year Y] --format csv|xlsx|json
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigia.reports import exports
from vigia.reports.models import Release
from vigia.reports.periods import PeriodError, calendar_year, reporting_year
from vigia.reports.publishing import prepare, record_release
from vigia.reports.tables import TABLE_NAMES

GEO_TABLES = ("headline", "incidents_by_zone", "killed_by_zone", "missing_by_zone")


class Command(BaseCommand):
    help = "Export aggregate tables or public record-level rows (docs/reports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--reporting-year", action="store_true")
        parser.add_argument("--table", action="append", choices=TABLE_NAMES, dest="tables")
        parser.add_argument("--format", choices=exports.FORMATS, default="csv", dest="fmt")
        parser.add_argument(
            "--records", action="store_true", help="ACLED-style rows of press-only incidents"
        )
        parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, output = options["fmt"], options["output"]
        if fmt == "xlsx" and output is None:
            raise CommandError("An XLSX export needs --output FILE.")
        if options["records"]:
            self._write(self._records(fmt, options["year"]), output)
            return
        if options["year"] is None:
            raise CommandError("Say which year to export with --year (or use --records).")
        try:
            year = options["year"]
            period = reporting_year(year) if options["reporting_year"] else calendar_year(year)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        names = GEO_TABLES if fmt == "geojson" else tuple(options["tables"] or TABLE_NAMES)
        tables = prepare(period, ["headline", *[n for n in names if n != "headline"]])
        chosen = [tables[name] for name in names]
        if fmt == "geojson":
            content: Iterator[str] | IO[bytes] = iter(
                [json.dumps(exports.district_geojson(tables), ensure_ascii=False) + "\n"]
            )
        elif fmt == "csv":
            content = exports.tables_csv(chosen)
        elif fmt == "json":
            content = exports.tables_json(chosen)
        else:
            content = exports.tables_xlsx(chosen)
        self._write(content, output)
        record_release(
            actor=None, channel=Release.Channel.EXPORT, period=period, tables=list(tables.values())
        )

    def _records(self, fmt: str, year: int | None) -> Iterator[str] | IO[bytes]:
        if fmt == "geojson":
            raise CommandError("Record-level rows come as csv, json or xlsx.")
        incidents = exports.publishable_records()
        if year is not None:
            incidents = incidents.filter(date__year=year)
        if fmt == "csv":
            return exports.records_csv(incidents)
        if fmt == "json":
            return exports.records_json(incidents)
        return exports.records_xlsx(incidents)

    def _write(self, content: Iterator[str] | IO[bytes], output: Path | None) -> None:
        try:
            if output is None:
                for chunk in content:
                    self.stdout.write(str(chunk), ending="")
                return
            if not hasattr(content, "read"):
                with output.open("w", encoding="utf-8", newline="") as handle:
                    handle.writelines(content)
            else:
                with content, output.open("wb") as handle:  # type: ignore[union-attr]
                    shutil.copyfileobj(content, handle)  # type: ignore[arg-type]
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
