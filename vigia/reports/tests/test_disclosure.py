"""Disclosure control: no small cell published, no hidden cell recoverable from the totals or
from an earlier release of the same table."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vigia.reports.disclosure import TOTAL, Protected, Table, determined, protect

K = 10


def attack(protected: Protected) -> dict[tuple[str, str], set[int]]:
    """Every value each hidden item can take, given the published ones (brute force)."""
    table = protected.table
    hidden = [item for item, value in protected.cells.items() if value is None]
    bound = table.cell((TOTAL, TOTAL) if table.two_way else (TOTAL, table.columns[0]))
    grids = np.meshgrid(*[np.arange(bound + 1)] * len(hidden), indexing="ij")
    candidate = {item: grid.ravel() for item, grid in zip(hidden, grids, strict=True)}
    ok = np.ones(grids[0].size, dtype=bool)
    for members, margin in table.lines():
        total = np.zeros_like(ok, dtype=int)
        for item in members:
            total = total + (candidate[item] if item in candidate else protected.cells[item])
        ok &= total == (candidate[margin] if margin in candidate else protected.cells[margin])
    return {item: set(candidate[item][ok].tolist()) for item in hidden}


def published_small(protected: Protected) -> list[tuple[str, str]]:
    return [
        item
        for item, value in protected.cells.items()
        if value is not None and 1 <= value < K and item not in protected.table.exempt
    ]


def test_a_small_cell_is_hidden_with_a_partner_so_the_total_does_not_give_it_away() -> None:
    table = Table.one_way("by_type", {"murder": 33, "threat": 4, "assault": 0, "robbery": 12})
    protected = protect(table, K)
    assert protected.get("threat") is None and protected.get("robbery") is None
    assert protected.get("murder") == 33 and protected.total() == 49
    assert protected.get("assault") == 0
    possible = attack(protected)
    assert len(possible[("threat", "n")]) > 1
    assert max(possible[("threat", "n")]) >= K


def test_hidden_cells_that_add_up_to_less_than_k_take_a_third_partner() -> None:
    protected = protect(Table.one_way("x", {"a": 2, "b": 3, "c": 30, "d": 40}), K)
    hidden = [key for key, value in protected.column().items() if value is None]
    assert set(hidden) == {"a", "b", "c"}


def test_a_total_below_k_is_hidden_too() -> None:
    protected = protect(Table.one_way("x", {"murder": 3}), K)
    assert protected.get("murder") is None and protected.total() is None


def test_a_two_way_table_hides_a_rectangle_that_the_margins_cannot_solve() -> None:
    values = {("A", "m1"): 20, ("A", "m2"): 3, ("B", "m1"): 15, ("B", "m2"): 14,
              ("C", "m1"): 0, ("C", "m2"): 11}  # fmt: skip
    protected = protect(Table("z", ["A", "B", "C"], ["m1", "m2"], values), K)
    assert protected.get("A", "m2") is None
    assert not published_small(protected)
    for item, values_seen in attack(protected).items():
        assert len(values_seen) > 1, item
    assert protected.get("C", "m2") == 11 and protected.get(TOTAL, TOTAL) == 63


def test_sub_totals_are_protected_with_their_rows() -> None:
    table = Table.one_way("zones", {"150101": 30, "150116": 4, "150103": 25, "070101": 12})
    table.groups = {"Lima Centro": ["150101", "150116"], "Lima Este": ["150103"],
                    "Callao": ["070101"]}  # fmt: skip
    protected = protect(table, K)
    assert protected.get("150116") is None
    assert not determined(table, {i for i, v in protected.cells.items() if v is None})
    for item, values_seen in attack(protected).items():
        assert len(values_seen) > 1, item


def test_a_cell_hidden_now_is_not_given_away_by_the_previous_release() -> None:
    before = protect(Table.one_way("zones", {"A": 20, "B": 12, "C": 0}), K)
    assert before.total() == 32
    # Three incidents are added in C. Without the release log, B would be hidden beside C and
    # the totals (35 now, 32 before) would give C = 3 to anyone assuming B unchanged.
    naive = protect(Table.one_way("zones", {"A": 20, "B": 12, "C": 3}), K)
    assert naive.total() == 35 and naive.get("B") is None
    after = protect(Table.one_way("zones", {"A": 20, "B": 12, "C": 3}), K, [before.published()])
    assert after.get("C") is None and after.total() is None
    # What is published now and before: A and B unchanged; C and the new total unknown.
    assert len(attack(after)[("C", "n")]) > 1


def test_a_change_smaller_than_k_since_an_earlier_release_is_withheld() -> None:
    first = protect(Table.one_way("t", {"a": 40, "b": 25}), K)
    later = protect(Table.one_way("t", {"a": 42, "b": 25}), K, [first.published()])
    assert later.get("a") is None and later.total() is None and later.get("b") == 25
    much_later = protect(
        Table.one_way("t", {"a": 52, "b": 25}), K, [first.published(), later.published()]
    )
    assert much_later.get("a") == 52 and much_later.total() == 77


def test_cells_already_public_in_the_press_may_show_when_the_organization_chooses() -> None:
    table = Table.one_way("killed", {"A": 3, "B": 40, "C": 2}, exempt=["A"])
    protected = protect(table, K)
    assert protected.get("A") == 3
    assert protected.get("C") is None and protected.get("B") is None


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 40), min_size=1))
def test_no_one_way_table_publishes_a_small_or_recoverable_cell(counts: dict[str, int]) -> None:
    protected = protect(Table.one_way("t", counts), K)
    assert not published_small(protected)
    hidden = {item for item, value in protected.cells.items() if value is None}
    assert not determined(protected.table, hidden)
    if hidden and protected.total() is not None:
        assert sum(counts[row] for row, _c in hidden) >= K


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 25), min_size=9, max_size=9))
def test_no_three_by_three_table_publishes_a_small_or_recoverable_cell(cells: list[int]) -> None:
    rows, columns = ["r1", "r2", "r3"], ["c1", "c2", "c3"]
    values = dict(zip(itertools.product(rows, columns), cells, strict=True))
    protected = protect(Table("t", rows, columns, values), K)
    assert not published_small(protected)
    hidden = {item for item, value in protected.cells.items() if value is None}
    assert not determined(protected.table, hidden)
