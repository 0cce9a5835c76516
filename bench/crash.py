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
from webhook import SECRET, bodies, free_port, post_signed, start_server


class RetryingLoad:
    """``concurrency`` threads posting deliveries; one without a 200 goes back to the queue
    (as the provider retries it), so the run ends when every delivery was acknowledged."""

    def __init__(self, port: int, items: list[tuple[bytes, str]]) -> None:
        self.port = port
        self.todo: collections.deque[tuple[bytes, str]] = collections.deque(items)
        self.lock = threading.Lock()
        self.acked: list[bytes] = []
        self.failures = 0
        self.stop = threading.Event()

    def _client(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.stop.is_set():
            with self.lock:
                item = self.todo.popleft() if self.todo else None
            if item is None:
                break
            body, signature = item
            conn, ok = post_signed(conn, "/hooks/whatsapp/", body, signature)
            with self.lock:
                if ok:
                    self.acked.append(body)
                else:
                    self.failures += 1
                    self.todo.append(item)
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
    parser.add_argument("--deliveries", type=int, default=4000)
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
    print(f"database: {vendor}; {args.deliveries} deliveries; {args.kills} SIGKILLs")
    call_command("migrate", verbosity=0)
    connection.close()
    items = bodies(args.deliveries, "crash")
    port = free_port()
    server = start_server(port, env, args.workers)
    load = RetryingLoad(port, items)
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
    unacked = args.deliveries - len(acks)
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
