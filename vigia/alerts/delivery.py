"""Fan-out of an approved alert: who gets it, when, and how it enters the outbox.

Each member's copy is a :class:`Delivery` row first. Copies that may go now are put in the
outbox at once, paced per channel (the n-th copy on a channel is not due before n / rate
seconds), so that the outbox, which sends the oldest due message first, interleaves the
channels instead of stalling every channel behind the slowest one. Copies held by a
member's quiet hours or by WhatsApp's daily messaging tier wait as ``scheduled`` rows; the
worker's ``alerts.release`` job queues them when due, checking again that she may still
receive alerts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vigia.alerts.models import Alert, Delivery, QuietHours
from vigia.alerts.selectors import recipients, whatsapp_used_today, whatsapp_window_open
from vigia.members.models import Member
from vigia.members.services import has_consent
from vigia.messaging import outbox
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage, Thread
from vigia.messaging.services import thread_link_owner

logger = logging.getLogger(__name__)
DAY = timedelta(days=1)


def reminder() -> str:
    return _(
        "Recuerda: los números cambian de dueño y las cuentas pueden ser de personas pagadas "
        "para prestarlas. No confrontes a nadie; cuídate."
    )


def message_text(alert: Alert, language: str = "es") -> str:
    """What a member reads: the alert, marked as a correction where it is one, and the
    reminder about reassigned numbers and mule accounts, in her language."""
    with translation.override(language or "es"):
        head = _("Alerta de Vigía")
        if alert.corrects_id is not None and alert.corrects is not None:
            when = date_format(
                timezone.localtime(alert.corrects.sent_at or alert.corrects.created_at), "j M"
            )
            head = _("Corrección de la alerta del %(date)s") % {"date": when}
        return f"{head}: {alert.text or ''}\n\n{reminder()}"


def withdrawal_text(alert: Alert, language: str = "es") -> str:
    with translation.override(language or "es"):
        when = date_format(timezone.localtime(alert.sent_at or alert.created_at), "j M")
        return _("La alerta del %(date)s fue retirada: no la tomes en cuenta.") % {"date": when}


def quiet_until(member_id: Any, now: datetime, quiet: dict[Any, QuietHours]) -> datetime | None:
    """The end of her quiet hours when ``now`` falls inside them, else None."""
    hours = quiet.get(member_id)
    if hours is None or hours.starts == hours.ends:
        return None
    local = timezone.localtime(now)
    t = local.time()
    inside = (
        hours.starts <= t < hours.ends
        if hours.starts < hours.ends
        else (t >= hours.starts or t < hours.ends)
    )
    if not inside:
        return None
    end = local.replace(hour=hours.ends.hour, minute=hours.ends.minute, second=0, microsecond=0)
    return end if end > local else end + DAY


@dataclass
class Plan:
    """When each recipient's copy may go, and why it waits."""

    due: dict[Any, tuple[datetime, str]]
    tier_days: int  # how many extra days the WhatsApp tier spreads the alert over


def plan(alert: Alert, members: list[Member], now: datetime) -> Plan:
    quiet = {q.member_id: q for q in QuietHours.objects.filter(member__in=members)}
    tier = settings.VIGIA_WHATSAPP_TIER
    room = max(0, tier - whatsapp_used_today(now))
    due: dict[Any, tuple[datetime, str]] = {}
    opened = 0  # WhatsApp conversations this alert opens (outside the 24-hour window)
    tier_days = 0
    windows = whatsapp_window_open(members, now)
    for member in members:
        at, reason = now, ""
        if member.channel == "whatsapp" and member.pk not in windows:
            if opened >= room:
                days = 1 + (opened - room) // tier
                at, reason = now + days * DAY, "tier"
                tier_days = max(tier_days, days)
            opened += 1
        quiet_end = quiet_until(member.pk, at, quiet)
        if quiet_end is not None:
            at, reason = quiet_end, "quiet_hours"
        due[member.pk] = (at, reason)
    return Plan(due, tier_days)


def _thread(member: Member) -> Thread:
    thread = thread_for(member.channel, str(member.address or ""))
    if thread.owner_id != member.pk:
        thread_link_owner(thread=thread, owner_id=member.pk)
    return thread


