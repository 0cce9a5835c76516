"""Figures pages: the staff dashboard, downloads, and the opt-in public page.

Every page shows protected figures only (the same a release would publish), so an analyst sees
aggregates and never identities. Staff who may read the register get links from a figure to
the incidents behind it (the register applies their own zone limits).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from vigia.accounts.access import staff_view
from vigia.accounts.permissions import can
from vigia.reports import exports
from vigia.reports.models import Release
from vigia.reports.periods import Period, PeriodError, calendar_year
from vigia.reports.publishing import Published, prepare, record_release
from vigia.reports.rendering import figures

# Table → the register's list filter for its rows (the list is at /registro/).
DRILL = {
    "incidents_by_type": "type",
    "incidents_by_zone": "zone",
    "incidents_by_perpetrator": "perpetrator",
    "incidents_by_actor": "actor",
}
TABLE_FORMATS = ("csv", "xlsx", "json", "geojson")
RECORD_FORMATS = ("csv", "xlsx", "json")


def _year(request: HttpRequest) -> Period:
    raw = request.GET.get("year") or str(timezone.localdate().year)
    try:
        return calendar_year(int(raw))
    except (ValueError, PeriodError):
        raise Http404 from None


def _link_figures(tables: list[Published], year: int) -> None:
    base = reverse("incidents:list")
    for table in tables:
        parameter = DRILL.get(table.name)
        if parameter is None:
            continue
        table.links = {
            key: f"{base}?{urlencode({'status': 'verified', 'year': year, parameter: key})}"
            for key in table.protected.table.rows
            if key != "unknown"
        }


def _context(period: Period) -> dict[str, Any]:
    context = figures(period)
    context["map_data"] = {
        "markers": context["markers"],
        "tiles": settings.VIGIA_MAP_TILES_URL,
        "attribution": settings.VIGIA_MAP_TILES_ATTRIBUTION,
    }
    context["years"] = list(range(period.year, period.year - 6, -1))
    return context


@staff_view("reports.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    period = _year(request)
    context = _context(period)
    if can(request.user, "incidents.view"):
        _link_figures(context["tables"], period.year)
    return render(request, "reports/dashboard.html", context)


def _tables_response(period: Period, fmt: str, channel: str, actor: Any) -> HttpResponseBase:
    if fmt not in TABLE_FORMATS:
        raise Http404
    tables = prepare(period)
    filename = f"vigia-{period.year}.{fmt}"
    body: Iterator[str] | IO[bytes]
    if fmt == "geojson":
        body = iter([json.dumps(exports.district_geojson(tables), ensure_ascii=False)])
    elif fmt == "csv":
        body = exports.tables_csv(tables.values())
    elif fmt == "json":
        body = exports.tables_json(tables.values())
    else:
        body = exports.tables_xlsx(tables.values())
    record_release(actor=actor, channel=channel, period=period, tables=list(tables.values()))
    return _send(body, fmt, filename)


def _send(body: Iterator[str] | IO[bytes], fmt: str, filename: str) -> HttpResponseBase:
    if hasattr(body, "read"):
        return FileResponse(body, as_attachment=True, filename=filename,
                            content_type=exports.CONTENT_TYPES[fmt])  # fmt: skip
    response = StreamingHttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _records_response(fmt: str) -> HttpResponseBase:
    writers: dict[str, Callable[[], Iterator[str] | IO[bytes]]] = {
        "csv": exports.records_csv,
        "json": exports.records_json,
        "xlsx": exports.records_xlsx,
    }
    if fmt not in writers:
        raise Http404
    return _send(writers[fmt](), fmt, f"vigia-eventos.{fmt}")


@staff_view("reports.view")
def staff_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    try:
        period = calendar_year(year)
    except PeriodError:
        raise Http404 from None
    # staff_view types views as returning HttpResponse; a streamed body is one in all but name.
    return cast(HttpResponse, _tables_response(period, fmt, Release.Channel.EXPORT, request.user))


@staff_view("reports.view")
def staff_records(request: HttpRequest, fmt: str) -> HttpResponse:
    return cast(HttpResponse, _records_response(fmt))


def _public_only() -> None:
    if not settings.VIGIA_PUBLIC_DATA:
        raise Http404


def public_page(request: HttpRequest) -> HttpResponse:
    _public_only()
    period = _year(request)
    context = _context(period)
    record_release(
        actor=None,
        channel=Release.Channel.PUBLIC,
        period=period,
        tables=list(context["report"].tables.values()),
    )
    return render(request, "reports/public.html", context)


def open_data(request: HttpRequest, year: int, fmt: str) -> HttpResponseBase:
    _public_only()
    try:
        period = calendar_year(year)
    except PeriodError:
        raise Http404 from None
    return _tables_response(period, fmt, Release.Channel.EXPORT, None)


def open_records(request: HttpRequest, fmt: str) -> HttpResponseBase:
    _public_only()
    return _records_response(fmt)
