"""Leases in the database: exactly one holder at a time across processes and machines."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from vigia.scheduling.models import Lease


def acquire(name: str, holder: str, *, seconds: int) -> bool:
    """Take or renew the lease if it is free, expired or already ours (one atomic UPDATE)."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    free = Q(holder=holder) | Q(expires_at__lt=now)
    if Lease.objects.filter(Q(name=name) & free).update(holder=holder, expires_at=until):
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:
        return False  # someone else holds it
    return True


def release(name: str, holder: str) -> None:
    Lease.objects.filter(name=name, holder=holder).delete()