def _put(delivery: Delivery, member: Member, text: str, not_before: datetime) -> None:
    message = outbox.put(
        thread=_thread(member),
        text=text,
        priority=OutboundMessage.Priority.BULK,
        language=member.language or "es",
        not_before=not_before,  # pacing (see the module docstring)
    )
    delivery.message, delivery.state, delivery.reason = message, Delivery.State.QUEUED, ""


def fan_out(alert: Alert) -> int:
    """Create every member's copy; queue those that may go now. Returns how many copies."""
    now = timezone.now()
    members = list(recipients(alert))
    schedule = plan(alert, members, now)
    gaps = {ch: outbox.limits(ch)[0] for ch in ("whatsapp", "telegram", "sms")}
    seen: dict[str, int] = defaultdict(int)
    rows = []
    for member in members:
        at, reason = schedule.due[member.pk]
        delivery = Delivery(
            alert=alert, member=member, channel=member.channel, due_at=at, reason=reason
        )
        if at <= now:
            paced = now + timedelta(seconds=seen[member.channel] * gaps.get(member.channel, 0.0))
            seen[member.channel] += 1
            _put(delivery, member, message_text(alert, member.language), paced)
        rows.append(delivery)
    Delivery.objects.bulk_create(rows, batch_size=500)
    logger.info("alert %s: %d copies, %d queued now", alert.pk, len(rows), sum(seen.values()))
    return len(rows)


def still_eligible(alert: Alert, member: Member, now: datetime) -> str:
    """Empty when her copy may go; otherwise the reason code it is skipped."""
    if alert.status != Alert.Status.SENT:
        return str(alert.status)
    if alert.expires_at is not None and alert.expires_at <= now:
        return "expired"
    if not member.reachable:
        return "unreachable"
    if not has_consent(member, "alerts"):
        return "no_consent"
    return ""


def release_due(now: datetime | None = None) -> int:
    """Queue the scheduled copies that are due (the worker's ``alerts.release`` job)."""
    now = now or timezone.now()
    released = 0
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Delivery.State.SCHEDULED, due_at__lte=now)
            .select_related("alert", "member", "alert__corrects")[:1000]
        )
        for delivery in due:
            skip = still_eligible(delivery.alert, delivery.member, now)
            if skip:
                delivery.state, delivery.reason = Delivery.State.SKIPPED, skip[:40]
            else:
                _put(
                    delivery,
                    delivery.member,
                    message_text(delivery.alert, delivery.member.language),
                    now,
                )
                released += 1
            delivery.save(update_fields=["state", "reason", "message"])
    return released


def stop(alert: Alert, reason: str) -> int:
    """Cancel what has not gone yet; tell those who already got it (withdrawal)."""
    Delivery.objects.filter(alert=alert, state=Delivery.State.SCHEDULED).update(
        state=Delivery.State.SKIPPED, reason=reason
    )
    # A copy already being sent ("sending") is left to finish by the outbox.
    cancelled = outbox.cancel(
        Delivery.objects.filter(alert=alert, message__isnull=False).values_list(
            "message_id", flat=True
        )
    )
    Delivery.objects.filter(alert=alert, message__status=OutboundMessage.Status.CANCELLED).update(
        state=Delivery.State.SKIPPED, reason=reason
    )
    return cancelled


def received(alert: Alert) -> list[Delivery]:
    """Copies that reached (or at least left for) the member's phone."""
    gone = [
        OutboundMessage.Status.SENT,
        OutboundMessage.Status.DELIVERED,
        OutboundMessage.Status.READ,
        OutboundMessage.Status.SENDING,
    ]
    return list(
        Delivery.objects.filter(alert=alert, message__status__in=gone).select_related("member")
    )


def tell_withdrawn(alert: Alert) -> int:
    told = 0
    for delivery in received(alert):
        member = delivery.member
        if member.reachable:
            outbox.put(
                thread=_thread(member),
                text=withdrawal_text(alert, member.language),
                priority=OutboundMessage.Priority.BULK,
                language=member.language or "es",
            )
            told += 1
    return told
