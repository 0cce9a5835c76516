"""`vigia worker`: the task worker (django-tasks database backend), the inbound poller and the
scheduler, each on its own thread."""

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
INBOUND_POLL_SECONDS = 0.2


def inbound_loop(stop: threading.Event) -> None:
    """Members' messages, as soon as they are stored; never behind the task queue."""
    from vigia.messaging import inbound

    while not stop.is_set():
        handled = 0
        try:
            close_old_connections()
            handled = inbound.poll()
        except Exception:
            logger.exception("inbound poll failed")
        if not handled:
            stop.wait(INBOUND_POLL_SECONDS)


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
        parser.add_argument(
            "--nice",
            type=int,
            default=0,
            help="lower this process's CPU priority by this much (vigia serve passes "
            "VIGIA_WORKER_NICE) so that acknowledging webhooks comes first on a small machine",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["nice"] > 0:
            os.nice(options["nice"])
        stop = threading.Event()
        holder = f"{socket.gethostname()}:{os.getpid()}"
        threads = [threading.Thread(target=inbound_loop, args=(stop,), daemon=True)]
        if not options["no_scheduler"]:
            threads.append(
                threading.Thread(target=scheduler_loop, args=(stop, holder), daemon=True)
            )
        for thread in threads:
            thread.start()
        try:
            # No autoreload: a restart in the middle of sends would re-send or stall them.
            call_command("db_worker", interval=options["interval"], reload=False, verbosity=0)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=5)
