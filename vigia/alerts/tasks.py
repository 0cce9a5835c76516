"""The worker's periodic jobs for alerts and emergencies (run by the scheduler thread of
``vigia worker``, which ticks every 15 seconds: escalation is that precise)."""

from __future__ import annotations

from datetime import timedelta

from vigia.scheduling.registry import periodic


@periodic("alerts.escalate", every=timedelta(seconds=10))
def escalate() -> None:
    from vigia.alerts.emergencies import escalate_due

    escalate_due()


@periodic("alerts.release", every=timedelta(minutes=1))
def release() -> None:
    from vigia.alerts.delivery import release_due
    from vigia.alerts.services import expire_due

    expire_due()
    release_due()
