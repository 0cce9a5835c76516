"""`make eval-linkage`: deduplication and network recovery on a synthetic register.

The parameters shipped in the package (trained on one synthetic register, seed 1) are scored
on another (seed 7) that they never saw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from vigia.linkage import model, synth
from vigia.linkage.eval.metrics import adjusted_rand_index, pairwise
from vigia.linkage.networks import Facts, find_networks, membership

GOALS = {"precision": 0.98, "recall": 0.95, "ari": 0.9}
# The pair probability at which the evaluation (and a full re-link) clusters reports.
CLUSTER_THRESHOLD = 0.8
TRAINING_SEED, EVALUATION_SEED = 1, 7


@dataclass(frozen=True)
class Evaluation:
    reports: int
    incidents: int
    comparisons: int
    seconds: float
    precision: float
    recall: float
    ari: float
    networks: int

    @property
    def met(self) -> bool:
        return (
            self.precision >= GOALS["precision"]
            and self.recall >= GOALS["recall"]
            and self.ari >= GOALS["ari"]
        )


def train_shipped(n_reports: int = 12_000) -> model.Params:
    """Rebuild the shipped parameters from the training register (labels known)."""
    register = synth.generate(n_reports, seed=TRAINING_SEED)
    return model.train_labelled(
        register.rows,
        register.truth,
        version="synthetic-1",
        trained_on=f"synthetic register, seed {TRAINING_SEED}, {len(register.rows)} reports",
    )


def network_ari(register: synth.Register, clusters: dict[str, str]) -> tuple[float, int]:
    """Networks are built from incidents as linked (reports merged by the clusters found);
    ARI is computed over the reports that name at least one number, account or alias."""
    merged: dict[str, set[str]] = {}
    for report in register.reports:
        merged.setdefault(clusters[report.uid], set()).update(report.indicators)
    facts = [Facts(key=key, indicators=tuple(sorted(v))) for key, v in merged.items() if v]
    by_incident = membership(find_networks(facts, min_incidents=1))
    networks = len(set(by_incident.values()))
    reports = [r for r in register.reports if r.indicators]
    predicted = {r.uid: by_incident.get(clusters[r.uid], -1) for r in reports}
    truth = {r.uid: register.cells[r.uid] or f"alone:{r.incident}" for r in reports}
    return adjusted_rand_index(predicted, truth), networks


def evaluate(n_reports: int = 10_000, params: model.Params | None = None) -> Evaluation:
    register = synth.generate(n_reports, seed=EVALUATION_SEED)
    params = params or model.shipped_params()
    started = time.perf_counter()
    result = model.relink(register.rows, params, threshold=CLUSTER_THRESHOLD)
    seconds = time.perf_counter() - started
    scores = pairwise(result.clusters, register.truth)
    ari, networks = network_ari(register, result.clusters)
    return Evaluation(
        reports=len(register.rows),
        incidents=len(set(register.truth.values())),
        comparisons=result.comparisons,
        seconds=seconds,
        precision=scores.precision,
        recall=scores.recall,
        ari=ari,
        networks=networks,
    )


def result_line(name: str, evaluation: Evaluation) -> str:
    verdict = "goal met" if evaluation.met else "goal missed"
    return (
        f"RESULT {name}: precision={evaluation.precision:.4f} recall={evaluation.recall:.4f} "
        f"network_ari={evaluation.ari:.4f}; {verdict}"
    )
