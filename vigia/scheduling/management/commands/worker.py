"""`vigia worker`: the task worker (django-tasks database backend) and the scheduler."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from vigia.scheduling import leases
from vigia.scheduling.registry import run_due

logger = logging.getLogger(__name__)
LEASE_SECONDS = 90
TICK_SECONDS = 15


def scheduler_loop(stop: threading.Event, holder: str) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            if leases.acquire("scheduler", holder, seconds=LEASE_SECONDS):
                run_due()
        except Exception:
            logger.exception("scheduler tick failed")
        stop.wait(TICK_SECONDS)
    leases.release("scheduler", holder)


class Command(BaseCommand):
    help = "Run the task worker and the periodic-job scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--interval", type=float, default=0.5)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        holder = f"{socket.gethostname()}:{os.getpid()}"
        thread = None
        if not options["no_scheduler"]:
            thread = threading.Thread(target=scheduler_loop, args=(stop, holder), daemon=True)
            thread.start()
        try:
            # No autoreload: a restart in the middle of sends would re-send or stall them.
            call_command("db_worker", interval=options["interval"], reload=False, verbosity=0)
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=5)
