from __future__ import annotations

from django.db import models


class Lease(models.Model):
    """A named lock with an expiry, held by one process at a time (e.g. the scheduler)."""

    name = models.CharField(max_length=64, primary_key=True)
    holder = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class PeriodicRun(models.Model):
    """When each periodic job last ran, so a restart neither skips nor repeats it."""

    name = models.CharField(max_length=64, primary_key=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
