"""Text extraction throughput on one core (goal: at least 200 messages per second).

Runs the evaluation messages through ``extract_text`` in this single process (one core),
after a warm-up pass that loads the gazetteer and dateparser, and reports the median of
five timed passes (the result caches are emptied before each pass). Ends with the RESULT
line of contracts.md, section 6.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vigia.evidence.dates import _dateparser  # noqa: E402
from vigia.evidence.eval.__main__ import DATASET, cpu_model  # noqa: E402
from vigia.evidence.extract import extract_text  # noqa: E402
from vigia.lib.phones import normalize_phone  # noqa: E402

GOAL_MESSAGES_PER_S = 200.0
PASSES = 5


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal says
    records = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines()]
    messages = [
        (record["text"], date.fromisoformat(record["date"]) if record.get("date") else None)
        for record in records
    ]
    for text, day in messages:  # warm-up: gazetteer, regexes, dateparser's language data
        extract_text(text, day)
    rates = []
    for _ in range(PASSES):
        # Repeated messages would otherwise be answered from the caches.
        _dateparser.cache_clear()
        normalize_phone.cache_clear()
        started = time.perf_counter()
        for text, day in messages:
            extract_text(text, day)
        rates.append(len(messages) / (time.perf_counter() - started))
    rate = statistics.median(rates)
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(f"messages: {len(messages)} per pass, {PASSES} passes, pinned to one core")
    print(f"messages per second (each pass): {', '.join(f'{r:.0f}' for r in rates)}")
    met = rate >= GOAL_MESSAGES_PER_S
    print(f"RESULT extract: messages_per_s={rate:.0f}; {'goal met' if met else 'goal missed'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
