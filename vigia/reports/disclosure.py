"""Disclosure control for every table that leaves the system.

1. Primary suppression: a cell (or total) from 1 to k−1 is hidden. So is a cell whose change
   since an earlier release of the same table is from 1 to k−1 (the difference would reveal a
   small group of people).
2. Secondary suppression: in every line that adds up (a row or a column with its total) a hidden
   cell never stands alone, and the sum of the hidden cells that the published total gives away
   is at least k; when no cell can be hidden beside it, the line's total is hidden.
3. An audit solves the table's equations (every line adds up) for the hidden cells: a cell that
   the published values pin down exactly gets another cell hidden beside it, until none is.

Cells are keyed by (row, column); the column "*" holds row totals, the row "*" column totals,
("*", "*") the grand total. A one-column table has no row totals. Non-additive tables (an
incident counted under each of its source kinds) have no totals and only primary suppression.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

TOTAL = "*"
Item = tuple[str, str]


@dataclass
class Table:
    name: str
    rows: list[str]
    columns: list[str]
    values: dict[Item, int]
    additive: bool = True
    # Cells already public (deaths reported in the press, when the organization chooses).
    exempt: frozenset[Item] = frozenset()
    labels: dict[str, str] = field(default_factory=dict)
    # Sub-totals of a one-column table: group key → its rows (districts → areas, months →
    # quarters). Both levels are protected together, so that either may be published.
    groups: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def one_way(
        cls,
        name: str,
        counts: Mapping[str, int],
        *,
        rows: Iterable[str] | None = None,
        column: str = "n",
        additive: bool = True,
        exempt: Iterable[str] = (),
    ) -> Table:
        keys = list(rows) if rows is not None else sorted(counts)
        keys += [key for key in sorted(counts) if key not in keys]
        return cls(
            name=name,
            rows=keys,
            columns=[column],
            values={(key, column): int(counts.get(key, 0)) for key in keys},
            additive=additive,
            exempt=frozenset((key, column) for key in exempt),
        )

    @property
    def two_way(self) -> bool:
        return len(self.columns) > 1

    def cell(self, item: Item) -> int:
        row, column = item
        if row in self.groups:
            return sum(self.values.get((r, column), 0) for r in self.groups[row])
        if row != TOTAL and column != TOTAL:
            return self.values.get(item, 0)
        rows = self.rows if row == TOTAL else [row]
        columns = self.columns if column == TOTAL else [column]
        return sum(self.values.get((r, c), 0) for r in rows for c in columns)

    def items(self) -> list[Item]:
        """Everything that is published: cells, and totals when the table adds up."""
        found = [(r, c) for r in self.rows for c in self.columns]
        if not self.additive:
            return found
        found += [(g, c) for g in self.groups for c in self.columns]
        found += [(TOTAL, c) for c in self.columns]
        if self.two_way:
            found += [(r, TOTAL) for r in self.rows] + [(TOTAL, TOTAL)]
        return found

    def lines(self) -> list[tuple[list[Item], Item]]:
        """(members, total) pairs: the members of each line add up to its total."""
        if not self.additive:
            return []
        columns = [*self.columns, TOTAL] if self.two_way else self.columns
        found = [([(r, c) for r in self.rows], (TOTAL, c)) for c in columns]
        if self.groups:
            column = self.columns[0]
            grouped = {r for rows in self.groups.values() for r in rows}
            for group, rows in self.groups.items():
                found.append(([(r, column) for r in rows], (group, column)))
            top = [*self.groups, *(r for r in self.rows if r not in grouped)]
            found.append(([(r, column) for r in top], (TOTAL, column)))
        if self.two_way:
            for row in [*self.rows, TOTAL]:
                found.append(([(row, c) for c in self.columns], (row, TOTAL)))
        return found


@dataclass
class Protected:
    """A table as it may be published: hidden cells are None, their keys kept."""

    table: Table
    cells: dict[Item, int | None]
    k: int

    @property
    def suppressed(self) -> int:
        return sum(1 for value in self.cells.values() if value is None)

    def get(self, row: str, column: str | None = None) -> int | None:
        return self.cells[(row, column or self.table.columns[0])]

    def column(self, column: str | None = None, *, grouped: bool = False) -> dict[str, int | None]:
        """A column's cells; `grouped` gives the sub-totals (and the rows in no group)."""
        name = column or self.table.columns[0]
        rows = self.table.rows
        if grouped:
            inside = {r for members in self.table.groups.values() for r in members}
            rows = [*self.table.groups, *(r for r in rows if r not in inside)]
        return {row: self.cells[(row, name)] for row in rows}

    def total(self, column: str | None = None) -> int | None:
        return self.cells.get((TOTAL, column or self.table.columns[0]))

    def published(self) -> dict[str, int | None]:
        """The release-log form: "row|column" → value."""
        return {f"{r}|{c}": value for (r, c), value in self.cells.items()}


