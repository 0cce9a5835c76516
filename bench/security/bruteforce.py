"""Brute force of 500 members' numbers from a database file, a dump and a backup, no keys.

Goal (issue 10): a register of 500 members (synthetic numbers spread over 9XXXXXXXX, each
with a WhatsApp or SMS thread and a message), then what a thief holding the server gets: the
SQLite file, an SQL dump and a `vigia backup` archive (never the key folder). Every number
of the Peruvian mobile range (100,000,000) is hashed in the usual spellings with the usual
unkeyed hashes and looked for among every stored value (tests/security/bruteforce.py says
how); its digits are looked for too. 0 of 500 recovered.
Run: `python bench/security/bruteforce.py [--sample N] [--processes P]`; ``--sample N``
hashes the 500 members' numbers and N others (the CI slice does the same on 20 members).
Ends with one RESULT line; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout import machine  # noqa: E402
from tests.security import bruteforce  # noqa: E402
from tests.security.harness import django_scratch, load, result  # noqa: E402


def register(count: int, seed: int) -> list[int]:
    """``count`` members with synthetic numbers, each with a thread and one message."""
    from django.utils import timezone

    from vigia.members import services as members
    from vigia.messaging import ingest
    from vigia.messaging.providers.base import Item, Parsed

    numbers = random.Random(seed).sample(range(bruteforce.FIRST, bruteforce.LAST), count)
    for n, number in enumerate(numbers):
        channel = "sms" if n % 5 == 0 else "whatsapp"
        members.member_enrol(
            actor=None,
            pseudonym=f"Integrante {n}",
            channel=channel,
            address=f"+51{number}",
            consents=["alerts"],
            duress_word=f"clave{n}",
        )
        item = Item(f"bench-{n}", f"+51{number}", "text", text="hola", sent_at=timezone.now())
        ingest.accept(channel, Parsed([item], []))
    return numbers


def corpus() -> dict[str, bytes]:
    from tests.security.scan import backup_archive, database_file, sql_dump

    return {"database file": database_file(), "SQL dump": sql_dump(), "backup": backup_archive()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--sample", type=int, default=0, help="hash only N numbers besides theirs")
    parser.add_argument("--processes", type=int, default=bruteforce.cores())
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    print(f"machine: {machine()}\n{load()}", flush=True)
    django_scratch()
    made = time.perf_counter()
    numbers = register(args.members, args.seed)
    held = corpus()
    print(f"{args.members} members registered in {time.perf_counter() - made:.1f} s", flush=True)
    for name, data in held.items():
        print(f"  {name}: {len(data):,} bytes", flush=True)
    chosen: range | list[int] = range(bruteforce.FIRST, bruteforce.LAST)
    if args.sample:
        others = random.Random(args.seed + 1).sample(chosen, args.sample)
        chosen = sorted(set(numbers) | set(others))
    step = max(len(chosen) // 10, 1)

    def progress(done: int, total: int) -> None:
        if done % step < 1_000_000 or done == total:
            print(f"  {done:,} of {total:,} numbers", flush=True)

    report = bruteforce.brute_force(
        list(held.values()), chosen, processes=args.processes, progress=progress
    )
    recovered = report.recovered(numbers)
    print(f"numbers hashed: {report.numbers:,} ({len(bruteforce.FORMS)} spellings each)")
    print(f"hashes: {report.hashes:,} ({', '.join(bruteforce.HASHES)}) in {report.seconds:.0f} s "
          f"on {args.processes} processes: {report.rate:,.0f} hashes/s")  # fmt: skip
    print(f"corpus decoded and indexed in {report.index_seconds:.1f} s")
    digests = [hit for hit in report.hits if hit.form != "digits"]
    print(f"stored digests matching a candidate: {len(digests)}")
    for hit in digests[:20]:
        print(f"  {hit}")
    print(f"9XXXXXXXX digit runs in the stored bytes (chance, in hex and timestamps): "
          f"{len(report.hits) - len(digests)}")  # fmt: skip
    print(f"load after: {load()}")
    return result(
        "bruteforce",
        {
            "recovered": f"{len(recovered)}/{len(numbers)}",
            "numbers": report.numbers,
            "hashes": report.hashes,
            "rate": f"{report.rate:.0f}/s",
            "seconds": f"{report.seconds:.0f}",
        },
        not recovered,
    )


if __name__ == "__main__":
    sys.exit(main())
