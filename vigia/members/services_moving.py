"""Moving members off a lost channel: a banned WhatsApp number, a replaced one, a lost bot.

A run takes every active member whose main contact is on the lost channel (optionally in
one zone) and, for each one not invited yet, queues a content-free invitation through the
first of the given channels that still works for her:

- another contact of hers on that channel (a coordinator recorded it): the message carries
  a fresh one-time code (``member_reissue_code``), and when she sends that code from her new
  number or chat, the ordinary enrolment by code (``member_claim_code``) moves her: the same
  member, with her history, consents and zones, and her old contact retired;
- her own contact on the lost channel itself, when the organization only replaced its
  number (a new WhatsApp phone number id, a new SMS sender): no code is needed, her address
  has not changed; the new number writes first (on WhatsApp with the approved template:
  no 24-hour window is open with a number she never wrote to).

A compromised member gets nothing. A member with no working contact is recorded as such,
so that a coordinator reaches her in person. Every run is recorded (``ChannelMove``, one
``MoveInvitation`` per member) and each member is handled in her own transaction: running
again, or after an interruption, invites only those not invited yet (or whose code expired).

``members`` imports no messaging: the conversations app registers in ``SENDERS`` the function
that puts an invitation in the outbox. Audit events and logs carry ids and channels only.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.members.models import Channel, ChannelMove, Member, MoveInvitation
from vigia.members.services import CODE_DAYS, MemberError, member_reissue_code
from vigia.zones.models import Zone

logger = logging.getLogger(__name__)
State = MoveInvitation.State
MOVABLE = (Channel.WHATSAPP, Channel.TELEGRAM, Channel.SMS)
# Channels whose organization's number can be replaced while members keep their address
# (a new Telegram bot cannot write first to anyone: it is not a "new number").
NEW_NUMBER_CHANNELS = (Channel.WHATSAPP, Channel.SMS)


@dataclass(frozen=True)
class Invitation:
    """One message to put in the outbox for one member."""

    member: Member
    channel: str
    address: str
    text: str
    new_number: bool  # the same channel from the organization's new number


# The outbox's sender, registered by the conversations app: False when that address cannot
# be used (it belongs to another member), and then nothing was queued.
SENDERS: list[Callable[[Invitation], bool]] = []


@dataclass
class MoveResult:
    move: ChannelMove | None
    dry_run: bool = False
    invited: int = 0
    already_invited: int = 0
    moved: int = 0
    compromised: int = 0
    no_channel: list[Member] = field(default_factory=list)
    remaining: int = 0  # not handled yet: a run stopped by its time budget


def channel_ready(channel: str) -> bool:
    """Whether Vigía can send on this channel (its settings are set)."""
    if channel == Channel.WHATSAPP:
        return bool(
            settings.VIGIA_WHATSAPP_ACCESS_TOKEN and settings.VIGIA_WHATSAPP_PHONE_NUMBER_ID
        )
    if channel == Channel.TELEGRAM:
        return bool(settings.VIGIA_TELEGRAM_BOT_TOKEN)
    if channel == Channel.SMS:
        return bool(settings.VIGIA_SMS_ACCOUNT and settings.VIGIA_SMS_AUTH_TOKEN)
    return False


def check_channels(from_channel: str, vias: Iterable[str]) -> list[str]:
    """The channels to invite through, in order, or a MemberError saying what is wrong."""
    if from_channel not in MOVABLE:
        raise MemberError(_("Ese canal no se puede cambiar."))
    chosen = list(dict.fromkeys(vias))
    if not chosen:
        raise MemberError(_("Elija al menos un canal por el que avisarles."))
    for via in chosen:
        if via not in MOVABLE:
            raise MemberError(_("Ese canal no sirve para avisarles."))
        if via == from_channel and via not in NEW_NUMBER_CHANNELS:
            raise MemberError(_("Un bot nuevo de Telegram no puede escribir primero."))
        if not channel_ready(via):
            raise MemberError(
                _("El canal %(channel)s no está configurado.") % {"channel": Channel(via).label}
            )
    return chosen


def move_open(*, actor: Any, from_channel: str, write_to: str = "") -> ChannelMove:
    """The open move off this channel (created on the first run); ``write_to`` is where the
    invitations tell members to send their code."""
    write_to = " ".join(write_to.split())[:60]
    with transaction.atomic():
        move = (
            ChannelMove.objects.select_for_update()
            .filter(from_channel=from_channel, closed_at__isnull=True)
            .first()
        )
        if move is None:
            try:
                with transaction.atomic():
                    move = ChannelMove.objects.create(
                        from_channel=from_channel,
                        write_to=write_to,
                        started_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
            except IntegrityError:  # another run opened it a moment ago
                return ChannelMove.objects.get(from_channel=from_channel, closed_at__isnull=True)
            record(actor=actor, action="members.move_open", obj=move, data={"from": from_channel})
        elif write_to and write_to != move.write_to:
            move.write_to = write_to
            move.save(update_fields=["write_to"])
    return move


@transaction.atomic
def move_close(*, actor: Any, move: ChannelMove) -> None:
    """The move is over: a later loss of the same channel starts a new one."""
    if move.closed_at is None:
        move.closed_at = timezone.now()
        move.save(update_fields=["closed_at"])
        record(actor=actor, action="members.move_close", obj=move)


def candidates(
    from_channel: str, *, zone: Zone | None = None, scope: QuerySet[Member] | None = None
) -> QuerySet[Member]:
    """Active members whose main contact is on the lost channel (compromised included: they
    are counted, and get nothing)."""
    members = Member.objects.filter(status=Member.Status.ACTIVE, channel=from_channel)
    if zone is not None:
        members = members.filter(Q(zones=zone) | Q(zones__parent=zone))
    if scope is not None:
        members = members.filter(pk__in=scope.values("pk"))
    return members.distinct().order_by("enrolled_at", "pk")


def _invitation_text(member: Member, move: ChannelMove, code: str, new_number: bool) -> str:
    """Safe on a phone read by someone else: no organization, no purpose, no names."""
    with translation.override(member.language or "es"):
        if new_number:
            return _("Este es el número nuevo. Escribe MENU para ver las opciones.")
        if move.write_to:
            return _("Tu código nuevo es %(code)s. Escríbelo en %(place)s.") % {
                "code": code,
                "place": move.write_to,
            }
        return _("Tu código nuevo es %(code)s. Respóndelo a este mensaje.") % {"code": code}


def _routes(member: Member, from_channel: str, vias: list[str]) -> list[tuple[str, str]]:
    """Where she can be reached, in the order of ``vias``: (channel, address)."""
    contacts = {c.channel: str(c.address or "") for c in member.contacts.all()}
    routes = []
    for via in vias:
        address = str(member.address or "") if via == from_channel else contacts.get(via, "")
        if address:
            routes.append((via, address))
    return routes


def _settled(
    previous: MoveInvitation | None, member: Member, now: Any, *, dry_run: bool
) -> str | None:
    """ "moved" or "already" when this member needs nothing more from this move."""
    if previous is None:
        return None
    if previous.state == State.MOVED:
        return "moved"
    if previous.state != State.INVITED or previous.invited_at is None:
        return None
    if member.last_inbound_at is not None and member.last_inbound_at > previous.invited_at:
        # She wrote since (to the new number, on a same-channel move): she has moved.
        if not dry_run:
            MoveInvitation.objects.filter(pk=previous.pk).update(
                state=State.MOVED, moved_at=member.last_inbound_at
            )
        return "just_moved"
    if now - previous.invited_at < timedelta(days=CODE_DAYS):
        return "already"
    return None  # her code expired: invite her again


def _send(move: ChannelMove, member: Member, routes: list[tuple[str, str]], actor: Any) -> str:
    """Queue her invitation through the first usable route; the channel used, or ""."""
    if not SENDERS:
        raise MemberError("no invitation sender is registered")  # the conversations app
    code = ""
    with transaction.atomic():
        for via, address in routes:
            new_number = via == move.from_channel
            if not new_number and not code:
                code = member_reissue_code(actor=actor, member=member)
            text = _invitation_text(member, move, code, new_number)
            if SENDERS[0](Invitation(member, via, address, text, new_number)):
                return via
        transaction.set_rollback(True)  # no route took it: her old codes stay as they were
    return ""


def _handle(
    move: ChannelMove, member_id: Any, vias: list[str], actor: Any, dry_run: bool
) -> tuple[str, Member | None]:
    """What this run does for one member: compromised, moved, already, invited, no_channel."""
    now = timezone.now()
    members = Member.objects.filter(
        pk=member_id, status=Member.Status.ACTIVE, channel=move.from_channel
    )
    member = (members if dry_run else members.select_for_update()).first()
    if member is None:
        return "gone", None
    if member.compromised_at is not None:
        return "compromised", member
    previous = MoveInvitation.objects.filter(move_id=move.pk, member=member).first()
    settled = _settled(previous, member, now, dry_run=dry_run)
    if settled is not None:
        return settled, member
    routes = _routes(member, move.from_channel, vias)
    if dry_run:
        return ("invited" if routes else "no_channel"), member
    via = _send(move, member, routes, actor) if routes else ""
    MoveInvitation.objects.update_or_create(
        move=move,
        member=member,
        defaults={
            "state": State.INVITED if via else State.NO_CHANNEL,
            "via": via,
            "invited_at": now if via else None,
        },
    )
    record(
        actor=actor,
        action="member.move_invite" if via else "member.move_no_channel",
        obj=member,
        data={"move": str(move.pk), "via": via},
    )
    return ("invited" if via else "no_channel"), member


def move_run(
    *,
    actor: Any,
    from_channel: str,
    vias: Iterable[str],
    zone: Zone | None = None,
    write_to: str = "",
    scope: QuerySet[Member] | None = None,
    dry_run: bool = False,
    move: ChannelMove | None = None,
    budget_seconds: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MoveResult:
    """One run of the move off ``from_channel`` (see the module docstring). A dry run
    writes nothing and sends nothing: it says what a real run would do."""
    chosen = check_channels(from_channel, vias)
    if move is None and not dry_run:
        move = move_open(actor=actor, from_channel=from_channel, write_to=write_to)
    if move is None:  # a dry run before any move: nothing recorded yet
        move = ChannelMove.objects.filter(from_channel=from_channel, closed_at__isnull=True).first()
    probe = move or ChannelMove(from_channel=from_channel, write_to=write_to)
    result = MoveResult(move=move, dry_run=dry_run)
    ids = list(candidates(from_channel, zone=zone, scope=scope).values_list("pk", flat=True))
    began = time.monotonic()
    if move is not None and not dry_run:
        ChannelMove.objects.filter(pk=move.pk).update(running_since=timezone.now())
    for done, member_id in enumerate(ids, start=1):
        # A slice always handles at least one member, so a run of slices always ends.
        if budget_seconds is not None and done > 1 and time.monotonic() - began > budget_seconds:
            result.remaining = len(ids) - done + 1
            break
        if dry_run:
            outcome, member = _handle(probe, member_id, chosen, actor, dry_run=True)
        else:
            with transaction.atomic():
                outcome, member = _handle(probe, member_id, chosen, actor, dry_run=False)
        _count(result, outcome, member)
        if progress is not None and (done % 100 == 0 or done == len(ids)):
            progress(done, len(ids))
    if move is not None:
        result.moved += _moved_count(move, scope)
    if move is not None and not dry_run:
        ChannelMove.objects.filter(pk=move.pk).update(
            running_since=None if not result.remaining else timezone.now(),
            last_run_at=timezone.now(),
        )
        with transaction.atomic():
            record(actor=actor, action="members.move_run", obj=move, data=_summary(result))
    logger.info("move %s: %s", move.pk if move else "-", _summary(result))
    return result


def _count(result: MoveResult, outcome: str, member: Member | None) -> None:
    if outcome == "invited":
        result.invited += 1
    elif outcome == "already":
        result.already_invited += 1
    elif outcome == "just_moved" and result.dry_run:
        result.moved += 1  # a real run records it, and counts it from the records
    elif outcome == "compromised":
        result.compromised += 1
    elif outcome == "no_channel" and member is not None:
        result.no_channel.append(member)


def _moved_count(move: ChannelMove, scope: QuerySet[Member] | None) -> int:
    rows = MoveInvitation.objects.filter(move=move, state=State.MOVED)
    if scope is not None:
        rows = rows.filter(member__in=scope.values("pk"))
    return rows.count()


def _summary(result: MoveResult) -> dict[str, Any]:
    """Counts only (never a name or a number), for the audit and the log."""
    return {
        "invited": result.invited,
        "already_invited": result.already_invited,
        "moved": result.moved,
        "no_channel": len(result.no_channel),
        "compromised": result.compromised,
        "remaining": result.remaining,
        "dry_run": result.dry_run,
    }


def zone_by_code(code: str) -> Zone | None:
    """A zone named by its INEI ubigeo or by its name."""
    code = code.strip()
    found = Zone.objects.filter(ubigeo=code).first() if code.isdigit() else None
    return found or Zone.objects.filter(name__iexact=code).first()
