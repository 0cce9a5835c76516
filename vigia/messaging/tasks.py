"""Worker tasks (django-tasks, database backend). Inbound messages are not tasks: the worker
polls for them on its own thread (``inbound.poll``), so a member's message never waits behind
a bulk send, and a drain runs in short slices."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from vigia.scheduling.registry import periodic

DRAIN_PRIORITY = 10


@task(priority=DRAIN_PRIORITY)
def drain_outbox() -> int:
    from vigia.messaging import outbox

    return outbox.drain()


@periodic("messaging.sweep", every=timedelta(minutes=1))
def sweep() -> None:
    from vigia.messaging import outbox

    outbox.sweep()
