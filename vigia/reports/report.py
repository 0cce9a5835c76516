"""The annual report: its JSON (contracts.md §4) and the context of its HTML/PDF/XLSX forms."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from vigia.reports import selectors
from vigia.reports.periods import Period
from vigia.reports.publishing import (
    METHOD_VERSION,
    AmountRow,
    Published,
    extortion,
    min_cell,
    prepare,
)
from vigia.reports.tables import TABLE_NAMES

# The tables the JSON shape carries (the other formats carry all of TABLE_NAMES).
JSON_TABLES = ("headline", "incidents_by_type", "incidents_by_perpetrator", "incidents_by_zone")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@dataclass
class Report:
    period: Period
    tables: dict[str, Published]
    weekly_quota: AmountRow | None
    registration_fee: AmountRow | None
    amounts_hidden: int
    unplaced: int

    def figure(self, measure: str) -> int | None:
        return self.tables["headline"].protected.get(measure)

    def as_json(self) -> dict[str, Any]:
        """Exactly the shape of contracts.md §4; a hidden cell is null with its key kept."""
        headline = self.tables["headline"]
        by_zone = self.tables["incidents_by_zone"]
        zone_names = by_zone.protected.table.labels
        used = [self.tables[name] for name in JSON_TABLES]
        return {
            "year": self.period.year,
            "period": self.period.as_json(),
            "killed": headline.protected.get("killed"),
            "missing": headline.protected.get("missing"),
            "incidents": headline.protected.get("incidents"),
            "by_type": self.tables["incidents_by_type"].protected.column(),
            "by_perpetrator": self.tables["incidents_by_perpetrator"].protected.column(),
            "by_zone": {
                key: {"name": zone_names.get(key, key), "incidents": value}
                for key, value in by_zone.protected.column().items()
            },
            "extortion": {
                "weekly_quota_median": _money(
                    self.weekly_quota.median if self.weekly_quota else None
                ),
                "registration_fee_median": _money(
                    self.registration_fee.median if self.registration_fee else None
                ),
                "currency": "PEN",
            },
            "suppressed_cells": sum(_json_hidden(table) for table in used) + self.amounts_hidden,
            "method_version": METHOD_VERSION,
        }


def _json_hidden(table: Published) -> int:
    """Hidden values among those the JSON shows (the headline shows three of its five)."""
    if table.name == "headline":
        return sum(
            1
            for measure in ("killed", "missing", "incidents")
            if table.protected.get(measure) is None
        )
    return sum(1 for value in table.protected.column().values() if value is None)


def build_report(period: Period, *, names: tuple[str, ...] = TABLE_NAMES) -> Report:
    """Every table of the report, protected; the JSON keeps districts (never coarsened)."""
    tables = prepare(period, names, coarsen=True)
    # The contract's by_zone is by district: keep the rows, hidden cells as null.
    tables["incidents_by_zone"].coarse = False
    k = min_cell()
    quota_rows, _ = extortion(period, "weekly_quota", "all", k=k)
    fee_rows, _ = extortion(period, "registration_fee", "all", k=k)
    quota = quota_rows[0] if quota_rows else None
    fee = fee_rows[0] if fee_rows else None
    hidden = sum(1 for row in (quota, fee) if row is not None and row.median is None)
    return Report(
        period=period,
        tables=tables,
        weekly_quota=quota,
        registration_fee=fee,
        amounts_hidden=hidden,
        unplaced=selectors.unplaced_count(period),
    )
