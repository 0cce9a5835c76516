"""Webhook deliveries survive SIGKILL: every delivery acknowledged with 200 is stored once.

Goal (issue 4): under signed WhatsApp webhook load over loopback, `vigia serve` (gunicorn
workers and the task worker, one process group) is killed with SIGKILL several times and
started again. The load generator behaves like Meta: a delivery that got no 200 (refused
connection, reset, 5xx) is sent again until it gets one. Afterwards every delivery that was
acknowledged with 200 is in the inbound log exactly once: 0 lost, 0 duplicated.
Run: `python bench/crash.py [--kills N] [--database-url postgres://...]` (PostgreSQL: a
scratch database is made on that server and dropped). Ends with one RESULT line; exit 1 on
a miss.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import configure, machine, scratch_database
from webhook import SECRET, free_port, post_signed, signed_body, start_server


class RetryingLoad:
    """``concurrency`` threads posting deliveries; one without a 200 goes back to the queue
    (as the provider retries it). New deliveries are made until ``close()`` (after the last
    kill, and not before ``minimum``); the run ends when every one made was acknowledged."""

    def __init__(self, port: int, minimum: int) -> None:
        self.port, self.minimum = port, minimum
        self.retries: collections.deque[tuple[bytes, str]] = collections.deque()
        self.made = 0
        self.lock = threading.Lock()
        self.acked: list[bytes] = []
        self.failures = 0
        self.closed = threading.Event()
        self.stop = threading.Event()

    def close(self) -> None:
        self.closed.set()

    def _next(self) -> tuple[bytes, str] | None:
        with self.lock:
            if self.retries:
                return self.retries.popleft()
            if self.closed.is_set() and self.made >= self.minimum:
                return None
            self.made += 1
            n = self.made - 1
        return signed_body(n, "crash")

    def _client(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set() and (item := self._next()) is not None:
            body, signature = item
            conn, ok = post_signed(conn, "/hooks/whatsapp/", body, signature)
            with self.lock:
                if ok:
                    self.acked.append(body)
                else:
                    self.failures += 1
                    self.retries.append(item)
            if not ok:
                time.sleep(0.05)  # the server is down: do not spin
        conn.close()

    def start(self, concurrency: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        return threads


def kill(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the whole group: gunicorn's master and workers and the task worker."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def external_id(body: bytes) -> str:
    import json

    value = json.loads(body)["entry"][0]["changes"][0]["value"]
    return str(value["messages"][0]["id"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--every", type=float, default=4.0, help="seconds between kills")
    parser.add_argument("--deliveries", type=int, default=4000, help="at least this many")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server")
    args = parser.parse_args()
    with scratch_database(args.database_url, "crash") as url:
        args.database_url = url
        return run(args)


def run(args: argparse.Namespace) -> int:
    from vigia.messaging.fake import FakeWhatsApp

    provider = FakeWhatsApp()
    env = configure(tempfile.mkdtemp(prefix="vigia-crash-"), args.database_url,
                    provider.start(), 80)  # fmt: skip
    env["VIGIA_WHATSAPP_APP_SECRET"] = os.environ["VIGIA_WHATSAPP_APP_SECRET"] = SECRET
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from vigia.messaging.models import InboundMessage

    vendor = connection.vendor
    print(f"machine: {machine()} (2 cores shared by server, worker and load: expect noise)")
    print(f"database: {vendor}; deliveries until the last restart, at least "
          f"{args.deliveries}; {args.kills} SIGKILLs")  # fmt: skip
    call_command("migrate", verbosity=0)
    connection.close()
    port = free_port()
    server = start_server(port, env, args.workers)
    load = RetryingLoad(port, args.deliveries)
    began = time.monotonic()
    threads = load.start(args.concurrency)
    kills = 0
    try:
        while kills < args.kills and any(t.is_alive() for t in threads):
            time.sleep(args.every)
            with load.lock:
                acked = len(load.acked)
            kill(server)
            kills += 1
            print(f"kill {kills}: SIGKILL after {time.monotonic() - began:.1f} s, {acked} acked")
            server = start_server(port, env, args.workers)
        load.close()  # what was made so far is retried until acknowledged; nothing new
        deadline = time.monotonic() + 300
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        load.stop.set()
        for thread in threads:
            thread.join()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill(server)
        provider.stop()
    acked_ids = [external_id(body) for body in load.acked]
    acks = collections.Counter(acked_ids)
    stored = collections.Counter(
        InboundMessage.objects.filter(channel="whatsapp", external_id__startswith="wamid.crash.")
        .values_list("external_id", flat=True)
        .iterator()
    )
    lost = sum(1 for key in acks if stored[key] == 0)
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    unacked = load.made - len(acks)
    print(
        f"acknowledged {len(acks)} distinct deliveries ({len(acked_ids)} 200s, "
        f"{load.failures} failed tries retried); stored {sum(stored.values())} rows; "
        f"never acknowledged {unacked}"
    )
    ok = kills >= args.kills and lost == 0 and duplicated == 0 and unacked == 0
    print(
        f"RESULT crash: kills={kills} acked={len(acks)} lost={lost} duplicated={duplicated} "
        f"unacked={unacked} db={vendor}; goal {'met' if ok else 'missed'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
