"""The catalogue of aggregate tables that may leave the system, and how each is built.

A table is built from the selectors for one period, then protected (disclosure.protect) against
the earlier releases of the same table. Tables too fine for disclosure control are coarsened
(districts → areas of Lima; months → quarters) and say so.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from vigia.incidents.models import Actor, EventType, PerpetratorType
from vigia.incidents.models.incident import Outcome, VerificationLevel, Victim
from vigia.incidents.models.incident import Source as SourceModel
from vigia.reports import selectors
from vigia.reports.disclosure import TOTAL, Protected, Table, protect
from vigia.reports.periods import Period
from vigia.zones.models import Zone

UNKNOWN = selectors.UNKNOWN
# Publish the sub-totals instead when more than this share of the non-zero cells is hidden.
COARSEN_ABOVE = 0.5
NATIONALITIES = {
    "PE": ("Peruana", "Peruvian"),
    "VE": ("Venezolana", "Venezuelan"),
    "CO": ("Colombiana", "Colombian"),
    "EC": ("Ecuatoriana", "Ecuadorian"),
}


@cache
def district_areas() -> dict[str, str]:
    """District ubigeo → area of Lima Metropolitana (Lima Norte, Centro, Este, Sur; Callao)."""
    path = Path(__file__).parent / "data" / "areas.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["ubigeo"]: row["area"] for row in csv.DictReader(handle)}


def _english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "es").startswith("en")


def tr(spanish: str, english: str) -> str:
    """Report text in the report's language (Spanish first; English for `--lang en`)."""
    return english if _english() else spanish


def labels(dimension: str) -> dict[str, str]:
    """Display names for a dimension's keys, in the active language."""
    english = _english()
    found: dict[str, str] = {UNKNOWN: tr("No se sabe", "Unknown"), TOTAL: _("Total")}
    if dimension == "event_type":
        found |= {e.code: e.label for e in EventType.objects.filter(parent__isnull=True)}
    elif dimension == "perpetrator_type":
        found |= {p.code: p.label for p in PerpetratorType.objects.all()}
    elif dimension == "actor":
        found |= dict(Actor.objects.values_list("code", "name"))
        found[UNKNOWN] = tr("Sin atribuir", "Not attributed")
    elif dimension == "zone":
        found |= dict(Zone.objects.exclude(ubigeo="").values_list("ubigeo", "name"))
        found[UNKNOWN] = tr("Sin distrito", "No district")
    elif dimension == "area":
        found |= {area: area for area in district_areas().values()}
    elif dimension == "verification_level":
        found |= {str(v): str(v.label) for v in VerificationLevel}
    elif dimension == "source_kind":
        found |= {str(v): str(v.label) for v in SourceModel.Kind}
    elif dimension == "outcome":
        found |= {str(v): str(v.label) for v in Outcome}
    elif dimension == "gender_identity":
        found |= {str(v): str(v.label) for v in Victim.Gender}
    elif dimension == "nationality":
        found |= {code: pair[1 if english else 0] for code, pair in NATIONALITIES.items()}
    elif dimension in ("month", "quarter"):
        found |= {f"{n:02d}": f"{n:02d}" for n in range(1, 13)}
        found |= {f"T{n}": f"T{n}" for n in range(1, 5)}
        found["00"] = tr("Mes desconocido", "Month unknown")
    elif dimension == "measure":
        found |= {
            "incidents": tr("Incidentes", "Incidents"),
            "victims": tr("Personas afectadas", "People harmed"),
            "killed": tr("Personas asesinadas", "People killed"),
            "missing": tr("Personas desaparecidas", "People missing"),
            "injured": tr("Personas heridas", "People injured"),
        }
    return found


@dataclass(frozen=True)
class Spec:
    """One published table: how to count it, and the sub-totals it can be coarsened to."""

    name: str
    title: str
    dimension: str
    count: Callable[[Period], Counter[str]]
    additive: bool = True
    grouping: str | None = None  # "area" (districts → areas) or "quarter" (months → quarters)
    press_measure: str | None = None  # killed/missing: cells public in the press may show


def _incidents(dimension: str, measure: str = "incidents") -> Callable[[Period], Counter[str]]:
    return lambda period: selectors.breakdown(period, dimension, measure)


def _victims(dimension: str, measure: str) -> Callable[[Period], Counter[str]]:
    return lambda period: selectors.victim_breakdown(period, dimension, measure)


