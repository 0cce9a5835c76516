"""The Fellegi-Sunter model (Splink 5): comparisons, blocking, training, scoring, re-linking.

The comparisons are built from Splink's comparison-level library, which writes each level's
SQL for the backend at hand: DuckDB here (embedded, in memory), Spark for a national register
(docs/scale.md, tested by tests/test_spark.py). Trained parameters are kept apart from the
comparisons as plain numbers (``Params``), so they can be stored, versioned and loaded for
either backend.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on

from vigia.linkage.clustering import average_linkage
from vigia.linkage.features import to_arrow

PARAMS_FILE = Path(__file__).parent / "data" / "params.json"
# Splink logs every step at INFO; the worker's log must carry ids, not Splink's chatter.
SPLINK_LOG_LEVEL = logging.WARNING


def _compare(output: str, null: Any, *levels: tuple[str, Any]) -> cl.CustomComparison:
    """A comparison from Splink's level library: each level writes its own SQL per backend."""
    return cl.CustomComparison(
        output_column_name=output,
        comparison_levels=[
            null,
            *[level.configure(label_for_charts=label) for label, level in levels],
            cll.ElseLevel(),
        ],
    )


def _days(days: int) -> cll.AbsoluteDateDifferenceLevel:
    return cll.AbsoluteDateDifferenceLevel(
        "date", input_is_string=False, threshold=days, metric="day"
    )


def _both_to_the_day() -> cll.LiteralMatchLevel:
    return cll.LiteralMatchLevel("date_precision", literal_value="day", literal_datatype="string")


def _first_name() -> ColumnExpression:
    return ColumnExpression("split_part(victim_name, ' ', 1)")


# Share of the shorter narrative's words found in the other.
_OVERLAP = (
    "array_length(array_intersect(tokens_l, tokens_r)) * 1.0 "
    "/ greatest(1, least(array_length(tokens_l), array_length(tokens_r)))"
)


def _duckdb_sql(sql: str) -> cll.CustomLevel:
    """A condition Splink's library lacks (a zone among the neighbours, shared words), in
    DuckDB SQL with functions sqlglot knows: Splink translates it for Spark (list_contains →
    array_contains, array_length → size), and tests/test_spark.py runs the translation."""
    return cll.CustomLevel(sql, base_dialect_str="duckdb")


def comparisons() -> list[Any]:
    return [
        _compare(
            "event", cll.NullLevel("event_type"),
            ("same type", cll.ExactMatchLevel("event_type")),
            ("same group", cll.ExactMatchLevel("event_group")),
        ),
        _compare(
            "date", cll.NullLevel("date"),
            ("same day", cll.And(_both_to_the_day(), cll.ExactMatchLevel("date"))),
            ("within 4 days", cll.And(_both_to_the_day(), _days(4))),
            ("same month, one imprecise", cll.ExactMatchLevel("year_month")),
            ("within 15 days", _days(15)),
            ("within 60 days", _days(60)),
        ),
        _compare(
            "zone", cll.NullLevel("zone"),
            ("same zone", cll.ExactMatchLevel("zone")),
            ("neighbouring zone", _duckdb_sql("list_contains(zone_near_l, zone_r)")),
        ),
        _compare(
            "victim_name", cll.NullLevel("victim_name"),
            ("same name", cll.ExactMatchLevel("victim_name")),
            ("name spelt alike", cll.JaroWinklerLevel("victim_name", 0.93)),
            ("same first name", cll.ExactMatchLevel(_first_name())),
            ("similar first name", cll.JaroWinklerLevel(_first_name(), 0.88)),
        ),
        cl.ExactMatch("nationality"),
        cl.ExactMatch("gender"),
        cl.ExactMatch("age_band"),
        cl.ExactMatch("perpetrator"),
        cl.ExactMatch("actor"),
        cl.ArrayIntersectAtSizes("indicators", [2, 1]),
        _compare(
            "text",
            _duckdb_sql("array_length(tokens_l) = 0 OR array_length(tokens_r) = 0").configure(
                is_null_level=True, label_for_charts="no words"
            ),
            ("most words shared", _duckdb_sql(f"{_OVERLAP} >= 0.6")),
            ("many words shared", _duckdb_sql(f"{_OVERLAP} >= 0.4")),
            ("some words shared", _duckdb_sql(f"{_OVERLAP} >= 0.2")),
        ),
    ]  # fmt: skip