def _primary(table: Table, k: int, history: list[dict[str, int | None]]) -> set[Item]:
    hidden: set[Item] = set()
    for item in table.items():
        if item in table.exempt:
            continue
        value = table.cell(item)
        if 1 <= value < k:
            hidden.add(item)
            continue
        key = f"{item[0]}|{item[1]}"
        for earlier in history:
            # A row absent from an earlier release was a zero there; a hidden one is unknown.
            before = earlier.get(key, 0)
            if before is not None and 1 <= abs(value - before) < k:
                hidden.add(item)
                break
    return hidden


def _complement(table: Table, members: list[Item], hidden: set[Item]) -> Item | None:
    """The cell of a line to hide beside a hidden one.

    Prefer a cell whose other line already has a hidden cell (it closes a rectangle), then one
    whose other line can itself be protected without hiding its total, then the smallest value
    (least information lost).
    """

    def eligible(item: Item) -> bool:
        return item not in hidden and item not in table.exempt and table.cell(item) > 0

    def rank(item: Item) -> tuple[int, int, Item]:
        score = 1
        for others, margin in table.lines():
            if item not in others or others == members:
                continue
            if any(other in hidden for other in [*others, margin] if other != item):
                score = 0
            elif not any(eligible(other) for other in others if other != item):
                score = 2
        return (score, table.cell(item), item)

    candidates = [item for item in members if eligible(item)]
    return min(candidates, key=rank) if candidates else None


def _secure_lines(table: Table, k: int, hidden: set[Item]) -> bool:
    changed = False
    for members, margin in table.lines():
        while True:
            hidden_members = [item for item in members if item in hidden]
            count = len(hidden_members) + (margin in hidden)
            if count == 0:
                break
            # With the total published, the sum of the hidden members is known exactly.
            exposed_sum = None if margin in hidden else sum(map(table.cell, hidden_members))
            if count >= 2 and (exposed_sum is None or exposed_sum >= k or exposed_sum == 0):
                break
            extra = _complement(table, members, hidden)
            if extra is None:
                if margin in hidden:
                    break
                extra = margin
            hidden.add(extra)
            changed = True
    return changed


def determined(table: Table, hidden: set[Item]) -> set[Item]:
    """Hidden items whose value follows exactly from the published ones (linear algebra)."""
    variables = sorted(hidden)
    if not variables:
        return set()
    index = {item: n for n, item in enumerate(variables)}
    rows = []
    for members, margin in table.lines():
        equation = np.zeros(len(variables))
        for item in members:
            if item in index:
                equation[index[item]] += 1.0
        if margin in index:
            equation[index[margin]] -= 1.0
        if equation.any():
            rows.append(equation)
    if not rows:
        return set()
    matrix = np.array(rows)
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    if null_space.shape[0] == 0:
        return set(variables)
    free = np.linalg.norm(null_space, axis=0) > 1e-9
    return {item for item, is_free in zip(variables, free, strict=True) if not is_free}


def protect(
    table: Table,
    k: int,
    history: Iterable[Mapping[str, int | None]] = (),
    *,
    forced: Iterable[Item] = (),
) -> Protected:
    """Apply primary and secondary suppression.

    `history` holds the earlier releases of this table; `forced` names items hidden elsewhere
    (a total hidden in another table) that must stay hidden here.
    """
    hidden = _primary(table, k, [dict(earlier) for earlier in history]) | set(forced)
    for _round in range(10_000):
        changed = _secure_lines(table, k, hidden)
        for item in sorted(determined(table, hidden)):
            for members, margin in table.lines():
                if item not in members and item != margin:
                    continue
                extra = _complement(table, members, hidden)
                if extra is None and margin not in hidden:
                    extra = margin
                if extra is not None:
                    hidden.add(extra)
                    changed = True
                    break
        if not changed:
            break
    cells = {item: (None if item in hidden else table.cell(item)) for item in table.items()}
    return Protected(table=table, cells=cells, k=k)
