"""The scale-out path (docs/scale.md): the same settings and parameters on Spark.

Runs only where pyspark and Java are installed (CI installs both); skipped with a message
otherwise. Spark runs in local mode on two cores with few shuffle partitions, so the JVM's
start and Splink's small jobs stay well under a minute and a half.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from vigia.linkage import model, synth
from vigia.linkage.clustering import average_linkage
from vigia.linkage.eval import CLUSTER_THRESHOLD
from vigia.linkage.eval.metrics import adjusted_rand_index, pairwise
from vigia.linkage.features import to_arrow

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="the Spark path needs pyspark and Java (pip install -e '.[spark]'; apt install "
    "default-jre-headless); see docs/scale.md",
)


@needs_spark
def test_spark_scores_and_clusters_the_register_as_duckdb_does(tmp_path: Path) -> None:
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    register = synth.generate(800, seed=5)
    params = model.shipped_params()
    size = len(register.rows)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("vigia-linkage-test")
        .config("spark.jars", similarity_jar_location())  # Splink's Jaro-Winkler for Spark
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink writes intermediate tables as Parquet under the checkpoint folder.
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
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
    finally:
        spark.stop()

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