# Attributes of the extortion cell rather than of the incident: a cell's number or faction
# recurs across its incidents, near each other in place and time. Their u is counted among
# blocked non-duplicate pairs (neighbours), not random pairs, or a shared number would
# pass for proof that two different women's reports are one incident.
CELL_LEVEL = frozenset({"indicators", "actor", "perpetrator"})


def blocking_rules() -> list[Any]:
    """Pairs worth comparing; each rule is an equi-join, so blocks stay small.

    Same group and month in one zone; same group and day anywhere; the same district within
    two weeks (two offset fortnights, so month ends do not split a pair); a neighbouring
    district within two weeks (two offset grids); the same victim's name within a group.
    """
    return [
        block_on("event_group", "year_month", "zone"),
        block_on("event_group", "date", "date_precision"),
        block_on("event_group", "zone", "bucket"),
        block_on("event_group", "zone", "bucket_offset"),
        block_on("event_group", "grid_a", "bucket"),
        block_on("event_group", "grid_b", "bucket_offset"),
        block_on("event_group", "victim_name"),
    ]


@dataclass
class Params:
    """Trained numbers: m and u per non-null level, and duplicates expected per record.

    m and u are estimated among the blocked pairs (the pairs the model must tell apart),
    not among random pairs: an extortion cell's number is shared by many of its incidents,
    so among neighbours in place and time a shared number says "same cell", not "same
    incident". The prior follows: duplicates expected per record spread over the pairs
    blocking produced, so one model fits a register of 300 or of 300,000 records.
    """

    version: str
    trained_on: str
    matches_per_record: float
    m: dict[str, list[float]] = field(default_factory=dict)
    u: dict[str, list[float]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Params:
        data = json.loads(text)
        keys = ("version", "trained_on", "matches_per_record", "m", "u")
        return cls(**{k: data[k] for k in keys})


def shipped_params() -> Params:
    return Params.from_json(PARAMS_FILE.read_text(encoding="utf-8"))


def settings(params: Params | None, *, retain: bool = False) -> SettingsCreator:
    """Splink settings with a neutral prior: the real prior is added per run (``prior_weight``)."""
    made = comparisons()
    if params is not None:
        for comparison in made:
            name = comparison.create_output_column_name()
            if name in params.m:
                comparison.configure(m_probabilities=params.m[name], u_probabilities=params.u[name])
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=0.5,
        comparisons=made,
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=retain,
    )


