"""The scale-out path (docs/scale.md): the same settings and parameters on Spark.

Runs where pyspark (the ``spark`` extra) and Java are installed, as in CI; skipped with a
message otherwise, or failed when ``VIGIA_REQUIRE_SPARK=1`` (CI). Spark runs in local mode
on two cores with two shuffle partitions, so the JVM's start and Splink's many small jobs
stay well under a minute and a half.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vigia.linkage import model, synth
from vigia.linkage.clustering import average_linkage
from vigia.linkage.eval import CLUSTER_THRESHOLD
from vigia.linkage.eval.metrics import adjusted_rand_index, pairwise
from vigia.linkage.features import to_arrow


def _missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if shutil.which("java") is None:
        return "Java is not installed (apt install default-jre-headless)"
    return None


@pytest.fixture
def spark(tmp_path: Path) -> Iterator[Any]:
    """A local Spark session with Splink's similarity functions (Jaro-Winkler) loaded."""
    missing = _missing()
    if missing is not None:
        if os.environ.get("VIGIA_REQUIRE_SPARK") == "1":
            pytest.fail(f"the Spark path is required here but {missing}")
        pytest.skip(f"the Spark path needs pyspark and Java: {missing}; see docs/scale.md")
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[2]")
        .appName("vigia-linkage-test")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))  # not in the checkout
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # Splink writes its intermediate tables as Parquet under the checkpoint folder.
    session.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    yield session
    session.stop()


def test_spark_scores_and_clusters_the_register_as_duckdb_does(spark: Any) -> None:
    from splink import SparkAPI

    register = synth.generate(800, seed=5)
    params = model.shipped_params()
    size = len(register.rows)
    api = SparkAPI(spark_session=spark, num_partitions_on_repartition=2)  # type: ignore[no-untyped-call]
    linker = model.make_linker(api, to_arrow(register.rows), params)
    predictions = linker.inference.predict(
        threshold_match_weight=model.floor_weight(params, size), warning_mode="never"
    )
    scored = (
        predictions.as_spark_dataframe()
        .select("unique_id_l", "unique_id_r", "match_weight")
        .collect()
    )
    prior = model.prior_weight(params, size)
    on_spark = {(str(a), str(b)): model.probability(w + prior) for a, b, w in scored}

    duckdb = model.relink(register.rows, params, threshold=CLUSTER_THRESHOLD)
    on_duckdb = {(left, right): p for left, right, p in duckdb.pairs}
    # The same pairs, with the same probabilities except where Splink's Jaro-Winkler for
    # Spark and DuckDB's disagree on a spelling ("karla" / "kaarla"; docs/scale.md): few.
    assert len(on_duckdb) > 100
    assert len(on_spark.keys() ^ on_duckdb.keys()) <= 0.01 * len(on_duckdb)
    shared = on_spark.keys() & on_duckdb.keys()
    moved = [pair for pair in shared if abs(on_spark[pair] - on_duckdb[pair]) > 1e-6]
    assert len(moved) <= 0.01 * len(on_duckdb)

    ids = [str(r["unique_id"]) for r in register.rows]
    pairs = [(left, right, p) for (left, right), p in on_spark.items()]
    clusters = average_linkage(ids, pairs, threshold=CLUSTER_THRESHOLD)
    assert adjusted_rand_index(clusters, dict(duckdb.clusters)) >= 0.99
    # And the known duplicates are found.
    scores = pairwise(clusters, register.truth)
    assert scores.precision >= 0.9 and scores.recall >= 0.9
