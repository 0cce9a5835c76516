"""`vigia serve`: the web server (gunicorn) and the worker with its scheduler, together."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vigia.vault import state


class Command(BaseCommand):
    help = "Start the web server and the task worker (stop with Ctrl+C)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument("--threads", type=int, default=4, help="threads per web worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if state.is_locked():
            self.stderr.write(
                f"Vigía starts locked: {state.locked_reason()} It serves only the locked page."
            )
        web = [
            sys.executable, "-m", "gunicorn", "vigia.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]),
            "--threads", str(options["threads"]),
            "--worker-class", "gthread",
            "--graceful-timeout", "10",
            "--log-level", "warning",
        ]  # fmt: skip
        # The worker yields the CPU to the web processes: a provider's delivery is acknowledged
        # at once, and the answers follow as soon as the burst is over (docs/operations.md).
        nice = str(settings.VIGIA_WORKER_NICE)
        worker = [sys.executable, "-m", "vigia", "worker", "--nice", nice]
        procs = [subprocess.Popen(web), subprocess.Popen(worker)]  # noqa: S603 - fixed argv
        self.stdout.write(f"Vigía: http://{options['host']}:{options['port']}/  (Ctrl+C to stop)")
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
        if not stopping:
            stop(signal.SIGTERM, None)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
