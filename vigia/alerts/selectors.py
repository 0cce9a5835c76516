"""Reads for alerts: who an alert reaches, how each channel shows it, how delivery went."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigia.alerts.models import Alert, Delivery, Emergency
from vigia.members.models import Member
from vigia.messaging.models import OutboundMessage, Thread

SENDABLE = ("whatsapp", "telegram", "sms")  # the web chat has no push: it cannot be alerted
WINDOW = timedelta(hours=24)
SMS_SEGMENT = 153  # characters per part of a long SMS (GSM-7, with the joining header)


def recipients(alert: Alert) -> QuerySet[Member]:
    """Enrolled, non-compromised members of the alert's zones who consented to alerts."""
    members = Member.objects.filter(
        status=Member.Status.ACTIVE,
        compromised_at__isnull=True,
        channel__in=[alert.channel] if alert.channel else SENDABLE,
        zones__in=alert.zones.all(),
        consents__purpose="alerts",
        consents__withdrawn_at__isnull=True,
    ).exclude(address_index="")
    if alert.language:
        members = members.filter(language=alert.language)
    return members.distinct().order_by("pk")


def whatsapp_window_open(members: list[Member], now: datetime) -> set[Any]:
    """Members who wrote on WhatsApp in the last 24 hours (free-form messages allowed)."""
    ids = [m.pk for m in members if m.channel == "whatsapp"]
    found = Thread.objects.filter(
        channel="whatsapp", owner_id__in=ids, last_inbound_at__gte=now - WINDOW
    ).values_list("owner_id", flat=True)
    return set(found)


def whatsapp_used_today(now: datetime) -> int:
    """Conversations opened by us (templates) in the last 24 hours: they count in the tier."""
    return (
        OutboundMessage.objects.filter(
            channel="whatsapp", used_template=True, created_at__gte=now - WINDOW
        )
        .exclude(status=OutboundMessage.Status.CANCELLED)
        .values("thread_id")
        .distinct()
        .count()
    )


@dataclass
class Preview:
    total: int
    by_channel: dict[str, int]
    whatsapp_in_window: int
    whatsapp_template: int
    sms_parts: int
    text: str
    tier: int
    tier_room: int
    delay_days: int
    needs_second_approval: bool
    reasons: list[str] = field(default_factory=list)


def preview(alert: Alert, *, reasons: list[str], text: str) -> Preview:
    """How the alert will show on each channel and whether the WhatsApp tier delays it."""
    now = timezone.now()
    members = list(recipients(alert))
    by_channel = Counter(m.channel for m in members)
    open_window = whatsapp_window_open(members, now)
    template = by_channel["whatsapp"] - len(open_window)
    tier = settings.VIGIA_WHATSAPP_TIER
    room = max(0, tier - whatsapp_used_today(now))
    delay = 0 if template <= room else math.ceil((template - room) / tier)
    return Preview(
        total=len(members),
        by_channel=dict(by_channel),
        whatsapp_in_window=len(open_window),
        whatsapp_template=template,
        sms_parts=1 if len(text) <= 160 else math.ceil(len(text) / SMS_SEGMENT),
        text=text,
        tier=tier,
        tier_room=room,
        delay_days=delay,
        needs_second_approval=bool(reasons),
        reasons=reasons,
    )


SKIP_REASONS: dict[str, Any] = {
    **{str(status.value): status.label for status in Alert.Status},
    "expired": _("Vencida"),
    "unreachable": _("Teléfono comprometido o datos borrados"),
    "no_consent": _("Retiró su consentimiento para alertas"),
}


@dataclass
class Report:
    total: int
    scheduled: int
    skipped: dict[str, int]
    statuses: dict[str, int]
    failures: dict[str, int]
    templates: int

    def status_rows(self) -> list[tuple[str, int]]:
        """The outbox statuses as a coordinator reads them."""
        return [(str(OutboundMessage.Status(code).label), n) for code, n in self.statuses.items()]

    def skipped_rows(self) -> list[tuple[str, int]]:
        return [(str(SKIP_REASONS.get(code, code)), n) for code, n in self.skipped.items()]


def delivery_report(alert: Alert) -> Report:
    """Per alert: scheduled, skipped (why), and the outbox rows' statuses with reasons."""
    deliveries = Delivery.objects.filter(alert=alert)
    states = dict(deliveries.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    skipped = dict(
        deliveries.filter(state=Delivery.State.SKIPPED)
        .values_list("reason")
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    messages = OutboundMessage.objects.filter(pk__in=deliveries.values("message_id"))
    statuses = dict(
        messages.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    failures = dict(
        messages.filter(status__in=["failed", "opted_out"])
        .values_list("error_code")
        .annotate(n=Count("pk"))
        .values_list("error_code", "n")
    )
    # Members outside WhatsApp's window got the content-free invitation first.
    held = messages.filter(status=OutboundMessage.Status.HELD).count()
    return Report(
        total=sum(states.values()),
        scheduled=states.get(Delivery.State.SCHEDULED, 0),
        skipped=skipped,
        statuses=statuses,
        failures={code or "—": n for code, n in failures.items()},
        templates=held,
    )


def open_emergencies() -> QuerySet[Emergency]:
    return Emergency.objects.filter(
        Q(status=Emergency.Status.OPEN) | Q(status=Emergency.Status.ACKNOWLEDGED)
    ).order_by("-created_at")
