"""Outbox fan-out against a provider that enforces its rate limit.

Goal (issue 4): 5,000 outbound WhatsApp messages (one to each of 5,000 members, as a zone
alert does) drained by the real worker (`vigia worker`, a separate process) through the real
WhatsApp transport to the local fake Cloud API (vigia/messaging/fake.py, on 127.0.0.1), which
answers 429 above 80 messages in any one second, as Meta does. Achieved rate >= 95% of the
allowed rate, 0 messages lost, 0 sent twice.
Run: `python bench/fanout.py [--messages N] [--rate R] [--database-url postgres://...]`.
Ends with the RESULT line of contracts.md §6; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
GOAL_SHARE = 0.95
TIMEOUT_EXTRA_S = 60.0


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


@contextlib.contextmanager
def scratch_database(url: str, name: str) -> Iterator[str]:
    """A fresh PostgreSQL database beside the one ``url`` names, dropped afterwards: a
    benchmark starts from nothing and never touches a database someone uses. Empty ``url``
    (SQLite) passes through."""
    if not url:
        yield ""
        return
    import psycopg

    parts = urlsplit(url)
    scratch = f"vigia_bench_{name}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')  # a fixed name built from an int
    try:
        yield urlunsplit(parts._replace(path=f"/{scratch}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def configure(data_dir: str, database_url: str, api_base: str, rate: int) -> dict[str, str]:
    env = {
        "VIGIA_DEV": "1",
        "VIGIA_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "vigia.settings",
        "VIGIA_WHATSAPP_API_BASE": api_base,
        "VIGIA_WHATSAPP_ACCESS_TOKEN": "bench-token",
        "VIGIA_WHATSAPP_APP_SECRET": "bench-secret",
        "VIGIA_WHATSAPP_VERIFY_TOKEN": "bench-verify",
        "VIGIA_WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "VIGIA_WHATSAPP_RATE": str(rate),
        "VIGIA_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    return env


def queue(count: int) -> None:
    """One message to each of ``count`` recipients who wrote recently (window open)."""
    from django.core.management import call_command
    from django.utils import timezone

    from vigia.messaging import ingest, outbox
    from vigia.messaging.models import OutboundMessage, Thread

    call_command("migrate", verbosity=0)
    now = timezone.now()
    threads = []
    for n in range(count):
        address = f"+51900{n:06d}"
        threads.append(
            Thread(
                channel="whatsapp",
                address=address,
                address_index=ingest.address_index("whatsapp", address),
                last_inbound_at=now,
            )
        )
    Thread.objects.bulk_create(threads, batch_size=1000)
    OutboundMessage.objects.bulk_create(
        (
            OutboundMessage(
                thread=thread,
                channel="whatsapp",
                address=thread.address,
                body={"text": "Aviso de prueba", "buttons": [], "language": "es"},
                priority=OutboundMessage.Priority.BULK,
                next_attempt_at=now,
            )
            for thread in threads
        ),
        batch_size=1000,
    )
    outbox.kick()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--rate", type=int, default=80, help="the provider's limit per second")
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server (a scratch database is made)"
    )
    args = parser.parse_args()
    with scratch_database(args.database_url, "fanout") as url:
        args.database_url = url
        return run(args)


def run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    from vigia.messaging.fake import FakeWhatsApp

    provider = FakeWhatsApp(rate_limit=args.rate)
    base = provider.start()
    data_dir = tempfile.mkdtemp(prefix="vigia-fanout-")
    env = configure(data_dir, args.database_url, base, args.rate)
    import django

    django.setup()
    from django.db import connection

    from vigia.messaging.models import OutboundMessage

    print(f"machine: {machine()} (cores shared with other work: expect noise)")
    print(f"database: {connection.vendor}; {args.messages} messages; limit {args.rate}/s")
    began = time.perf_counter()
    queue(args.messages)
    print(f"queued in {time.perf_counter() - began:.1f} s")
    connection.close()

    worker = subprocess.Popen(
        # django-tasks' runner itself: `vigia worker` reloads on code changes in dev mode,
        # which other work on this machine would trigger mid-run.
        [sys.executable, "-m", "vigia", "db_worker", "--no-reload", "--interval", "0.1"],
        env={**os.environ, **env},
        cwd=ROOT,
    )
    deadline = time.monotonic() + args.messages / args.rate + TIMEOUT_EXTRA_S
    try:
        while time.monotonic() < deadline:
            time.sleep(1.0)
            pending = OutboundMessage.objects.exclude(status="sent").count()
            connection.close()
            if pending == 0:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        provider.stop()

    statuses = collections.Counter(OutboundMessage.objects.values_list("status", flat=True))
    per_recipient = collections.Counter(str(item.get("to")) for item in provider.sent)
    duplicated = sum(n - 1 for n in per_recipient.values() if n > 1)
    lost = args.messages - len(per_recipient)
    times = sorted(float(item["_at"]) for item in provider.sent)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else 0.0
    share = rate / args.rate
    print(f"accepted by the provider: {len(times)}; refused with 429: {provider.throttled}")
    print(f"outbox statuses: {dict(statuses)}")
    print(f"first to last accepted send: {span:.1f} s; achieved {rate:.1f}/s ({share:.1%})")
    ok = share >= GOAL_SHARE and lost == 0 and duplicated == 0
    print(
        f"RESULT fanout: rate={rate:.1f}/s share={share:.3f} lost={lost} "
        f"duplicated={duplicated} throttled={provider.throttled} db={connection.vendor}; "
        f"goal {'met' if ok else 'missed'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
