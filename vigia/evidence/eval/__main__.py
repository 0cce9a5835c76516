"""``python -m vigia.evidence.eval``: precision and recall of text extraction on dataset.jsonl.

Prints one line per field, the machine, and ends with the RESULT line of contracts.md,
section 6; exits 1 when a goal is missed. Fields are compared as sets per message and
counted over the whole set (micro-averaged).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Final

from vigia.evidence.extract import Extraction, extract_text

DATASET: Final = Path(__file__).resolve().parent / "dataset.jsonl"

# field -> (precision goal, recall goal)
GOALS: Final[dict[str, tuple[float, float]]] = {
    "phones": (0.99, 0.95),
    "accounts": (0.99, 0.95),
    "amounts_with_period": (0.95, 0.90),
}

Key = tuple[Any, ...]


def _predicted(result: Extraction) -> dict[str, set[Key]]:
    indicators = result["indicators"]
    return {
        "phones": {(i["value"],) for i in indicators if i["kind"] in ("phone", "yape", "plin")},
        "yape_plin": {(i["kind"], i["value"]) for i in indicators if i["kind"] in ("yape", "plin")},
        "accounts": {
            (i["kind"], i["value"]) for i in indicators if i["kind"] in ("account", "cci")
        },
        "amounts": {(a["value"], a["currency"]) for a in result["amounts"]},
        "amounts_with_period": {
            (a["value"], a["currency"], a["period"]) for a in result["amounts"]
        },
        "dates": {(d["value"],) for d in result["dates"]},
        "places": {(p["name"],) for p in result["places"]},
        "actors": {(a["name"],) for a in result["actors"]},
        "event_types": {(code,) for code in result["event_types"]},
    }


def _expected(truth: dict[str, Any]) -> dict[str, set[Key]]:
    phones = truth["phones"]
    return {
        "phones": {(p["value"],) for p in phones},
        "yape_plin": {(p["kind"], p["value"]) for p in phones if p["kind"] in ("yape", "plin")},
        "accounts": {(a["kind"], a["value"]) for a in truth["accounts"]},
        "amounts": {(a["value"], a["currency"]) for a in truth["amounts"]},
        "amounts_with_period": {(a["value"], a["currency"], a["period"]) for a in truth["amounts"]},
        "dates": {(d,) for d in truth["dates"]},
        "places": {(p,) for p in truth["places"]},
        "actors": {(a,) for a in truth["actors"]},
        "event_types": {(e,) for e in truth["event_types"]},
    }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def cpu_model() -> str:
    """The CPU model name (Linux /proc/cpuinfo, else platform)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def evaluate(
    records: Iterable[dict[str, Any]], report: Callable[[str], None] | None = None
) -> dict[str, tuple[float, float, int, int, int]]:
    """Per field: (precision, recall, true positives, predicted, expected)."""
    counts: dict[str, list[int]] = {}
    for record in records:
        base = date.fromisoformat(record["date"]) if record.get("date") else None
        predicted = _predicted(extract_text(record["text"], base))
        expected = _expected(record["expected"])
        for field, values in expected.items():
            got = predicted[field]
            tally = counts.setdefault(field, [0, 0, 0])
            tally[0] += len(got & values)
            tally[1] += len(got)
            tally[2] += len(values)
            if report is not None and got != values:
                report(f"{record['id']} {field}: missing {sorted(values - got)} "
                       f"extra {sorted(got - values)}")  # fmt: skip
    return {
        field: (_ratio(tp, pred), _ratio(tp, exp), tp, pred, exp)
        for field, (tp, pred, exp) in counts.items()
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbose = "-v" in args
    records = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()]
    traps = sum(1 for record in records if record.get("trap"))
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(f"data set: {len(records)} messages, {traps} with traps ({DATASET.name})")
    scores = evaluate(records, (lambda line: print("  " + line)) if verbose else None)
    print(f"{'field':<22}{'precision':>10}{'recall':>9}{'tp':>6}{'pred':>6}{'exp':>6}")
    for field, (precision, recall, tp, pred, exp) in scores.items():
        print(f"{field:<22}{precision:>10.3f}{recall:>9.3f}{tp:>6}{pred:>6}{exp:>6}")
    met = all(
        scores[field][0] >= goal_p and scores[field][1] >= goal_r
        for field, (goal_p, goal_r) in GOALS.items()
    )
    phone_p, phone_r = scores["phones"][:2]
    amount_p, amount_r = scores["amounts_with_period"][:2]
    account_p, account_r = scores["accounts"][:2]
    print(
        f"RESULT eval-evidence: phone_precision={phone_p:.3f} phone_recall={phone_r:.3f} "
        f"account_precision={account_p:.3f} account_recall={account_r:.3f} "
        f"amount_precision={amount_p:.3f} amount_recall={amount_r:.3f}; "
        f"{'goal met' if met else 'goal missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
