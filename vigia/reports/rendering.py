"""The report and the figures pages: context, charts, map markers, and the HTML/PDF/XLSX forms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from vigia.reports import charts, selectors
from vigia.reports.exports import TABLE_COLUMNS, table_rows, workbook
from vigia.reports.periods import Period, calendar_year
from vigia.reports.publishing import Published, extortion, min_cell, prepare
from vigia.reports.report import Report, build_report
from vigia.reports.tables import tr
from vigia.zones.models import Zone

STATIC = Path(__file__).parent / "static" / "reports"
YEARS_SHOWN = 8


def markers(table: Published) -> list[dict[str, Any]]:
    """District markers for the map: protected counts at each district's centre."""
    values = table.protected.column()
    zones = Zone.objects.filter(ubigeo__in=list(values), latitude__isnull=False)
    found = []
    for zone in zones.order_by("name"):
        count = values.get(zone.ubigeo)
        if count == 0:
            continue
        found.append(
            {
                "ubigeo": zone.ubigeo,
                "name": zone.name,
                "count": count,
                "lat": float(zone.latitude or 0),
                "lon": float(zone.longitude or 0),
            }
        )
    return found


def yearly_series(until: int) -> list[tuple[int, int | None, int | None]]:
    first = selectors.counted().order_by("date").values_list("date__year", flat=True).first()
    start = max(first or until, until - YEARS_SHOWN + 1)
    series = []
    for year in range(start, until + 1):
        headline = prepare(calendar_year(year), ["headline"])["headline"].protected
        series.append((year, headline.get("killed"), headline.get("missing")))
    return series


def figures(period: Period, report: Report | None = None) -> dict[str, Any]:
    """Everything the dashboard, the public page and the report show for a period."""
    report = report or build_report(period)
    k = min_cell()
    quota_by_zone, _hidden = extortion(period, "weekly_quota", "zone", k=k)
    quota_by_actor, _hidden = extortion(period, "weekly_quota", "actor", k=k)
    quota_by_nationality, _hidden = extortion(period, "weekly_quota", "nationality", k=k)
    tables = report.tables
    svg = {
        "yearly": charts.yearly(yearly_series(period.year), k),
        "months": charts.bars(tables["incidents_by_month"],
                              str(tables["incidents_by_month"].spec.title), k),
        "perpetrators": charts.bars(tables["incidents_by_perpetrator"],
                                    str(tables["incidents_by_perpetrator"].spec.title), k),
        "amounts": charts.amounts(quota_by_zone, tr("Cupo semanal exigido por distrito",
                                                    "Weekly quota demanded by district"), k),
    }  # fmt: skip
    district_markers = markers(tables["incidents_by_zone"])
    svg["map"] = charts.district_map(
        district_markers, tr("Incidentes por distrito", "Incidents by district"), k
    )
    return {
        "report": report,
        "period": period,
        "k": k,
        "headline": {m: report.figure(m) for m in ("incidents", "victims", "killed", "missing")},
        "tables": [t for name, t in tables.items() if name != "headline"],
        "charts": {name: charts.data_uri(value) for name, value in svg.items()},
        "markers": district_markers,
        "amount_groups": [
            (tr("Por distrito", "By district"), quota_by_zone),
            (tr("Por grupo", "By group"), quota_by_actor),
            (tr("Por nacionalidad", "By nationality"), quota_by_nationality),
        ],
        "weekly_quota": report.weekly_quota,
        "registration_fee": report.registration_fee,
        "unplaced": report.unplaced,
        "english": (get_language() or "es").startswith("en"),
        "organization": settings.VIGIA_ORGANIZATION_NAME,
    }


def report_html(report: Report) -> str:
    context = figures(report.period, report)
    context["css"] = (STATIC / "report.css").read_text(encoding="utf-8")
    return render_to_string("reports/report.html", context)


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report), base_url=str(STATIC)).write_pdf()
    return pdf


def report_xlsx(report: Report) -> bytes:
    method = [
        [tr("Periodo", "Period"), report.period.start.isoformat(), report.period.end.isoformat()],
        [tr("Umbral de celdas pequeñas (k)", "Small-cell threshold (k)"), min_cell(), ""],
        [tr("Versión del método", "Method version"), "1", ""],
    ]
    sheets: list[tuple[str, list[str], Any]] = [("method", ["", "", ""], method)]
    sheets += [(t.name, TABLE_COLUMNS, table_rows([t])) for t in report.tables.values()]
    with workbook(sheets) as handle:
        return handle.read()
