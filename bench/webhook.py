"""Signed WhatsApp deliveries over real HTTP to `vigia serve`, against the bare-view baseline.

Goal (issue 4): on PostgreSQL >= 500 deliveries/s, on SQLite >= 200/s, p99 acknowledgement
<= 250 ms, and throughput >= 0.5 x the bare view's (contracts.md §6: one autocommit INSERT of
the raw body, no signature check; same server, workers and concurrency; tables preloaded with
about 100,000 rows; median of >= 2 runs of each). The load generator runs in this process
(threads with keep-alive connections) against `vigia serve` on 127.0.0.1; the worker that
`vigia serve` starts answers the messages through the local fake Cloud API meanwhile, and
each run waits for it to finish (the time is printed), so every run starts from an idle worker.
Senders are numbered n % 2,000: the first run is almost only first contacts (a thread made for
each sender), later runs only known senders.
Run: `python bench/webhook.py [--database-url postgres://...] [--seconds S] [--runs N]`.
Ends with the RESULT line of contracts.md §6; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import ROOT, configure, machine, scratch_database

PRELOAD = 100_000
SECRET = "bench-secret"  # noqa: S105 - the local fake's app secret
GOALS = {"sqlite": 200.0, "postgresql": 500.0}
P99_GOAL_MS = 250.0
RATIO_GOAL = 0.5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def preload(rows: int) -> None:
    """The bare view's table and the inbound log, each with ``rows`` rows."""
    from django.core.management import call_command
    from django.db import connection

    from vigia.messaging import fake, ingest
    from vigia.messaging.models import InboundMessage
    from vigia.messaging.providers.whatsapp import payloads

    call_command("migrate", verbosity=0)
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(
            "CREATE TABLE bench_bare (id BIGSERIAL PRIMARY KEY, body BYTEA)"
            if pg
            else "CREATE TABLE bench_bare (id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB)"
        )
        # Built from an int only (no outside input reaches these statements).
        series = (
            f"SELECT n FROM generate_series(1, {rows}) AS n"  # noqa: S608
            if pg
            else f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "  # noqa: S608
            f"WHERE n < {rows}) SELECT n FROM s"
        )
        cursor.execute(f"INSERT INTO bench_bare (body) SELECT 'preloaded' FROM ({series}) AS t")  # noqa: S608
        if pg:
            cursor.execute("TRUNCATE messaging_inboundmessage CASCADE")
    sample = fake.delivery([fake.message("+51900000000", text="hola", id="wamid.seed")])
    import json

    ingest.accept("whatsapp", payloads.parse(json.loads(sample)))
    seed = InboundMessage.objects.get(external_id="wamid.seed")
    new_id = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO messaging_inboundmessage (id, channel, external_id, thread_id, "  # noqa: S608
            "owner_id, kind, raw, received_at, position, processed_at, failed) "
            f"SELECT {new_id}, channel, 'pre-' || t.n, thread_id, owner_id, kind, raw, "
            "received_at, position, received_at, failed FROM messaging_inboundmessage, "
            f"({series}) AS t WHERE external_id = 'wamid.seed'",
        )
    InboundMessage.objects.filter(external_id="wamid.seed").update(processed_at=seed.received_at)
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE bench_bare")
            cursor.execute("ANALYZE messaging_inboundmessage")


def post_signed(
    conn: http.client.HTTPConnection, path: str, body: bytes, signature: str
) -> tuple[http.client.HTTPConnection, bool]:
    """One signed delivery on a keep-alive connection: (the connection to go on with, 200?).
    A broken connection is replaced by a new one to the same server."""
    try:
        conn.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/json", "X-Hub-Signature-256": signature},
        )
        response = conn.getresponse()
        response.read()
        return conn, response.status == 200
    except (OSError, http.client.HTTPException):
        conn.close()
        return http.client.HTTPConnection(conn.host, conn.port, timeout=conn.timeout), False


