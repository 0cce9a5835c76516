"""The read-only JSON API `/api/v1/…`: the same protected aggregates as the public page.

Off (404) unless the organization opts in with VIGIA_PUBLIC_DATA. Each distinct answer is a
release in the log, so that later answers are checked against it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from vigia.reports import exports
from vigia.reports.models import Release
from vigia.reports.periods import PeriodError, calendar_year
from vigia.reports.publishing import METHOD_VERSION, prepare, record_release
from vigia.reports.report import build_report
from vigia.reports.tables import TABLE_NAMES

CONTENT_TYPE = "application/json"


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _closed() -> JsonResponse | None:
    return None if settings.VIGIA_PUBLIC_DATA else _error(404, "Not found.")


def summary(request: HttpRequest, year: int) -> JsonResponse:
    if closed := _closed():
        return closed
    try:
        period = calendar_year(year)
    except PeriodError as exc:
        return _error(404, str(exc))
    report = build_report(period)
    record_release(actor=None, channel=Release.Channel.API, period=period,
                   tables=list(report.tables.values()))  # fmt: skip
    return JsonResponse(report.as_json(), json_dumps_params={"ensure_ascii": False})


def table(request: HttpRequest, year: int, name: str) -> JsonResponse:
    if closed := _closed():
        return closed
    if name not in TABLE_NAMES:
        return _error(404, f"No table named {name}; see /api/v1/openapi.json.")
    try:
        period = calendar_year(year)
    except PeriodError as exc:
        return _error(404, str(exc))
    tables = prepare(period, ["headline", name] if name != "headline" else ["headline"])
    record_release(actor=None, channel=Release.Channel.API, period=period,
                   tables=list(tables.values()))  # fmt: skip
    return JsonResponse(tables[name].as_json(), json_dumps_params={"ensure_ascii": False})


def districts(request: HttpRequest, year: int) -> JsonResponse:
    if closed := _closed():
        return closed
    try:
        period = calendar_year(year)
    except PeriodError as exc:
        return _error(404, str(exc))
    tables = prepare(period, ["headline", "incidents_by_zone", "killed_by_zone",
                              "missing_by_zone"], coarsen=False)  # fmt: skip
    record_release(actor=None, channel=Release.Channel.API, period=period,
                   tables=list(tables.values()))  # fmt: skip
    response = JsonResponse(
        exports.district_geojson(tables), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = exports.CONTENT_TYPES["geojson"]
    return response


def _nullable_int() -> dict[str, Any]:
    return {"type": ["integer", "null"], "minimum": 0}


def document() -> dict[str, Any]:
    """OpenAPI 3.1 description of the API."""
    year = {"name": "year", "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1900, "maximum": 2999}}  # fmt: skip
    row = {"type": "object", "properties": {"key": {"type": "string"},
           "label": {"type": "string"}, "value": _nullable_int()}}  # fmt: skip
    table_schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "enum": list(TABLE_NAMES)},
            "title": {"type": "string"},
            "period": {"$ref": "#/components/schemas/Period"},
            "level": {"type": "string", "description": "the rows' dimension, or the coarser "
                      "grouping (area, quarter) used when the detail would be mostly hidden"},
            "rows": {"type": "array", "items": row},
            "total": _nullable_int(),
            "suppressed_cells": {"type": "integer"},
        },
    }  # fmt: skip
    summary_schema = {
        "type": "object",
        "required": ["year", "period", "killed", "missing", "incidents", "by_type",
                     "by_perpetrator", "by_zone", "extortion", "suppressed_cells",
                     "method_version"],
        "properties": {
            "year": {"type": "integer"},
            "period": {"$ref": "#/components/schemas/Period"},
            "killed": _nullable_int(), "missing": _nullable_int(), "incidents": _nullable_int(),
            "by_type": {"type": "object", "additionalProperties": _nullable_int()},
            "by_perpetrator": {"type": "object", "additionalProperties": _nullable_int()},
            "by_zone": {"type": "object", "additionalProperties": {"type": "object",
                        "properties": {"name": {"type": "string"},
                                       "incidents": _nullable_int()}}},
            "extortion": {"type": "object", "properties": {
                "weekly_quota_median": {"type": ["string", "null"]},
                "registration_fee_median": {"type": ["string", "null"]},
                "currency": {"type": "string"}}},
            "suppressed_cells": {"type": "integer"},
            "method_version": {"type": "string", "const": METHOD_VERSION},
        },
    }  # fmt: skip
    ok = "Protected figures: a hidden cell is null with its key kept."
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.VIGIA_ORGANIZATION_NAME} — open figures",
            "version": METHOD_VERSION,
            "description": "Verified incidents only; duplicates counted once; cells from 1 to "
            f"k-1 (k={settings.VIGIA_REPORTS_MIN_CELL}) hidden with secondary suppression. "
            "Definitions: docs/methodology.en.md.",
        },
        "paths": {
            "/api/v1/years/{year}/": {"get": {"summary": "The year's report (contracts.md §4)",
                "parameters": [year], "responses": {"200": {"description": ok, "content": {
                    CONTENT_TYPE: {"schema": summary_schema}}}, "404": {"description": "Off"}}}},
            "/api/v1/years/{year}/tables/{name}/": {"get": {"summary": "One aggregate table",
                "parameters": [year, {"name": "name", "in": "path", "required": True,
                                      "schema": {"type": "string", "enum": list(TABLE_NAMES)}}],
                "responses": {"200": {"description": ok, "content": {
                    CONTENT_TYPE: {"schema": table_schema}}},
                    "404": {"description": "Off or unknown"}}}},
            "/api/v1/years/{year}/districts.geojson": {"get": {
                "summary": "District counts (incidents, killed, missing) as GeoJSON points",
                "parameters": [year], "responses": {"200": {"description": ok, "content": {
                    "application/geo+json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {"schemas": {"Period": {"type": "object", "properties": {
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"}}}}},
    }  # fmt: skip


def openapi(request: HttpRequest) -> JsonResponse:
    if closed := _closed():
        return closed
    return JsonResponse(document(), json_dumps_params={"ensure_ascii": False})