def _groups(grouping: str | None, rows: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if grouping == "area":
        areas = district_areas()
        for row in rows:
            if row in areas:
                found.setdefault(areas[row], []).append(row)
    elif grouping == "quarter":
        for row in rows:
            if row != "00":
                found.setdefault(f"T{(int(row) - 1) // 3 + 1}", []).append(row)
    return dict(sorted(found.items()))


def _headline(period: Period) -> Counter[str]:
    figures = selectors.headline(period)
    return Counter(
        {
            "incidents": figures.incidents,
            "victims": figures.victims,
            "killed": figures.killed,
            "missing": figures.missing,
            "injured": figures.injured,
        }
    )


def catalogue() -> dict[str, Spec]:
    """Every publishable table, with titles in the active language."""
    specs = [
        Spec(
            "headline",
            tr("Cifras principales", "Main figures"),
            "measure",
            _headline,
            additive=False,
        ),
        Spec(
            "incidents_by_type",
            tr("Incidentes por tipo", "Incidents by type"),
            "event_type",
            _incidents("event_type"),
        ),
        Spec(
            "killed_by_type",
            tr("Personas asesinadas por tipo de hecho", "People killed by type of event"),
            "event_type",
            _incidents("event_type", "killed"),
        ),
        Spec(
            "incidents_by_month",
            tr("Incidentes por mes", "Incidents by month"),
            "month",
            _incidents("month"),
            grouping="quarter",
        ),
        Spec(
            "incidents_by_zone",
            tr("Incidentes por distrito", "Incidents by district"),
            "zone",
            _incidents("zone"),
            grouping="area",
        ),
        Spec(
            "killed_by_zone",
            tr("Personas asesinadas por distrito", "People killed by district"),
            "zone",
            _incidents("zone", "killed"),
            grouping="area",
            press_measure="killed",
        ),
        Spec(
            "missing_by_zone",
            tr("Personas desaparecidas por distrito", "People missing by district"),
            "zone",
            _incidents("zone", "missing"),
            grouping="area",
            press_measure="missing",
        ),
        Spec(
            "incidents_by_perpetrator",
            tr("Incidentes por tipo de agresor", "Incidents by perpetrator type"),
            "perpetrator_type",
            _incidents("perpetrator_type"),
        ),
        Spec(
            "incidents_by_actor",
            tr("Incidentes por grupo o unidad", "Incidents by group or unit"),
            "actor",
            _incidents("actor"),
        ),
        Spec(
            "incidents_by_verification",
            tr("Incidentes por nivel de verificación", "Incidents by verification level"),
            "verification_level",
            _incidents("verification_level"),
        ),
        Spec(
            "incidents_by_source_kind",
            tr("Incidentes por tipo de fuente", "Incidents by source kind"),
            "source_kind",
            selectors.source_kinds,
            additive=False,
        ),
        Spec(
            "missing_by_outcome",
            tr("Personas desaparecidas según su desenlace", "People missing, by outcome"),
            "outcome",
            selectors.disappearance_outcomes,
        ),
        Spec(
            "victims_by_nationality",
            tr("Personas afectadas por nacionalidad", "People harmed by nationality"),
            "nationality",
            _victims("nationality", "victims"),
        ),
        Spec(
            "killed_by_nationality",
            tr("Personas asesinadas por nacionalidad", "People killed by nationality"),
            "nationality",
            _victims("nationality", "killed"),
        ),
        Spec(
            "missing_by_nationality",
            tr("Personas desaparecidas por nacionalidad", "People missing by nationality"),
            "nationality",
            _victims("nationality", "missing"),
        ),
        Spec(
            "victims_by_gender",
            tr("Personas afectadas por identidad de género", "People harmed by gender identity"),
            "gender_identity",
            _victims("gender_identity", "victims"),
        ),
        Spec(
            "killed_by_gender",
            tr("Personas asesinadas por identidad de género", "People killed by gender identity"),
            "gender_identity",
            _victims("gender_identity", "killed"),
        ),
        Spec(
            "missing_by_gender",
            tr(
                "Personas desaparecidas por identidad de género",
                "People missing by gender identity",
            ),
            "gender_identity",
            _victims("gender_identity", "missing"),
        ),
    ]
    return {spec.name: spec for spec in specs}


TABLE_NAMES = (
    "headline", "incidents_by_type", "killed_by_type", "incidents_by_month", "incidents_by_zone",
    "killed_by_zone", "missing_by_zone", "incidents_by_perpetrator", "incidents_by_actor",
    "incidents_by_verification", "incidents_by_source_kind", "missing_by_outcome",
    "victims_by_nationality", "killed_by_nationality", "missing_by_nationality",
    "victims_by_gender", "killed_by_gender", "missing_by_gender",
)  # fmt: skip
# The headline figures that are also the totals of other tables.
TOTAL_OF = {
    "incidents": "incidents_",
    "victims": "victims_",
    "killed": "killed_",
    "missing": "missing_by_",
}


def build(spec: Spec, period: Period) -> Table:
    counts = spec.count(period)
    column = "n"
    table = Table.one_way(
        spec.name, counts, column=column, additive=spec.additive, rows=sorted(counts)
    )
    table.groups = _groups(spec.grouping, table.rows) if spec.additive else {}
    if spec.press_measure and settings.VIGIA_REPORTS_SHOW_PRESS_DEATHS:
        public = selectors.press_reported_by_zone(period, spec.press_measure)
        table.exempt = frozenset(
            (key, column) for key, value in counts.items() if value and public.get(key) == value
        )
    table.labels = labels(spec.dimension)
    return table


def table_key(name: str, period: Period) -> str:
    return f"{name}@{period.key}"


def suppressed_share(protected: Protected) -> float:
    """The share of the non-zero row cells (not sub-totals) that are hidden."""
    rows = set(protected.table.rows)
    nonzero = [
        item for item in protected.cells if item[0] in rows and protected.table.cell(item) > 0
    ]
    if not nonzero:
        return 0.0
    return sum(1 for item in nonzero if protected.cells[item] is None) / len(nonzero)


def protect_with_headline(
    table: Table, k: int, history: list[dict[str, int | None]], headline: Protected | None
) -> Protected:
    """Protect a breakdown whose total is also a headline figure, consistently with it.

    A total published in the headline is known to everyone, so it may not be hidden here (and
    the cells around it are protected knowing that); a hidden headline keeps this total hidden.
    """
    if headline is None or table.name == "headline" or not table.additive:
        return protect(table, k, history)
    measure = next((m for m, prefix in TOTAL_OF.items() if table.name.startswith(prefix)), None)
    if measure is None:
        return protect(table, k, history)
    known = headline.get(measure)
    total = (TOTAL, table.columns[0])
    if known is not None and known == table.cell(total):
        table.exempt = table.exempt | {total}
        return protect(table, k, history)
    return protect(table, k, history, forced=[total])
