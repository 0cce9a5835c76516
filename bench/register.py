"""Register list and dashboard with 100,000 incidents, on SQLite and PostgreSQL.

Goal (issue 3): each page under 300 ms (median of repeated requests, through Django's full
request stack in-process) with a bounded number of SQL queries per page. Prints the machine,
the figures per database, and ends with one RESULT line; exits 1 when a goal is missed.
Run: `python bench/register.py [--incidents N]`. PostgreSQL is used when a server answers at
VIGIA_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/...).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 300.0
MAX_QUERIES = 15
ROOT = Path(__file__).resolve().parent.parent


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


def worker(database_url: str, incidents: int) -> dict[str, float]:
    """Runs in a child process: one database per process, as Django settings are global."""
    os.environ.update(
        {"VIGIA_DEV": "1", "VIGIA_DATA_DIR": tempfile.mkdtemp(), "DATABASE_URL": database_url}
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vigia.settings"
    sys.path.insert(0, str(ROOT))
    import random
    import uuid
    from datetime import date, timedelta

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from conftest import login_verified
    from vigia.accounts import services as accounts
    from vigia.incidents.models import EventType, Incident
    from vigia.zones.models import Zone

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    types = list(EventType.objects.filter(parent__isnull=True))
    zones = list(Zone.objects.filter(kind="district"))
    statuses = ["reported", "under_review", "verified", "verified", "rejected"]
    start = date(2015, 1, 1)
    batch = []
    for index in range(incidents):
        batch.append(
            Incident(
                id=uuid.uuid4(),
                reference=f"VG-B{index:07d}",
                event_type=rng.choice(types),
                date=start + timedelta(days=rng.randrange(3900)),
                zone=rng.choice(zones),
                status=rng.choice(statuses),
                killed=1 if rng.random() < 0.05 else 0,
            )
        )
        if len(batch) == 5000:
            Incident.objects.bulk_create(batch)
            batch = []
    Incident.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = accounts.staff_create(
        actor=None, username="bench", password="bench password 2026", role="coordinator"
    )
    client = login_verified(Client(), user)
    results: dict[str, float] = {}
    for name, path in [
        ("list", "/registro/"),
        ("list_filtered", "/registro/?status=verified&zone=150116&type=murder"),
        ("list_page_50", "/registro/?page=50"),
        ("dashboard", "/"),
    ]:
        client.get(path)  # warm caches
        timings = []
        for _ in range(15):
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        results[f"{name}_ms"] = statistics.median(timings)
        results[f"{name}_p95_ms"] = sorted(timings)[int(len(timings) * 0.95) - 1]
        results[f"{name}_queries"] = len(queries)
    return results


def postgres_url() -> str | None:
    base = os.environ.get("VIGIA_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vigia")
    try:
        import psycopg

        admin = base.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS vigia_bench_register")
            conn.execute("CREATE DATABASE vigia_bench_register")
        return base.rsplit("/", 1)[0] + "/vigia_bench_register"
    except Exception as exc:
        print(f"PostgreSQL skipped: {type(exc).__name__}", file=sys.stderr)
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("URL", "N"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(worker(args.child[0], int(args.child[1]))))
        return 0
    print(f"machine: {machine()}")
    print(f"incidents: {args.incidents}; goal: median < {GOAL_MS:.0f} ms, ≤ {MAX_QUERIES} queries")
    targets = {"sqlite": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"}
    pg = postgres_url()
    if pg:
        targets["postgresql"] = pg
    worst = 0.0
    worst_queries = 0
    for vendor, url in targets.items():
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, str(args.incidents)],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        if out.returncode != 0:
            print(out.stderr[-3000:], file=sys.stderr)
            print(f"RESULT register: {vendor}=failed; goal missed")
            return 1
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{vendor} (setup and run {time.perf_counter() - began:.0f} s):")
        for key, value in figures.items():
            print(f"  {key}: {value:.1f}" if key.endswith("ms") else f"  {key}: {value:.0f}")
            if key.endswith("_ms") and not key.endswith("p95_ms"):
                worst = max(worst, value)
            if key.endswith("queries"):
                worst_queries = max(worst_queries, int(value))
    met = worst < GOAL_MS and worst_queries <= MAX_QUERIES
    print(
        f"RESULT register: worst_median_ms={worst:.1f} max_queries={worst_queries} "
        f"databases={'+'.join(targets)}; goal {'met' if met else 'missed'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
