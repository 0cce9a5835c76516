"""The scale-out path (docs/scale.md): the same settings and parameters on Spark.

Runs only where pyspark and Java are installed; skipped with a message otherwise.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from vigia.linkage import model, synth
from vigia.linkage.eval import CLUSTER_THRESHOLD

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="the Spark path needs pyspark and Java (pip install pyspark; apt install "
    "default-jre-headless); see docs/scale.md",
)


@needs_spark
def test_spark_scores_the_same_pairs_as_duckdb(tmp_path: Path) -> None:
    from pyspark.sql import SparkSession
    from splink import Linker, SparkAPI
    from splink.backends.spark import similarity_jar_location

    from vigia.linkage.features import to_arrow

    register = synth.generate(800, seed=5)
    params = model.shipped_params()
    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    # Splink checkpoints intermediate tables on Spark; a local run needs a folder for them.
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    spark.sparkContext.setLogLevel("ERROR")
    try:
        frame = spark.createDataFrame(to_arrow(register.rows).to_pylist())
        api = SparkAPI(spark_session=spark)  # type: ignore[no-untyped-call]
        linker = Linker(api.register(frame), model.settings(params), log_level=None)
        prior = model.logit2(params.matches_per_record / (len(register.rows) - 1))
        threshold = model.logit2(CLUSTER_THRESHOLD) - prior
        on_spark = {
            (row["unique_id_l"], row["unique_id_r"])
            for row in linker.inference.predict(threshold_match_weight=threshold)
            .as_spark_dataframe()
            .collect()
        }
    finally:
        spark.stop()
    on_duckdb = {
        (left, right)
        for left, right, p in model.relink(register.rows, params, threshold=CLUSTER_THRESHOLD).pairs
        if p >= CLUSTER_THRESHOLD
    }
    assert len(on_spark ^ on_duckdb) <= 0.02 * max(1, len(on_duckdb))
