"""`vigia report --year Y [--reporting-year] --format json|pdf|html|xlsx [--output FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from vigia.reports.models import Release
from vigia.reports.periods import PeriodError, calendar_year, reporting_year
from vigia.reports.publishing import record_release
from vigia.reports.report import build_report

BINARY = {"pdf", "xlsx"}


class Command(BaseCommand):
    help = "Write the annual report, under disclosure control (docs/reports.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--reporting-year",
            action="store_true",
            help="the reporting year ending in YEAR (VIGIA_REPORTING_YEAR_START) instead of "
            "the calendar year",
        )
        parser.add_argument(
            "--format", choices=["json", "pdf", "html", "xlsx"], default="json", dest="fmt"
        )
        parser.add_argument("--output", type=Path, help="the file to write (default: stdout)")
        parser.add_argument("--lang", choices=["es", "en"], default="es")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, output = options["fmt"], options["output"]
        if fmt in BINARY and output is None:
            raise CommandError(f"A {fmt.upper()} report needs --output FILE.")
        try:
            period = (
                reporting_year(options["year"])
                if options["reporting_year"]
                else calendar_year(options["year"])
            )
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        with translation.override(options["lang"]):
            report = build_report(period)
            data = _render(report, fmt)
        if output is None:
            self.stdout.write(data.decode() if isinstance(data, bytes) else data, ending="")
        else:
            try:
                output.write_bytes(data if isinstance(data, bytes) else data.encode())
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        record_release(
            actor=None,
            channel=Release.Channel.REPORT,
            period=period,
            tables=list(report.tables.values()),
        )
        if report.figure("incidents") == 0:
            self.stderr.write(f"No verified incidents between {period.start} and {period.end}.")


def _render(report: Any, fmt: str) -> str | bytes:
    if fmt == "json":
        return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"
    from vigia.reports import rendering

    if fmt == "html":
        return rendering.report_html(report)
    if fmt == "pdf":
        return rendering.report_pdf(report)
    return rendering.report_xlsx(report)
