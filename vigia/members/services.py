"""Writes on members: enrolment, consent, compromise, reveal and erasure; all audited.

Audit events carry ids and field names, never the pseudonym, the number or the duress word.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.lib.phones import mask_phone, normalize_phone
from vigia.members.models import (
    Channel,
    Consent,
    Contact,
    EnrolmentCode,
    Member,
    MoveInvitation,
    Purpose,
)
from vigia.vault import state
from vigia.vault.fields import blind_index
from vigia.zones.models import Zone

CODE_DAYS = 14
# Apps that keep data about a member (the channels' threads and messages) register here what
# erasing her must also remove; members imports none of them.
ERASURE_HOOKS: list[Callable[[Member], None]] = []
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class MemberError(Exception):
    """A refused operation; the message is for the coordinator, in her language."""


def normalize_address(channel: str, address: str) -> str:
    """The canonical form of a contact address, or a ValidationError in the user's language."""
    address = address.strip()
    if channel in (Channel.WHATSAPP, Channel.SMS):
        phone = normalize_phone(address)
        if phone is None:
            raise ValidationError(_("Ese número de teléfono no es válido."), code="phone")
        return phone
    if channel == Channel.TELEGRAM:
        if not address.lstrip("-").isdigit():
            raise ValidationError(_("El chat de Telegram debe ser un número."), code="telegram")
        return address
    if not address:
        raise ValidationError(_("Falta la dirección de contacto."), code="address")
    return address


def address_lookup(channel: str, address: str) -> str:
    """The blind index a member with this address is stored under."""
    return blind_index(f"member:{channel}", normalize_address(channel, address))


def _lookup_or_none(channel: str, address: str) -> str | None:
    """The blind index, or None for an address no member can have (not a number, say)."""
    try:
        return address_lookup(channel, address)
    except ValidationError:
        return None


def find_by_address(channel: str, address: str) -> Member | None:
    index = _lookup_or_none(channel, address)
    if index is None:
        return None
    return Member.objects.filter(channel=channel, address_index=index).first()


# The id alone, in plain SQL: asked on every new sender's first message, where building the
# ORM query would take longer than the database's answer. Names come from the model.
_ID_BY_ADDRESS_SQL = (
    f"SELECT id FROM {Member._meta.db_table} "  # noqa: S608  # nosec B608
    "WHERE channel = %s AND address_index = %s"
)


def member_id_by_address(channel: str, address: str) -> uuid.UUID | None:
    """The id of the member with this address (as find_by_address finds her), or None."""
    index = _lookup_or_none(channel, address)
    if index is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_ID_BY_ADDRESS_SQL, [channel, index])
        found = cursor.fetchone()
    return None if found is None else Member._meta.get_field("id").to_python(found[0])


def _set_address(member: Member, channel: str, address: str) -> None:
    normalized = normalize_address(channel, address)
    index = blind_index(f"member:{channel}", normalized)
    clash = Member.objects.filter(channel=channel, address_index=index).exclude(pk=member.pk)
    if clash.exists():
        raise MemberError(_("Ese número ya está inscrito."))
    member.channel, member.address, member.address_index = channel, normalized, index


def _give_consents(member: Member, purposes: Iterable[str], actor: Any, partner: str = "") -> None:
    now = timezone.now()
    for purpose in purposes:
        Purpose(purpose)  # refuse unknown purposes early
        if not member.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
            Consent.objects.create(
                member=member,
                purpose=purpose,
                partner=partner if purpose == Purpose.PARTNER else "",
                given_at=now,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )


@transaction.atomic
def member_enrol(
    *,
    actor: Any,
    pseudonym: str,
    channel: str,
    address: str,
    zones: Iterable[Zone] = (),
    language: str = "es",
    consents: Iterable[str] = (),
    duress_word: str = "",
) -> Member:
    """Enrol a member in person: her number is known now."""
    member = Member(pseudonym=pseudonym, language=language, duress_word=duress_word or None)
    if getattr(actor, "is_authenticated", False):
        member.enrolled_by = actor
    _set_address(member, channel, address)
    member.full_clean(exclude=["address_index"])
    member.save()
    member.zones.set(list(zones))
    _give_consents(member, consents, actor)
    record(
        actor=actor,
        action="member.enrol",
        obj=member,
        data={"channel": channel, "consents": sorted(consents)},
    )
    return member


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


@transaction.atomic
def member_invite(
    *,
    actor: Any,
    pseudonym: str,
    zones: Iterable[Zone] = (),
    language: str = "es",
    consents: Iterable[str] = (),
) -> tuple[Member, str]:
    """Enrol by code: she sends the code from her phone, which links her number."""
    member = Member(pseudonym=pseudonym, language=language, status=Member.Status.INVITED)
    if getattr(actor, "is_authenticated", False):
        member.enrolled_by = actor
    member.full_clean(exclude=["address_index", "channel"])
    member.save()
    member.zones.set(list(zones))
    _give_consents(member, consents, actor)
    code = _new_code(member)
    record(actor=actor, action="member.invite", obj=member)
    return member, code


def _new_code(member: Member) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    EnrolmentCode.objects.create(
        member=member,
        code_hash=_code_hash(raw),
        expires_at=timezone.now() + timedelta(days=CODE_DAYS),
    )
    return f"{raw[:4]}-{raw[4:]}"


