"""Scores against known truth: pairwise precision and recall, adjusted Rand index (numpy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


def _pairs(n: np.ndarray) -> np.ndarray:
    result: np.ndarray = n * (n - 1) / 2
    return result


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int


def pairwise(predicted: Mapping[str, str], truth: Mapping[str, str]) -> PairScores:
    """Over all pairs of records: same predicted cluster vs same true entity."""
    keys = list(truth)
    both = Counter((predicted[k], truth[k]) for k in keys)
    agree = int(_pairs(np.array(list(both.values()), dtype=float)).sum())
    predicted_pairs = int(
        _pairs(np.array(list(Counter(predicted[k] for k in keys).values()), dtype=float)).sum()
    )
    true_pairs = int(_pairs(np.array(list(Counter(truth.values()).values()), dtype=float)).sum())
    return PairScores(
        precision=agree / predicted_pairs if predicted_pairs else 1.0,
        recall=agree / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
    )


def adjusted_rand_index(predicted: Mapping[str, object], truth: Mapping[str, object]) -> float:
    """Hubert and Arabie's ARI over the keys of ``truth`` (1 = identical partitions)."""
    keys = list(truth)
    if len(keys) < 2:
        return 1.0
    contingency = Counter((predicted[k], truth[k]) for k in keys)
    sum_cells = _pairs(np.array(list(contingency.values()), dtype=float)).sum()
    sum_rows = _pairs(np.array(list(Counter(predicted[k] for k in keys).values()), dtype=float))
    sum_cols = _pairs(np.array(list(Counter(truth[k] for k in keys).values()), dtype=float))
    a, b = sum_rows.sum(), sum_cols.sum()
    expected = a * b / _pairs(np.array([len(keys)], dtype=float))[0]
    maximum = (a + b) / 2
    if maximum == expected:
        return 1.0
    return float((sum_cells - expected) / (maximum - expected))
