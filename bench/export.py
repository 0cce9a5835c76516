"""Open-data export of 100,000 incidents in bounded memory.

Goal (issue 7): the record-level export (CSV, every incident press-sourced and publishable) and
the aggregate tables stream: the peak memory of a process exporting 100,000 incidents is within
48 MiB of the same process exporting 10,000. Each size is built in one child process (SQLite
file) and exported in a fresh one, whose peak RSS (ru_maxrss) is reported.
Run: `python bench/export.py [--incidents N]`. Ends with the RESULT line of contracts.md §6.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_EXTRA_MIB = 48.0


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def _django(data_dir: str) -> None:
    os.environ.update({"VIGIA_DEV": "1", "VIGIA_DATA_DIR": data_dir})
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigia.settings"
    os.environ["VIGIA_OPEN_DATA_RECORD_DELAY_DAYS"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(data_dir: str, incidents: int) -> dict[str, float]:
    _django(data_dir)
    import random
    import uuid
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from vigia.incidents.models import EventType, Incident, Source
    from vigia.zones.models import Zone

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    types = list(EventType.objects.filter(parent__isnull=True))
    zones = list(Zone.objects.filter(kind="district"))
    start, verified_at = date(2020, 1, 1), timezone.now() - timedelta(days=1)
    began = time.perf_counter()
    for offset in range(0, incidents, 5000):
        batch = [
            Incident(
                id=uuid.uuid4(),
                reference=f"VG-E{index:07d}",
                event_type=rng.choice(types),
                date=start + timedelta(days=rng.randrange(1800)),
                zone=rng.choice(zones),
                status="verified",
                verification_level="one_source",
                verified_at=verified_at,
                killed=1 if rng.random() < 0.05 else 0,
            )
            for index in range(offset, min(offset + 5000, incidents))
        ]
        Incident.objects.bulk_create(batch)
        Source.objects.bulk_create(
            Source(
                id=uuid.uuid4(),
                incident=item,
                kind="press",
                url=f"https://diario{n % 7}.example/nota/{n}",
            )
            for n, item in enumerate(batch)
        )
    return {"build_s": time.perf_counter() - began}


def export(data_dir: str) -> dict[str, float]:
    _django(data_dir)
    from vigia.reports import exports
    from vigia.reports.periods import calendar_year
    from vigia.reports.publishing import prepare

    began = time.perf_counter()
    rows = 0
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for line in exports.records_csv():
            sink.write(line)
            rows += 1
    records_s = time.perf_counter() - began
    began = time.perf_counter()
    tables = prepare(calendar_year(2022))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        sink.writelines(exports.tables_csv(tables.values()))
    tables_s = time.perf_counter() - began
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": rows - 1, "records_s": records_s, "tables_s": tables_s,
            "peak_mib": peak_kib / 1024}  # fmt: skip


def child(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(1)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        step, data_dir, *rest = args.child
        out = build(data_dir, int(rest[0])) if step == "build" else export(data_dir)
        print(json.dumps(out))
        return 0
    print(f"machine: {machine()} (shared with other work: expect noise in timings)")
    small = max(args.incidents // 10, 1)
    figures = {}
    for size in (small, args.incidents):
        with tempfile.TemporaryDirectory() as data_dir:
            built = child("build", data_dir, str(size))
            figures[size] = {**built, **child("export", data_dir)}
            f = figures[size]
            print(f"{size:>7} incidents: built in {f['build_s']:.1f} s; record-level CSV "
                  f"{int(f['rows'])} rows in {f['records_s']:.1f} s "
                  f"({f['rows'] / f['records_s']:.0f} rows/s); aggregate tables "
                  f"{f['tables_s']:.2f} s; peak RSS {f['peak_mib']:.1f} MiB")  # fmt: skip
    extra = figures[args.incidents]["peak_mib"] - figures[small]["peak_mib"]
    rows_ok = int(figures[args.incidents]["rows"]) == args.incidents
    met = rows_ok and extra <= GOAL_EXTRA_MIB
    print(f"peak RSS growth from {small} to {args.incidents} incidents: {extra:.1f} MiB "
          f"(goal ≤ {GOAL_EXTRA_MIB:.0f} MiB)")  # fmt: skip
    print(
        f"RESULT export: incidents={args.incidents} "
        f"peak_rss_mib={figures[args.incidents]['peak_mib']:.1f} growth_mib={extra:.1f} "
        f"rows_per_s={figures[args.incidents]['rows'] / figures[args.incidents]['records_s']:.0f}"
        f"; {'goal met' if met else 'goal missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
