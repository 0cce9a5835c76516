"""A zone alert to 5,000 members across WhatsApp, Telegram and SMS, with an emergency
raised in the middle of the fan-out.

Goal (issue 6): through the real services (alert_draft → alert_submit → fan-out into the
outbox) and the real worker (`vigia worker`, a separate process) sending over loopback to
fake providers that answer 429 above their limits (WhatsApp 80/s, Telegram 30/s, SMS 10/s):
each channel achieves >= 95% of its allowed rate, 0 copies lost, 0 sent twice, and an
emergency opened mid-fan-out reaches its first on-call responder (Telegram) within 2 s.
Members are split across channels in proportion to their rates (so that each channel is
busy for about the same time). Run: `python bench/alerts.py [--members N]
[--database-url postgres://...]`. Ends with one RESULT line; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RATES = {"whatsapp": 80, "telegram": 30, "sms": 10}
GOAL_SHARE = 0.95
GOAL_EMERGENCY_S = 2.0
RESPONDER_CHAT = "990001"


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


def configure(database_url: str, bases: dict[str, str]) -> dict[str, str]:
    env = {
        "VIGIA_DEV": "1",
        "VIGIA_DATA_DIR": tempfile.mkdtemp(prefix="vigia-alerts-"),
        "DJANGO_SETTINGS_MODULE": "vigia.settings",
        "VIGIA_WHATSAPP_API_BASE": bases["whatsapp"],
        "VIGIA_WHATSAPP_ACCESS_TOKEN": "bench-token",
        "VIGIA_WHATSAPP_APP_SECRET": "bench-secret",
        "VIGIA_WHATSAPP_VERIFY_TOKEN": "bench-verify",
        "VIGIA_WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "VIGIA_TELEGRAM_API_BASE": bases["telegram"],
        "VIGIA_TELEGRAM_BOT_TOKEN": "1:bench",
        "VIGIA_TELEGRAM_SECRET_TOKEN": "bench",
        "VIGIA_SMS_API_BASE": bases["sms"],
        "VIGIA_SMS_ACCOUNT": "ACbench",
        "VIGIA_SMS_AUTH_TOKEN": "bench",
        "VIGIA_SMS_FROM": "+51900000000",
        "VIGIA_WHATSAPP_RATE": str(RATES["whatsapp"]),
        "VIGIA_TELEGRAM_RATE": str(RATES["telegram"]),
        "VIGIA_SMS_RATE": str(RATES["sms"]),
        "VIGIA_WHATSAPP_TIER": "100000",
        "VIGIA_ALERT_APPROVAL_OVER": "100000",
        "VIGIA_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    os.environ.update(env)
    return env


def split(total: int) -> dict[str, int]:
    whole = sum(RATES.values())
    counts = {ch: total * rate // whole for ch, rate in RATES.items()}
    counts["whatsapp"] += total - sum(counts.values())
    return counts


def prepare(total: int) -> tuple[object, object]:
    """Members, a verified incident, an on-call responder; returns (alert, responder)."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from vigia.accounts import services as accounts
    from vigia.alerts import emergencies, services
    from vigia.incidents import services as incidents
    from vigia.incidents.models import EventType, PerpetratorType
    from vigia.members import services as members
    from vigia.messaging.ingest import thread_for
    from vigia.messaging.models import Thread
    from vigia.zones.models import Zone

    call_command("migrate", verbosity=0)
    lince = Zone.objects.get(ubigeo="150116")
    admin = accounts.staff_create(actor=None, username="bench", password="x" * 12, role="admin")
    n = 0
    for channel, count in split(total).items():
        for _ in range(count):
            n += 1
            address = str(7_000_000 + n) if channel == "telegram" else f"+51910{n:06d}"
            member = members.member_enrol(
                actor=admin,
                pseudonym="M",
                channel=channel,
                address=address,
                zones=[lince],
                consents=["alerts"],
            )
            if channel == "whatsapp":  # she wrote today: the 24-hour window is open
                thread = thread_for(channel, address)
                Thread.objects.filter(pk=thread.pk).update(
                    owner_id=member.pk, last_inbound_at=timezone.now()
                )
    item = incidents.incident_create(
        actor=admin,
        event_type=EventType.objects.get(
            code="attack" if EventType.objects.filter(code="attack").exists() else "assault"
        ),
        date=timezone.localdate(),
        zone=lince,
        perpetrator_type=PerpetratorType.objects.get(code="criminal_group"),
        narrative="x",
    )
    incidents.source_add(actor=admin, incident=item, kind="hotline")
    incidents.incident_transition(actor=admin, incident=item, status="verified", note="bench")
    responder = accounts.staff_create(
        actor=None, username="guardia", password="x" * 12, role="responder"
    )
    emergencies.responder_contact_set(
        actor=admin, user=responder, channel="telegram", address=RESPONDER_CHAT
    )
    now = timezone.now()
    emergencies.shift_create(
        actor=admin, responder=responder, starts_at=now, ends_at=now + timedelta(hours=2)
    )
    alert = services.alert_draft(
        actor=admin,
        kind="attack",
        text="Ataques de noche en la zona: cuídense.",
        zones=[lince],
        incidents=[item],
    )
    return alert, admin


