"""Periodic jobs: apps register them; the worker's scheduler runs the due ones.

Only the process holding the ``scheduler`` lease runs jobs, so two workers never run the same
job twice; a job's last run is stored, so a restart neither skips nor repeats it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vigia.scheduling.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


JOBS: dict[str, Job] = {}


def periodic(
    name: str, *, every: timedelta
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(func: Callable[[], object]) -> Callable[[], object]:
        JOBS[name] = Job(name, every, func)
        return func

    return register


def run_due() -> list[str]:
    """Run every job whose period has passed; returns the names that ran."""
    ran = []
    now = timezone.now()
    for job in sorted(JOBS.values(), key=lambda j: j.name):
        last = PeriodicRun.objects.filter(name=job.name).values_list("last_run_at", flat=True)
        last_run = last.first()
        if last_run is not None and now - last_run < job.every:
            continue
        try:
            job.run()
        except Exception:
            logger.exception("periodic job %s failed", job.name)
        with transaction.atomic():
            PeriodicRun.objects.update_or_create(name=job.name, defaults={"last_run_at": now})
        ran.append(job.name)
    return ran
