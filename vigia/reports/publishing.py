"""Tables as they may leave the system, and the release log that remembers them.

`prepare()` builds and protects tables (against every earlier release of the same table and
period); `record_release()` logs what a channel published. Everything that leaves the system —
the report, exports, the public page, the API — goes through here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.reports import selectors
from vigia.reports.disclosure import Protected, Table, protect
from vigia.reports.models import Release, ReleasedTable
from vigia.reports.periods import Period
from vigia.reports.tables import (
    COARSEN_ABOVE,
    TABLE_NAMES,
    Spec,
    build,
    catalogue,
    labels,
    protect_with_headline,
    suppressed_share,
    table_key,
)

METHOD_VERSION = "1"


def min_cell() -> int:
    return int(settings.VIGIA_REPORTS_MIN_CELL)


@dataclass
class Published:
    spec: Spec
    period: Period
    protected: Protected
    coarse: bool = False  # sub-totals (areas, quarters) published instead of the rows
    # Staff with access to the register: row key → the incident list behind the figure.
    links: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def level(self) -> str:
        if self.spec.grouping is None:
            return self.spec.dimension
        return self.spec.grouping if self.coarse else self.spec.dimension

    def values(self) -> dict[str, int | None]:
        return self.protected.column(grouped=self.coarse)

    def rows(self) -> list[tuple[str, str, int | None]]:
        names = self.protected.table.labels
        if self.coarse:
            names = {**names, **labels(self.spec.grouping or "")}
        return [(key, names.get(key, key), value) for key, value in self.values().items()]

    def linked_rows(self) -> list[tuple[str, str, int | None, str | None]]:
        links = {} if self.coarse else self.links
        return [(key, label, value, links.get(key)) for key, label, value in self.rows()]

    @property
    def total(self) -> int | None:
        if not self.protected.table.additive:
            return None
        return self.protected.total()

    @property
    def suppressed(self) -> int:
        shown = [*self.values().values(), *([self.total] if self.spec.additive else [])]
        return sum(1 for value in shown if value is None)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": str(self.spec.title),
            "period": self.period.as_json(),
            "level": self.level,
            "rows": [{"key": k, "label": label, "value": v} for k, label, v in self.rows()],
            "total": self.total,
            "suppressed_cells": self.suppressed,
        }


def history(key: str) -> list[dict[str, int | None]]:
    return list(ReleasedTable.objects.filter(key=key).values_list("cells", flat=True))


def _protect(spec: Spec, period: Period, k: int, headline: Protected | None) -> Protected:
    table = build(spec, period)
    return protect_with_headline(table, k, history(table_key(spec.name, period)), headline)


def prepare(
    period: Period,
    names: tuple[str, ...] | list[str] = TABLE_NAMES,
    *,
    coarsen: bool = True,
    k: int | None = None,
) -> dict[str, Published]:
    """Build and protect the named tables for a period (headline first: others follow it)."""
    k = k or min_cell()
    specs = catalogue()
    unknown = [name for name in names if name not in specs]
    if unknown:
        raise KeyError(unknown[0])
    headline = _protect(specs["headline"], period, k, None)
    result: dict[str, Published] = {}
    for name in names:
        spec = specs[name]
        protected = headline if name == "headline" else _protect(spec, period, k, headline)
        coarse = bool(
            coarsen and protected.table.groups and suppressed_share(protected) > COARSEN_ABOVE
        )
        result[name] = Published(spec=spec, period=period, protected=protected, coarse=coarse)
    return result


@dataclass
class AmountRow:
    key: str
    label: str
    count: int | None
    median: Decimal | None
    low: Decimal | None
    high: Decimal | None
    total: Decimal | None


def extortion(
    period: Period, field: str, group: str = "all", *, k: int | None = None
) -> tuple[list[AmountRow], int]:
    """Amounts demanded, by group; a group of fewer than k incidents shows nothing.

    Its counts are protected like any table (a hidden count hides the group's amounts too);
    ranges are the lowest and highest amounts of groups of at least k incidents.
    """
    k = k or min_cell()
    summaries = selectors.amounts(period, field, group)
    counts = {key: summary.count for key, summary in summaries.items()}
    table = Table.one_way(
        f"{field}_by_{group}", counts, additive=group not in ("nationality", "all")
    )
    protected = protect(table, k, history(table_key(table.name, period)))
    names = labels("zone" if group == "zone" else group)
    rows: list[AmountRow] = []
    for key, summary in summaries.items():
        shown = protected.get(key) is not None and summary.count >= k
        rows.append(
            AmountRow(
                key=key,
                label=names.get(key, _("Todas") if key == "all" else key),
                count=summary.count if shown else None,
                median=summary.median if shown else None,
                low=summary.low if shown else None,
                high=summary.high if shown else None,
                total=summary.total if shown else None,
            )
        )
    return rows, protected.suppressed


def extortion_overall(period: Period, field: str) -> AmountRow | None:
    rows, _hidden = extortion(period, field, "all")
    return rows[0] if rows else None


def _digest(cells: dict[str, int | None]) -> str:
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def record_release(
    *, actor: Any, channel: str, period: Period, tables: list[Published]
) -> Release | None:
    """Log the tables a channel published; None when all of them were already logged."""
    entries = []
    for table in tables:
        cells = table.protected.published()
        key = table_key(table.name, period)
        digest = _digest(cells)
        if not ReleasedTable.objects.filter(key=key, digest=digest).exists():
            entries.append((key, digest, cells))
    if not entries:
        return None
    release = Release(
        channel=channel,
        period=period.key,
        k=min_cell(),
        method_version=METHOD_VERSION,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    release.full_clean()
    release.save()
    ReleasedTable.objects.bulk_create(
        ReleasedTable(release=release, key=key, digest=digest, cells=cells)
        for key, digest, cells in entries
    )
    record(
        actor=actor,
        action="reports.release",
        obj=release,
        data={"channel": channel, "period": period.key, "tables": len(entries)},
    )
    return release
