"""Access to conversation threads in the coordinators' inbox.

A thread that belongs to an enrolled member is visible to staff who may see that member
(role and zones, as in the members app). A thread of someone not enrolled says nothing
about where she is, so only staff who cover every zone see it: a zone-limited coordinator
never reads strangers' messages meant for another team.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.members.access import members_for_user
from vigia.messaging.models import Thread

PERMISSION = "inbox.view"


def threads_for_user(user: Any) -> QuerySet[Thread]:
    if not can(user, PERMISSION):
        return Thread.objects.none()
    threads = Thread.objects.all()
    if zone_ids(user) is not None:
        threads = threads.filter(
            Q(owner_id__isnull=False) & Q(owner_id__in=members_for_user(user).values("pk"))
        )
    return threads


def get_thread_for_user(user: Any, pk: Any) -> Thread:
    """The thread, or the same 404 for a missing one and a forbidden one."""
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    thread = threads_for_user(user).filter(pk=pk).first()
    if thread is None:
        raise Http404
    return thread
