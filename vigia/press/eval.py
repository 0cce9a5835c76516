"""``python -m vigia.press.eval`` (``make eval-press``): the shipped model on the evaluation set.

The evaluation split (synth.py, seed 7, 240 articles, 84 near misses) is written from the
half of the templates that training never sees. Reports relevance precision, recall and F1
(goal F1 ≥ 0.90), the near misses let through, and, over the relevant articles the model
keeps, the accuracy of the main event type, the district, the killed count and the event
date. Ends with the RESULT line of contracts.md §6; exits 1 when the goal is missed.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections import Counter
from datetime import date

from vigia.press import synth
from vigia.press.classify import Article, classify_many
from vigia.press.extraction import ArticleFacts
from vigia.press.relevance import load_model
from vigia.press.synth_templates import NEAR_MISSES

__all__ = ["main"]

F1_GOAL = 0.90


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _share(hits: float, total: float) -> float:
    return hits / total if total else 0.0


def _place_name(facts: ArticleFacts | None) -> str | None:
    place = facts["place"] if facts else None
    return place["name"] if place else None


def main(argv: list[str] | None = None) -> int:
    items = synth.articles("eval")
    print(f"machine: {os.cpu_count()} cores, {_cpu()}; model {load_model().version}")
    near = sum(item.category in NEAR_MISSES for item in items)
    print(f"evaluation set: {len(items)} articles, {sum(i.relevant for i in items)} relevant, "
          f"{near} near misses")  # fmt: skip
    start = time.perf_counter()
    results = classify_many(
        [Article(i.title, i.text, date.fromisoformat(i.date), i.lang) for i in items]
    )
    elapsed = time.perf_counter() - start
    tp = sum(r.relevant and i.relevant for r, i in zip(results, items, strict=True))
    fp = sum(r.relevant and not i.relevant for r, i in zip(results, items, strict=True))
    fn = sum(not r.relevant and i.relevant for r, i in zip(results, items, strict=True))
    precision, recall = _share(tp, tp + fp), _share(tp, tp + fn)
    f1 = _share(2 * precision * recall, precision + recall)
    errors = Counter(
        i.category for r, i in zip(results, items, strict=True) if r.relevant != i.relevant
    )
    kept = [(r, i) for r, i in zip(results, items, strict=True) if r.relevant and i.relevant]
    event_ok = sum(bool(r.facts and r.facts["event_types"][:1] == [i.event_type]) for r, i in kept)
    district_ok = sum(bool(r.facts and _place_name(r.facts) == i.district)
                      for r, i in kept)  # fmt: skip
    killed_ok = sum(bool(r.facts and (r.facts["killed"] or 0) == i.killed) for r, i in kept)
    dated = [(r, i) for r, i in kept if i.event_date]
    date_ok = sum(bool(r.facts and r.facts["event_date"] == i.event_date) for r, i in dated)
    print(f"relevance: precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f} "
          f"({tp} true, {fp} false positives, {fn} missed) in {elapsed:.1f} s")  # fmt: skip
    print("misclassified by category: " + (", ".join(f"{k} {v}" for k, v in sorted(errors.items()))
                                           or "none"))  # fmt: skip
    print(f"extraction over {len(kept)} relevant articles kept: main event type "
          f"{_share(event_ok, len(kept)):.4f}, district {_share(district_ok, len(kept)):.4f}, "
          f"killed count {_share(killed_ok, len(kept)):.4f}, event date "
          f"{_share(date_ok, len(dated)):.4f} (of {len(dated)} with a date)")  # fmt: skip
    met = f1 >= F1_GOAL
    print(
        f"RESULT eval-press: f1={f1:.4f} precision={precision:.4f} recall={recall:.4f} "
        f"event_type_acc={_share(event_ok, len(kept)):.4f} "
        f"district_acc={_share(district_ok, len(kept)):.4f} "
        f"killed_acc={_share(killed_ok, len(kept)):.4f} "
        f"event_date_acc={_share(date_ok, len(dated)):.4f}; goal {'met' if met else 'missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
