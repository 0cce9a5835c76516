"""Worker tasks (django-tasks, database backend). Inbound work outranks outbox draining, and
a drain runs in short slices, so a member's message never waits behind a bulk send."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from vigia.scheduling.registry import periodic

INBOUND_PRIORITY = 50
DRAIN_PRIORITY = 10


@task(priority=INBOUND_PRIORITY)
def process_thread(thread_id: str) -> int:
    from vigia.messaging import inbound

    return inbound.process_thread(thread_id)


@task(priority=DRAIN_PRIORITY)
def drain_outbox() -> int:
    from vigia.messaging import outbox

    return outbox.drain()


@periodic("messaging.sweep", every=timedelta(minutes=1))
def sweep() -> None:
    from vigia.messaging import inbound, outbox

    inbound.sweep()
    outbox.sweep()
