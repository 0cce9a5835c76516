from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from vigia.scheduling import leases
from vigia.scheduling.models import PeriodicRun
from vigia.scheduling.registry import JOBS, periodic, run_due

pytestmark = pytest.mark.django_db


def test_only_one_holder_gets_the_lease_until_it_expires() -> None:
    with time_machine.travel("2026-05-01 12:00 +00:00", tick=False) as clock:
        assert leases.acquire("scheduler", "a", seconds=90)
        assert not leases.acquire("scheduler", "b", seconds=90)
        assert leases.acquire("scheduler", "a", seconds=90)  # renewal by the holder
        clock.shift(91)
        assert leases.acquire("scheduler", "b", seconds=90)  # a died: b takes over
        assert not leases.acquire("scheduler", "a", seconds=90)
        leases.release("scheduler", "b")
        assert leases.acquire("scheduler", "a", seconds=90)


def test_a_periodic_job_runs_once_per_period_even_across_restarts() -> None:
    calls: list[int] = []
    periodic("test-job", every=timedelta(minutes=10))(lambda: calls.append(1))
    try:
        with time_machine.travel("2026-05-01 12:00 +00:00", tick=False) as clock:
            assert "test-job" in run_due()
            assert "test-job" not in run_due()
            clock.shift(9 * 60)
            assert "test-job" not in run_due()
            clock.shift(2 * 60)
            assert "test-job" in run_due()
        assert len(calls) == 2
        assert PeriodicRun.objects.filter(name="test-job").exists()
    finally:
        JOBS.pop("test-job", None)


def test_a_failing_job_does_not_stop_the_others() -> None:
    calls: list[str] = []

    def broken() -> None:
        raise RuntimeError("boom")

    periodic("test-broken", every=timedelta(minutes=1))(broken)
    periodic("test-fine", every=timedelta(minutes=1))(lambda: calls.append("fine"))
    try:
        ran = run_due()
        assert "test-broken" in ran and "test-fine" in ran and calls == ["fine"]
    finally:
        JOBS.pop("test-broken", None)
        JOBS.pop("test-fine", None)