def logit2(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def probability(weight: float) -> float:
    return 1 / (1 + 2 ** (-weight))


def _prior(matches: float, pairs: float) -> float:
    """log2 prior odds that one blocked pair is a duplicate."""
    return logit2(min(0.5, max(1e-9, matches / max(pairs, 1.0))))


def _threads() -> int:
    return int(os.environ.get("VIGIA_LINKAGE_THREADS", "0")) or (os.cpu_count() or 1)


def _connection() -> duckdb.DuckDBPyConnection:
    # In memory only: decrypted names never reach a file.
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {_threads()}")
    con.execute("SET enable_progress_bar = false")
    return con


def make_linker(db_api: Any, table: Any, params: Params | None) -> Linker:
    """The model over ``table`` on any Splink backend: ``DuckDBAPI`` here, ``SparkAPI`` for
    a national register (docs/scale.md)."""
    return Linker(db_api.register(table), settings(params), log_level=SPLINK_LOG_LEVEL)


def _linker(table: Any, params: Params | None) -> Linker:
    return make_linker(DuckDBAPI(_connection()), table, params)


def prior_weight(params: Params, records: int) -> float:
    """log2 prior odds that one blocked pair of a register of ``records`` is a duplicate.

    Splink scores with a neutral prior; add this to a pair's match weight for its
    probability (``probability``).
    """
    return _prior(params.matches_per_record, records - 1)


M_FLOOR, U_FLOOR = 0.01, 1e-5


def _floored(values: Sequence[float], floor: float) -> list[float]:
    """A level never seen among training pairs keeps a small probability, never zero."""
    raw = [max(floor, v) for v in values]
    total = sum(raw)
    return [v / total for v in raw]


def _probe_params() -> Params:
    """Distinct, known weights per level, so a scored pair's level can be read back.

    Splink 5's predictions carry each comparison's match weight (mw_*), not its level.
    """
    m: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    for comparison in comparisons():
        name = comparison.create_output_column_name()
        levels = len(comparison.get_comparison("duckdb")._comparison_levels_excluding_null)
        weights = [2.0 ** (i + 1) for i in range(levels)]
        m[name] = [w / sum(weights) for w in weights]
        u[name] = [1 / levels] * levels
    return Params("probe", "", 1.0, m, u)


def _level_counts(predictions: Any, probe: Params, *, same: bool) -> dict[str, list[float]]:
    """Counts per non-null level (first level first) among duplicate or other pairs."""
    counts: dict[str, list[float]] = {}
    for name, m in probe.m.items():
        expected = [round(math.log2(mi / ui), 4) for mi, ui in zip(m, probe.u[name], strict=True)]
        where = "same" if same else "NOT same"
        found = dict(
            predictions.filter(where)
            .aggregate(f"round(mw_{name}, 4) AS w, count(*) AS n", "w")
            .fetchall()
        )
        counts[name] = [float(found.get(w, 0)) for w in expected]
    return counts


def _shares(counts: list[float], floor: float) -> list[float]:
    return _floored([c / max(1.0, sum(counts)) for c in counts], floor)


def _read_params(linker: Linker) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    model = linker.misc.save_model_to_json()
    m: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        name = comparison["output_column_name"]
        m[name] = _floored([float(lv.get("m_probability") or 0) for lv in levels], M_FLOOR)
        u[name] = _floored([float(lv.get("u_probability") or 0) for lv in levels], U_FLOOR)
    return m, u


def matches_per_record(truth: Mapping[str, str]) -> float:
    sizes: dict[str, int] = {}
    for label in truth.values():
        sizes[label] = sizes.get(label, 0) + 1
    pairs = sum(n * (n - 1) for n in sizes.values())  # ordered pairs = 2 × unordered
    return pairs / max(1, len(truth))


def train_labelled(
    rows: Sequence[Mapping[str, Any]], truth: Mapping[str, str], *, version: str, trained_on: str
) -> Params:
    """Supervised: m among known duplicates; u among random pairs, except for the cell's
    attributes (``CELL_LEVEL``), whose u is counted among blocked non-duplicate pairs."""
    import pyarrow as pa

    table = to_arrow(rows)
    table = table.append_column("truth", pa.array([truth[r["unique_id"]] for r in rows]))
    linker = _linker(table, None)
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_m_from_label_column("truth")
    trained = _read_params(linker)

    probe = _probe_params()
    frame = DuckDBAPI(_connection()).register(table)
    prober = Linker(frame, settings(probe, retain=True), log_level=SPLINK_LOG_LEVEL)
    scored = prober.inference.predict(warning_mode="never")
    # Table names are Splink's own generated names, never input.
    labelled = prober.misc.query_sql(  # type: ignore[no-untyped-call]
        f"SELECT p.*, l.truth = r.truth AS same FROM {scored.physical_name} p "  # noqa: S608  # nosec B608
        f"JOIN {frame.physical_name} l ON l.unique_id = p.unique_id_l "
        f"JOIN {frame.physical_name} r ON r.unique_id = p.unique_id_r"
    ).as_duckdbpyrelation()
    m_counts = _level_counts(labelled, probe, same=True)
    u_counts = _level_counts(labelled, probe, same=False)
    m = {k: _shares(m_counts[k], M_FLOOR) for k in m_counts}
    u = {k: (_shares(u_counts[k], U_FLOOR) if k in CELL_LEVEL else trained[1][k]) for k in m}
    return Params(version, trained_on, matches_per_record(truth), m, u)


def train_unsupervised(
    rows: Sequence[Mapping[str, Any]], start: Params, *, version: str, trained_on: str
) -> Params:
    """Re-training on a register without labels: m and u by EM over blocked pairs.

    EM starts from the current parameters; u is trained too (not sampled at random), for
    the reason given on ``Params``.
    """
    table = to_arrow(rows)
    try:
        m, u = _expectation_maximisation(table, start, train_u=True)
    except ValueError:
        # A small register: some level never occurs among the pairs EM takes for non-matches
        # and its u falls to 0, which Splink refuses. Start again and train m only, keeping
        # the starting parameters' u.
        m, u = _expectation_maximisation(table, start, train_u=False)
        trained_on += "; u kept from the starting parameters (too few pairs to train it)"
    return Params(version, trained_on, start.matches_per_record, m, u)


def _expectation_maximisation(
    table: Any, start: Params, *, train_u: bool
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    linker = _linker(table, start)
    # Each session leaves the comparisons of its own blocking columns as they were; the
    # other session trains them.
    for rule in (block_on("event_group", "date"), block_on("victim_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_u_probabilities=not train_u, record_sample_proportion=1.0
        )
    return _read_params(linker)


# Pairs below this probability are dropped before clustering (they only lower averages).
PAIR_FLOOR = 0.05


def floor_weight(params: Params, records: int) -> float:
    """Splink's ``threshold_match_weight`` that keeps the pairs at or above ``PAIR_FLOOR``."""
    return logit2(PAIR_FLOOR) - prior_weight(params, records)


@dataclass
class Relink:
    clusters: dict[str, str]  # unique_id → cluster id
    comparisons: int
    pairs: list[tuple[str, str, float]]
    seconds_scoring: float = 0.0  # blocking and Splink's scoring of every blocked pair
    seconds_clustering: float = 0.0


def relink(rows: Sequence[Mapping[str, Any]], params: Params, *, threshold: float) -> Relink:
    """Score every blocked pair of the register, then cluster (average linkage)."""
    started = time.perf_counter()
    linker = _linker(to_arrow(rows), params)
    # Blocking is computed once, counted, and reused by predict() from Splink's cache.
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    comparisons = int(blocked.as_duckdbpyrelation().count("*").fetchall()[0][0])
    prior = prior_weight(params, len(rows))
    predictions = linker.inference.predict(
        threshold_match_weight=floor_weight(params, len(rows)), warning_mode="never"
    )
    scored = (
        predictions.as_duckdbpyrelation()
        .select("unique_id_l, unique_id_r, match_weight")
        .fetchall()
    )
    scoring = time.perf_counter() - started
    pairs = [(str(left), str(right), probability(weight + prior)) for left, right, weight in scored]
    clusters = average_linkage((str(r["unique_id"]) for r in rows), pairs, threshold=threshold)
    return Relink(
        clusters=clusters,
        comparisons=comparisons,
        pairs=pairs,
        seconds_scoring=scoring,
        seconds_clustering=time.perf_counter() - started - scoring,
    )


class Register:
    """The register held in an in-memory DuckDB, ready to score new reports against it."""

    def __init__(self, rows: Sequence[Mapping[str, Any]], params: Params, *, size: int = 0):
        self.params = params
        # The prior depends on the whole register, even when only candidates are loaded.
        self.prior = _prior(params.matches_per_record, max(size, len(rows)))
        self.db_api = DuckDBAPI(_connection())
        self.frame = self.db_api.register(to_arrow(rows))
        self.linker = Linker(self.frame, settings(params), log_level=SPLINK_LOG_LEVEL)
        self._serial = 0

    def score(
        self, new_rows: Sequence[Mapping[str, Any]], *, threshold: float
    ) -> list[tuple[str, str, float]]:
        """(new id, register id, probability) for each blocked pair at or above threshold."""
        if not new_rows:
            return []
        self._serial += 1
        new = self.db_api.register(to_arrow(new_rows), table_name=f"new_reports_{self._serial}")
        predictions = self.linker.inference.predict_between(self.frame, new, warning_mode="never")
        scored = (
            predictions.as_duckdbpyrelation()
            .select("unique_id_l, unique_id_r, match_weight")
            .fetchall()
        )
        predictions.drop_table_from_database_and_remove_from_cache()
        new.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        new_ids = {str(r["unique_id"]) for r in new_rows}
        by_new: dict[str, list[tuple[str, float]]] = {}
        for left, right, weight in scored:
            new_id, old_id = (
                (str(right), str(left)) if str(right) in new_ids else (str(left), str(right))
            )
            if old_id not in new_ids:
                by_new.setdefault(new_id, []).append((old_id, float(weight)))
        found = []
        for new_id, candidates in by_new.items():
            for old_id, weight in candidates:
                chance = probability(weight + self.prior)
                if chance >= threshold:
                    found.append((new_id, old_id, chance))
        return sorted(found, key=lambda f: -f[2])