@transaction.atomic
def member_reissue_code(*, actor: Any, member: Member) -> str:
    """A new one-time code for an enrolled member: sent from a new number or channel, it moves
    her there, keeping her history, zones and consents (e.g. after a ban or a lost phone)."""
    if member.status == Member.Status.ERASED:
        raise MemberError(_("Esta integrante fue borrada."))
    member.codes.filter(used_at__isnull=True).delete()
    code = _new_code(member)
    record(actor=actor, action="member.reissue_code", obj=member)
    return code


def looks_like_code(text: str) -> bool:
    cleaned = text.strip().upper().replace("-", "").replace(" ", "")
    return len(cleaned) == 8 and all(c in CODE_ALPHABET for c in cleaned)


@transaction.atomic
def member_claim_code(*, code: str, channel: str, address: str) -> Member | None:
    """Link the phone that sent a valid code; None for an unknown, used or expired code."""
    entry = (
        EnrolmentCode.objects.select_for_update()
        .filter(code_hash=_code_hash(code.replace(" ", "")), used_at__isnull=True)
        .select_related("member")
        .first()
    )
    if entry is None or entry.expires_at < timezone.now():
        return None
    member = entry.member
    _set_address(member, channel, address)  # the old contact is retired: replaced here
    member.status = Member.Status.ACTIVE
    member.compromised_at = None
    member.save()
    now = timezone.now()
    entry.used_at = now
    entry.save(update_fields=["used_at"])
    # Her other contact on this channel is now her main one; an open move is done for her
    # (whether its invitation or a code given in person brought her here).
    member.contacts.filter(channel=channel).delete()
    MoveInvitation.objects.filter(
        member=member,
        move__closed_at__isnull=True,
        state__in=[MoveInvitation.State.INVITED, MoveInvitation.State.NO_CHANNEL],
    ).update(state=MoveInvitation.State.MOVED, moved_at=now)
    record(actor="member", action="member.claim_code", obj=member, data={"channel": channel})
    return member


@transaction.atomic
def consent_set(
    *, actor: Any, member: Member, purpose: str, given: bool, partner: str = ""
) -> None:
    if given:
        _give_consents(member, [purpose], actor, partner=partner)
    else:
        member.consents.filter(purpose=purpose, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    record(
        actor=actor,
        action="member.consent_given" if given else "member.consent_withdrawn",
        obj=member,
        data={"purpose": purpose},
    )


def has_consent(member: Member, purpose: str) -> bool:
    return member.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


@transaction.atomic
def member_mark_compromised(*, actor: Any, member: Member, compromised: bool = True) -> None:
    """Her phone was seized or lost: nothing more is sent to that address, from now on."""
    member.compromised_at = timezone.now() if compromised else None
    member.save(update_fields=["compromised_at"])
    record(
        actor=actor,
        action="member.compromised" if compromised else "member.uncompromised",
        obj=member,
    )


def contact_masked(member: Member | Contact) -> str:
    address = str(member.address or "")
    if not address:
        return "—"
    if member.channel in (Channel.WHATSAPP, Channel.SMS):
        return mask_phone(address)
    return "•••" + address[-2:]


BACKUP_CHANNELS = (Channel.WHATSAPP, Channel.TELEGRAM, Channel.SMS)


@transaction.atomic
def contact_set(*, actor: Any, member: Member, channel: str, address: str) -> Contact:
    """Another way to reach her if her main number is lost (one per channel: a new one
    replaces the old). Audited with the channel only."""
    if member.status == Member.Status.ERASED:
        raise MemberError(_("Esta integrante fue borrada."))
    if channel not in BACKUP_CHANNELS:
        raise MemberError(_("Ese canal no sirve para avisarle."))
    normalized = normalize_address(channel, address)
    if channel == member.channel and normalized == str(member.address or ""):
        raise MemberError(_("Ese ya es su contacto principal."))
    contact = member.contacts.filter(channel=channel).first() or Contact(
        member=member, channel=channel
    )
    contact.address = normalized
    contact.save()
    record(actor=actor, action="member.contact_set", obj=member, data={"channel": channel})
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, member: Member, contact_id: Any) -> None:
    removed, _count = member.contacts.filter(pk=contact_id).delete()
    if removed:
        record(actor=actor, action="member.contact_remove", obj=member)


@transaction.atomic
def member_reveal_contact(*, actor: Any, member: Member, reason: str) -> str:
    """Show a contact in full: a separate action, audited with its reason (not the value)."""
    if not reason.strip():
        raise MemberError(_("Indique por qué necesita ver el contacto completo."))
    record(actor=actor, action="member.reveal_contact", obj=member, data={"reason": reason[:200]})
    return str(member.address or "")


@transaction.atomic
def member_erase(*, actor: Any, member: Member) -> None:
    """Crypto-shredding: destroy her key, so every copy of her data becomes unreadable.

    Incidents she reported stay, de-identified; the audit records that an erasure happened,
    not what was erased.
    """
    member = Member.objects.select_for_update().get(pk=member.pk)
    destroyed = state.get().keystore.destroy_scope(f"member:{member.pk}")
    Member.objects.filter(pk=member.pk).update(
        pseudonym=None,
        address=None,
        duress_word=None,
        address_index="",
        status=Member.Status.ERASED,
        erased_at=timezone.now(),
    )
    member.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    member.codes.all().delete()
    member.contacts.all().delete()
    for hook in ERASURE_HOOKS:
        hook(member)
    record(actor=actor, action="member.erase", obj=member, data={"keys_destroyed": destroyed})