EMERGENCY = (
    "import time, django; django.setup(); from vigia.alerts import emergencies; "
    "emergencies.emergency_create(actor=None, source='keyword'); print(time.time())"
)


def raise_emergency(env: dict[str, str]) -> float:
    """Open an emergency (as AYUDA does) in another process; returns when it was committed.
    (Done here, Django's work would hold this process's GIL and delay the fake providers'
    answers, which would then count a burst of arrivals that the worker never sent.)"""
    done = subprocess.run(
        [sys.executable, "-c", EMERGENCY],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server (a scratch database is made)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from fanout import scratch_database

    with scratch_database(args.database_url, "alerts") as url:
        args.database_url = url
        return run(args)


def run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    from vigia.alerts.tests.fakes import FakeProvider
    from vigia.messaging.fake import FakeWhatsApp

    # Both fakes offer start(), stop(), sent and throttled; typed loosely to mix them.
    fakes: dict[str, Any] = {
        "whatsapp": FakeWhatsApp(rate_limit=RATES["whatsapp"]),
        "telegram": FakeProvider("telegram", rate_limit=RATES["telegram"]),
        "sms": FakeProvider("sms", rate_limit=RATES["sms"]),
    }
    bases = {ch: fake.start() for ch, fake in fakes.items()}
    env = configure(args.database_url, bases)
    import django

    django.setup()
    from django.db import connection

    from vigia.alerts import services
    from vigia.alerts.models import Delivery

    print(f"machine: {machine()} (2 cores shared with other engineers: expect noise)")
    print(f"database: {connection.vendor}; members per channel: {split(args.members)}")
    began = time.perf_counter()
    alert, admin = prepare(args.members)
    print(f"prepared in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    services.alert_submit(actor=admin, alert=alert, checklist_confirmed=True)  # type: ignore[arg-type]
    print(f"alert approved and fanned out into the outbox in {time.perf_counter() - began:.1f} s")
    connection.close()

    worker = subprocess.Popen(
        [sys.executable, "-m", "vigia", "worker", "--no-scheduler", "--interval", "0.1"],
        env={**os.environ, **env},
        cwd=ROOT,
    )
    expected = args.members
    longest = max(count / RATES[ch] for ch, count in split(args.members).items())
    deadline = time.monotonic() + longest + 90
    emergency_at = None
    try:
        while time.monotonic() < deadline:
            time.sleep(0.5)
            sent = sum(len(f.sent) for f in fakes.values())
            if emergency_at is None and sent >= expected // 2:
                emergency_at = raise_emergency(env)
            if sent >= expected + 1 and emergency_at is not None:
                break
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        for fake in fakes.values():
            fake.stop()

    ok = True
    parts = []
    for channel, fake in fakes.items():
        items = [
            s
            for s in fake.sent
            if str(s.get("to") if channel != "telegram" else s["to"]) != RESPONDER_CHAT
        ]
        per = collections.Counter(str(s.get("to")) for s in items)
        duplicated = sum(n - 1 for n in per.values() if n > 1)
        lost = split(args.members)[channel] - len(per)
        times = sorted(float(s["_at"]) for s in items)
        span = times[-1] - times[0] if len(times) > 1 else 0.0
        rate = (len(times) - 1) / span if span else 0.0
        share = rate / RATES[channel]
        ok &= share >= GOAL_SHARE and lost == 0 and duplicated == 0
        print(
            f"{channel}: {len(times)} sent, 429s {fake.throttled}, {rate:.1f}/s "
            f"({share:.1%}), lost {lost}, duplicated {duplicated}"
        )
        parts.append(
            f"{channel}_share={share:.3f} {channel}_lost={lost} {channel}_dup={duplicated}"
        )
    reached = [float(s["_at"]) for s in fakes["telegram"].sent if s["to"] == RESPONDER_CHAT]
    latency = (reached[0] - emergency_at) if reached and emergency_at else float("inf")
    ok &= latency <= GOAL_EMERGENCY_S
    print(f"emergency opened mid-fan-out reached the responder after {latency:.2f} s")
    statuses = collections.Counter(Delivery.objects.values_list("message__status", flat=True))
    print(f"alert copies by outbox status: {dict(statuses)}")
    print(
        f"RESULT alerts: {' '.join(parts)} emergency_s={latency:.2f} db={connection.vendor}; "
        f"goal {'met' if ok else 'missed'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
