"""The shipped gazetteer and the evaluation set."""

from __future__ import annotations

import ast
from pathlib import Path

from vigia.evidence import gazetteer
from vigia.evidence.eval import make_dataset
from vigia.evidence.eval.__main__ import GOALS, evaluate


def test_the_shipped_gazetteer_matches_the_project_reference_data() -> None:
    assert gazetteer.main(["--check"]) == 0


def test_the_evaluation_set_is_what_its_generator_writes() -> None:
    import json

    written = [json.loads(line) for line in make_dataset.DATASET.read_text("utf-8").splitlines()]
    assert written == make_dataset.build()
    assert len(written) >= 300
    assert sum(1 for record in written if record["trap"]) * 3 >= len(written)


def test_the_extractor_meets_its_goals_on_the_evaluation_set() -> None:
    import json

    records = [json.loads(line) for line in make_dataset.DATASET.read_text("utf-8").splitlines()]
    scores = evaluate(records)
    for field, (precision_goal, recall_goal) in GOALS.items():
        assert scores[field][0] >= precision_goal, field
        assert scores[field][1] >= recall_goal, field


def test_nothing_in_evidence_or_lib_imports_django() -> None:
    root = Path(__file__).resolve().parents[2]
    files = [
        *(root / "evidence").rglob("*.py"),
        root / "lib" / "phones.py",
        root / "lib" / "banks.py",
    ]
    for path in files:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])  # fmt: skip
            assert not any(name.split(".")[0] == "django" for name in names), path
