"""Clusters of reports from scored pairs: average linkage, not connected components.

Connected components chain: one wrong pair between two incidents of the same cell, on the
same day in the same district, would join every report of both. Here two clusters join
only when, over all pairs between them, the mean match probability (pairs blocking never
proposed count as 0) reaches ``support``, strongest pairs first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SUPPORT = 0.55


def average_linkage(
    ids: Iterable[str],
    pairs: Sequence[tuple[str, str, float]],
    *,
    threshold: float,
    support: float = SUPPORT,
) -> dict[str, str]:
    """unique_id → cluster id (the smallest member id)."""
    scores: dict[tuple[str, str], float] = {}
    for left, right, p in pairs:
        key = (left, right) if left < right else (right, left)
        scores[key] = max(p, scores.get(key, 0.0))
    members: dict[str, list[str]] = {i: [i] for i in ids}
    owner = {i: i for i in members}
    for left, right, p in sorted(pairs, key=lambda x: -x[2]):
        if p < threshold:
            break
        a, b = owner[left], owner[right]
        if a == b:
            continue
        group_a, group_b = members[a], members[b]
        total = 0.0
        for x in group_a:
            for y in group_b:
                total += scores.get((x, y) if x < y else (y, x), 0.0)
        if total / (len(group_a) * len(group_b)) < support:
            continue
        keep, drop = (a, b) if len(group_a) >= len(group_b) else (b, a)
        for member in members[drop]:
            owner[member] = keep
        members[keep].extend(members.pop(drop))
    return {i: min(members[owner[i]]) for i in owner}
