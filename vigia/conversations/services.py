"""Writes the chat makes on a member's own settings, audited with ids only.

These belong with the members app's services; they live here until that app offers them.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vigia.audit.chain import Actor, record
from vigia.conversations.models import NumberCheck
from vigia.indicators import services as indicators
from vigia.indicators.selectors import check_number
from vigia.members.models import Member
from vigia.zones.models import Zone


def member_actor(member: Member) -> Actor:
    return Actor("member", str(member.pk))


@transaction.atomic
def duress_word_set(*, member: Member, word: str) -> None:
    member.duress_word = word.strip()[:40]
    member.save(update_fields=["duress_word"])
    record(actor=member_actor(member), action="member.duress_word_set", obj=member)


@transaction.atomic
def zone_subscribe(*, member: Member, zone: Zone, subscribed: bool) -> None:
    if subscribed:
        member.zones.add(zone)
    else:
        member.zones.remove(zone)
    record(
        actor=member_actor(member),
        action="member.zone_subscribe" if subscribed else "member.zone_leave",
        obj=member,
        data={"zone": zone.pk},
    )


class LimitReached(Exception):
    pass


@transaction.atomic
def number_check(*, member: Member, raw: str) -> str | None:
    """The coarse category of a number (None when it is not a phone number); audited and
    limited per member per day, counted in the database."""
    # Lock her row so two look-ups at once cannot both pass the limit.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    since = timezone.now() - timedelta(days=1)
    if NumberCheck.objects.filter(member=member, at__gte=since).count() >= (
        settings.VIGIA_NUMBER_CHECKS_PER_DAY
    ):
        raise LimitReached
    from vigia.lib.phones import normalize_phone

    if normalize_phone(raw) is None:
        return None
    NumberCheck.objects.create(member=member, at=timezone.now())
    category = check_number(indicators.find("phone", raw)).category
    record(actor=member_actor(member), action="indicator.member_check", obj=member)
    return category


def member_touch(member: Member) -> None:
    """When she last wrote (the alerts issue uses it for WhatsApp's 24-hour window)."""
    Member.objects.filter(pk=member.pk).update(last_inbound_at=timezone.now())
