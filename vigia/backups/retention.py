"""Retention: what Vigía stops keeping, and when, applied daily by the scheduler.

- Raw provider messages: their sealed payload is dropped after VIGIA_RETENTION_RAW_DAYS once
  processed (the row stays, without content, so a provider's late retry is still ignored).
- Attachments: deleted after VIGIA_RETENTION_ATTACHMENT_DAYS when set (0 keeps them: they
  are evidence).
- Contacts of inactive members: after VIGIA_RETENTION_INACTIVE_DAYS without any message
  (0 keeps them), the member is erased by key destruction, as if she had sent BORRAR.
Each run is audited with counts only, never with what was removed.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vigia.audit.chain import SYSTEM, record
from vigia.incidents import media
from vigia.incidents.models import Attachment
from vigia.members.models import Member
from vigia.members.services import member_erase
from vigia.messaging.models import InboundMessage
from vigia.scheduling.registry import periodic


def apply_retention() -> dict[str, int]:
    now = timezone.now()
    counts = {"raw_messages": 0, "attachments": 0, "members": 0}
    if settings.VIGIA_RETENTION_RAW_DAYS:
        cutoff = now - timedelta(days=settings.VIGIA_RETENTION_RAW_DAYS)
        counts["raw_messages"] = InboundMessage.objects.filter(
            received_at__lt=cutoff, processed_at__isnull=False, raw__isnull=False
        ).update(raw=None)
    if settings.VIGIA_RETENTION_ATTACHMENT_DAYS:
        cutoff = now - timedelta(days=settings.VIGIA_RETENTION_ATTACHMENT_DAYS)
        for attachment in Attachment.objects.filter(created_at__lt=cutoff).iterator():
            with transaction.atomic():
                media.delete(str(attachment.pk))
                attachment.delete()
            counts["attachments"] += 1
    if settings.VIGIA_RETENTION_INACTIVE_DAYS:
        cutoff = now - timedelta(days=settings.VIGIA_RETENTION_INACTIVE_DAYS)
        inactive = Member.objects.filter(status=Member.Status.ACTIVE).filter(
            Q(last_inbound_at__lt=cutoff) | Q(last_inbound_at__isnull=True, enrolled_at__lt=cutoff)
        )
        for member in inactive.iterator():
            member_erase(actor=SYSTEM, member=member)
            counts["members"] += 1
    with transaction.atomic():
        record(actor=SYSTEM, action="retention.apply", data=counts)
    return counts


periodic("retention", every=timedelta(hours=24))(apply_retention)
