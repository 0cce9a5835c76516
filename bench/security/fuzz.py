"""1,000,000 mutated inputs to the webhook parsers, the evidence extractors and the importer.

Goal (issue 10): 0 crashes, a crash being any exception other than the documented
validation errors (tests/security/fuzz.py lists the targets, the seeds and what each may
raise). Iterations are spread over the targets by fixed shares and over the cores; every
iteration is reproducible from (seed, target, iteration).
Run: `python bench/security/fuzz.py [--iterations N] [--seed S] [--processes P]`. Prints the
crashes grouped by target, exception and line, and ends with one RESULT line; exit 1 on a
miss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import machine  # noqa: E402
from tests.security.bruteforce import cores  # noqa: E402
from tests.security.harness import django_scratch, load, result  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=cores())
    args = parser.parse_args()
    print(f"machine: {machine()}\n{load()}", flush=True)
    django_scratch()
    from tests.security import fuzz

    report = fuzz.fuzz(args.iterations, seed=args.seed, processes=args.processes)
    rate = report.total / report.seconds if report.seconds else 0.0
    print(f"{report.total:,} iterations in {report.seconds:.0f} s on {args.processes} "
          f"processes ({rate:,.0f}/s)")  # fmt: skip
    for name, count in report.iterations.items():
        seconds, at = report.slowest.get(name, (0.0, 0))
        print(f"  {name}: {count:,} iterations, {report.rejected[name]:,} refused as documented, "
              f"slowest {seconds * 1000:.0f} ms (iteration {at})")  # fmt: skip
    print(f"crashes: {len(report.crashes)}")
    for (target, error, where), count in report.signatures().most_common():
        first = next(c for c in report.crashes if (c.target, c.error.split(":")[0], c.where)
                     == (target, error, where))  # fmt: skip
        print(f"  {count} × {target} {error} at {where}\n    first: {first}")
    print(load())
    return result(
        "fuzz",
        {
            "iterations": report.total,
            "crashes": len(report.crashes),
            "kinds": len(report.signatures()),
            "rate": f"{rate:.0f}/s",
            "seconds": f"{report.seconds:.0f}",
        },
        not report.crashes,
    )


if __name__ == "__main__":
    sys.exit(main())
