"""Writes on emergencies; audited with ids only (never the member's words or number)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from vigia.alerts.models import Emergency
from vigia.audit.chain import record

logger = logging.getLogger(__name__)


@transaction.atomic
def emergency_create(
    *,
    actor: Any,
    source: str,
    member: Any = None,
    thread: Any = None,
    silent: bool = False,
) -> Emergency:
    """Record that someone needs help now. The escalation (issue 6) starts from this row."""
    emergency = Emergency(
        member=member,
        thread=thread,
        channel=getattr(thread, "channel", "") or "",
        source=source,
        silent=silent,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    emergency.full_clean()
    emergency.save()
    record(
        actor=actor,
        action="emergency.create",
        obj=emergency,
        data={"source": source, "silent": silent, "member": str(member.pk) if member else ""},
    )
    logger.warning("emergency %s opened (%s)", emergency.pk, source)
    return emergency