class Load:
    """``concurrency`` threads, each on one keep-alive connection, for ``seconds``."""

    def __init__(self, port: int, path: str, bodies: list[tuple[bytes, str]]) -> None:
        self.port, self.path, self.bodies = port, path, bodies
        self.next = 0
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.acked: list[bytes] = []
        self.errors = 0

    def _take(self) -> tuple[bytes, str] | None:
        with self.lock:
            if self.next >= len(self.bodies):
                return None
            self.next += 1
            return self.bodies[self.next - 1]

    def _client(self, until: float) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < until and (item := self._take()) is not None:
            body, signature = item
            began = time.perf_counter()
            conn, ok = post_signed(conn, self.path, body, signature)
            elapsed = time.perf_counter() - began
            with self.lock:
                if ok:
                    self.latencies.append(elapsed)
                    self.acked.append(body)
                else:
                    self.errors += 1
        conn.close()

    def run(self, concurrency: int, seconds: float) -> dict[str, float]:
        until = time.monotonic() + seconds
        began = time.monotonic()
        threads = [threading.Thread(target=self._client, args=(until,)) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        spent = time.monotonic() - began
        ordered = sorted(self.latencies)
        p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000 if ordered else float("inf")
        return {"rate": len(ordered) / spent, "p99_ms": p99, "errors": float(self.errors)}


def signed_body(n: int, tag: str) -> tuple[bytes, str]:
    """The n-th delivery: one message from one of 2,000 senders, its id unique, signed."""
    from vigia.messaging import fake

    sender = f"+5190{n % 2000:07d}"
    body = fake.delivery([fake.message(sender, text="hola", id=f"wamid.{tag}.{n}")])
    return body, fake.sign(SECRET, body)


def bodies(count: int, tag: str) -> list[tuple[bytes, str]]:
    """``count`` deliveries from 2,000 senders, one message each."""
    return [signed_body(n, tag) for n in range(count)]


def wait_for_worker(limit: float = 300.0) -> tuple[int, float]:
    """Wait until the worker has handled every stored message (each run starts from an idle
    worker, so the bare view is never measured beside a backlog); returns (backlog, seconds)."""
    from django.db import connection

    from vigia.messaging.models import InboundMessage

    pending = InboundMessage.objects.filter(processed_at__isnull=True)
    began, backlog = time.monotonic(), pending.count()
    while pending.exists() and time.monotonic() - began < limit:
        time.sleep(0.5)
    connection.close()
    return backlog, time.monotonic() - began


def start_server(port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "vigia", "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env, "VIGIA_BENCH_BARE_VIEW": "1"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: crash.py kills it all at once
    )
    for _attempt in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--preload", type=int, default=PRELOAD)
    args = parser.parse_args()
    with scratch_database(args.database_url, "webhook") as url:  # PostgreSQL: a fresh one
        args.database_url = url
        return run(args)


def run(args: argparse.Namespace) -> int:
    from vigia.messaging.fake import FakeWhatsApp

    provider = FakeWhatsApp()
    env = configure(tempfile.mkdtemp(prefix="vigia-webhook-"), args.database_url,
                    provider.start(), 80)  # fmt: skip
    env["VIGIA_WHATSAPP_APP_SECRET"] = SECRET
    os.environ["VIGIA_WHATSAPP_APP_SECRET"] = SECRET
    import django

    django.setup()
    from django.db import connection

    vendor = connection.vendor
    print(f"machine: {machine()} (2 cores shared by server, worker and load: expect noise)")
    print(f"database: {vendor}; preloading {args.preload} rows in each table")
    preload(args.preload)
    connection.close()
    port = free_port()
    server = start_server(port, env, args.workers)
    results: dict[str, list[dict[str, float]]] = {"bare": [], "webhook": []}
    try:
        for run in range(args.runs):
            for name, path in (("bare", "/hooks/bench-bare/"), ("webhook", "/hooks/whatsapp/")):
                load = Load(port, path, bodies(int(args.seconds * 1500), f"{name}{run}"))
                figures = load.run(args.concurrency, args.seconds)
                results[name].append(figures)
                rate, p99 = figures["rate"], figures["p99_ms"]
                print(f"run {run + 1} {name}: {rate:.0f}/s, p99 {p99:.0f} ms, "
                      f"errors {figures['errors']:.0f}")  # fmt: skip
                backlog, spent = wait_for_worker()
                if backlog:
                    print(f"  the worker answered the {backlog} messages still waiting "
                          f"in {spent:.1f} s after the load stopped")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
        provider.stop()
    rate = statistics.median(r["rate"] for r in results["webhook"])
    p99 = statistics.median(r["p99_ms"] for r in results["webhook"])
    bare = statistics.median(r["rate"] for r in results["bare"])
    ratio = rate / bare if bare else 0.0
    print(f"baseline (bare view, median): {bare:.0f}/s; webhook (median): {rate:.0f}/s")
    ok = rate >= GOALS[vendor] and p99 <= P99_GOAL_MS and ratio >= RATIO_GOAL
    print(
        f"RESULT webhook: rate={rate:.0f}/s p99={p99:.0f}ms bare={bare:.0f}/s "
        f"ratio={ratio:.2f} db={vendor} concurrency={args.concurrency} "
        f"workers={args.workers}; goal {'met' if ok else 'missed'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
