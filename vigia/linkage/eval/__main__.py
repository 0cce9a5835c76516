"""python -m vigia.linkage.eval [--reports N] [--retrain-shipped]"""

from __future__ import annotations

import argparse
import os
import platform
import sys

from vigia.linkage import model
from vigia.linkage.eval import GOALS, evaluate, result_line, train_shipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigia.linkage.eval")
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument(
        "--retrain-shipped",
        action="store_true",
        help="rebuild vigia/linkage/data/params.json from the training register first",
    )
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}")
    if args.retrain_shipped:
        params = train_shipped()
        model.PARAMS_FILE.write_text(params.to_json() + "\n", encoding="utf-8")
        print(f"wrote {model.PARAMS_FILE} ({params.trained_on})")
    evaluation = evaluate(args.reports)
    print(
        f"synthetic register: {evaluation.reports} reports of {evaluation.incidents} incidents; "
        f"{evaluation.comparisons} comparisons in {evaluation.seconds:.1f} s"
    )
    print(
        f"duplicates: pairwise precision {evaluation.precision:.4f} (goal ≥ {GOALS['precision']})"
    )
    print(f"duplicates: pairwise recall    {evaluation.recall:.4f} (goal ≥ {GOALS['recall']})")
    print(f"networks:   adjusted Rand index {evaluation.ari:.4f} (goal ≥ {GOALS['ari']}), "
          f"{evaluation.networks} networks found")  # fmt: skip
    print(result_line("eval-linkage", evaluation))
    return 0 if evaluation.met else 1


if __name__ == "__main__":
    sys.exit(main())
