"""Press classification throughput on 2 cores (goal: at least 20 articles per second).

Each article is classified (encoder + cues + model) and extracted (every article, not only
the relevant ones, so the figure does not depend on the mix) by two worker processes, one per
core, one encoder each, as two worker processes would in production. Articles are the 1,360
synthetic training and evaluation articles. Reports the median of three timed passes after a
warm-up, the one-process figure measured in the same run as the baseline, and the peak
resident memory of one worker. Ends with the RESULT line of contracts.md §6. No network.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vigia.press import synth  # noqa: E402
from vigia.press.classify import Article, classify_many  # noqa: E402
from vigia.press.eval import _cpu  # noqa: E402
from vigia.press.extraction import extract_article  # noqa: E402

GOAL_PER_S = 20.0
PASSES = 3
WORKERS = 2


def _articles() -> list[Article]:
    items = synth.articles("train") + synth.articles("eval")
    return [Article(i.title, i.text, date.fromisoformat(i.date)) for i in items]


def _work(chunk: list[Article]) -> tuple[int, float]:
    """Classify and extract a chunk; returns (articles, this worker's peak RSS in MiB)."""
    results = classify_many(chunk)
    for item, result in zip(chunk, results, strict=True):
        if result.facts is None:
            extract_article(item.title, item.text, item.published)
    return len(chunk), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(pool: ProcessPoolExecutor | None, articles: list[Article]) -> tuple[float, float]:
    start = time.perf_counter()
    if pool is None:
        _count, peak = _work(articles)
    else:
        chunks = [articles[i::WORKERS] for i in range(WORKERS)]
        peak = max(p for _n, p in pool.map(_work, chunks))
    return len(articles) / (time.perf_counter() - start), peak


def main() -> int:
    articles = _articles()
    print(f"machine: {os.cpu_count()} cores, {_cpu()}; load average {os.getloadavg()[0]:.1f} "
          "(the machine is shared: expect noise)")  # fmt: skip
    print(f"articles: {len(articles)} (title + text, {WORKERS} worker processes)")
    _work(articles[:40])  # warm-up of this process: encoder, gazetteer, dateparser
    single = statistics.median(_timed(None, articles)[0] for _ in range(PASSES))
    print(f"baseline, one process: {single:.1f} articles/s")
    with ProcessPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(_work, [articles[:20]] * WORKERS))  # warm-up of the workers
        runs = [_timed(pool, articles) for _ in range(PASSES)]
    rate = statistics.median(r for r, _p in runs)
    peak = max(p for _r, p in runs)
    print(
        f"{WORKERS} processes: {rate:.1f} articles/s (passes: "
        f"{', '.join(f'{r:.1f}' for r, _p in runs)}); peak memory per worker {peak:.0f} MiB"
    )
    met = rate >= GOAL_PER_S
    print(
        f"RESULT press: articles_per_s={rate:.1f} single_process_per_s={single:.1f} "
        f"peak_mib={peak:.0f}; goal {'met' if met else 'missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
