"""Open data: aggregate tables (CSV, XLSX, JSON, GeoJSON) and record-level rows.

Everything here is streamed: rows are produced one at a time from database iterators, so an
export of 100,000 incidents runs in bounded memory (bench/export.py measures it).

Record-level rows follow ACLED's columns, only for incidents whose every source is public
(press, official), after VIGIA_OPEN_DATA_RECORD_DELAY_DAYS, and never with free text.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import reset_queries
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from vigia.incidents.models import Incident, Source
from vigia.incidents.models.incident import DatePrecision
from vigia.reports import selectors
from vigia.reports.publishing import Published
from vigia.zones.models import Zone

FORMATS = ("csv", "xlsx", "json", "geojson")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TABLE_COLUMNS = ["table", "period_from", "period_to", "level", "key", "label", "value",
                 "suppressed"]  # fmt: skip
RECORD_COLUMNS = [
    "event_id", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "admin2", "admin3", "admin3_pcode", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "fatalities", "disappeared",
]  # fmt: skip
TIME_PRECISION: dict[str, int] = {
    DatePrecision.DAY: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}
CHUNK = 2000


class NotPublic(Exception):
    """A record-level row was asked for an incident that has a non-public source."""


class _Echo:
    """A file-like object whose write() returns the text, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # the BOM lets spreadsheet programs read UTF-8
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])


# -- aggregate tables --------------------------------------------------------------------


def table_rows(tables: Iterable[Published]) -> Iterator[list[Any]]:
    for table in tables:
        period = table.period.as_json()
        for key, label, value in [*table.rows(), *_total_row(table)]:
            yield [table.name, period["from"], period["to"], table.level, key, label, value,
                   value is None]  # fmt: skip


def _total_row(table: Published) -> list[tuple[str, str, int | None]]:
    return [("*", "Total", table.total)] if table.protected.table.additive else []


def tables_csv(tables: Iterable[Published]) -> Iterator[str]:
    return _csv_lines(TABLE_COLUMNS, table_rows(tables))


def tables_json(tables: Iterable[Published]) -> Iterator[str]:
    yield '{"tables": ['
    for n, table in enumerate(tables):
        yield ("," if n else "") + json.dumps(table.as_json(), ensure_ascii=False)
    yield "]}\n"


def workbook(sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]]) -> IO[bytes]:
    """A workbook written row by row (openpyxl's write-only mode) to a temporary file."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned to the caller, who closes it
    book.save(handle)
    handle.seek(0)
    return handle


def tables_xlsx(tables: Iterable[Published]) -> IO[bytes]:
    return workbook((t.name, TABLE_COLUMNS, table_rows([t])) for t in tables)


def district_geojson(tables: dict[str, Published]) -> dict[str, Any]:
    """District counts as points at each district's centre (for maps); hidden counts are null."""
    measures = {
        "incidents": tables["incidents_by_zone"],
        "killed": tables["killed_by_zone"],
        "missing": tables["missing_by_zone"],
    }
    keys = sorted({key for table in measures.values() for key in table.protected.table.rows})
    zones = {z.ubigeo: z for z in Zone.objects.filter(ubigeo__in=keys)}
    features = []
    for key in keys:
        zone = zones.get(key)
        if zone is None or zone.latitude is None or zone.longitude is None:
            continue
        properties: dict[str, Any] = {"ubigeo": key, "name": zone.name}
        for measure, table in measures.items():
            properties[measure] = table.protected.cells.get((key, "n"), 0)
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(zone.longitude), float(zone.latitude)],
                },
                "properties": properties,
            }
        )
    period = next(iter(measures.values())).period
    return {"type": "FeatureCollection", "period": period.as_json(), "features": features}


# -- record-level rows ---------------------------------------------------------------------


def publishable_records(*, today: date | None = None) -> QuerySet[Incident]:
    """Verified, counted incidents whose every source is public, older than the delay."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.VIGIA_OPEN_DATA_RECORD_DELAY_DAYS)
    private = Source.objects.filter(incident=OuterRef("pk")).exclude(
        kind__in=selectors.PUBLIC_SOURCE_KINDS
    )
    return (
        selectors.counted()
        .filter(Exists(Source.objects.filter(incident=OuterRef("pk"))), date__lte=cutoff)
        .exclude(Exists(private))
        .exclude(verified_at__date__gt=cutoff)
    )


def _public_id(incident: Incident) -> str:
    # Not the internal reference: the open data must not be joinable to the register.
    return "VG" + hashlib.sha256(f"open-data|{incident.pk}".encode()).hexdigest()[:12].upper()


def record_row(incident: Incident, sources: list[Source]) -> list[Any]:
    if not sources or any(not source.is_public for source in sources):
        raise NotPublic(str(incident.pk))
    zone = incident.zone
    district = zone.district or zone
    actor1 = (
        incident.actor.name
        if incident.actor
        else (incident.perpetrator_type.label if incident.perpetrator_type else "")
    )
    outlets = sorted({urlsplit(s.url).hostname or s.kind for s in sources})
    return [
        _public_id(incident),
        incident.date.isoformat(),
        incident.date.year,
        TIME_PRECISION.get(incident.date_precision, 3),
        incident.event_type.label,
        incident.sub_type.label if incident.sub_type else "",
        actor1,
        "Civiles",
        "Perú",
        district.province or "",
        district.province or "",
        district.name,
        district.ubigeo,
        district.latitude,
        district.longitude,
        2,  # a district's centre, never the exact place
        "; ".join(outlets),
        "Nacional",
        incident.killed,
        incident.missing,
    ]


def records(incidents: QuerySet[Incident] | None = None) -> Iterator[list[Any]]:
    """Record-level rows, streamed; any incident with a non-public source raises NotPublic."""
    chosen = publishable_records() if incidents is None else incidents
    rows = (
        chosen.select_related(
            "event_type", "sub_type", "actor", "perpetrator_type", "zone", "zone__parent"
        )
        .prefetch_related(
            Prefetch("sources", queryset=Source.objects.only("kind", "url", "incident"))
        )
        .defer("narrative")
        .order_by("date", "pk")
    )
    for n, incident in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        if n % CHUNK == 0 and settings.DEBUG:
            # In dev mode Django logs every query with its 2,000 ids: keep memory bounded.
            reset_queries()
        yield record_row(incident, list(incident.sources.all()))


def records_csv(incidents: QuerySet[Incident] | None = None) -> Iterator[str]:
    return _csv_lines(RECORD_COLUMNS, records(incidents))


def records_json(incidents: QuerySet[Incident] | None = None) -> Iterator[str]:
    yield "["
    for n, row in enumerate(records(incidents)):
        item = dict(zip(RECORD_COLUMNS, row, strict=True))
        yield ("," if n else "") + json.dumps(item, ensure_ascii=False, default=str)
    yield "]\n"


def records_xlsx(incidents: QuerySet[Incident] | None = None) -> IO[bytes]:
    rows = ([None if v is None else (float(v) if hasattr(v, "as_tuple") else v) for v in row]
            for row in records(incidents))  # fmt: skip
    return workbook([("events", RECORD_COLUMNS, rows)])
