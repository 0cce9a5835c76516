"""Writes on staff accounts; each one audited in its own transaction."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigia.accounts.models import Invitation, Role, User
from vigia.audit.chain import record
from vigia.zones.models import Zone

INVITATION_DAYS = 7
RECOVERY_CODES = 10


class AccountError(Exception):
    """A refused account operation; the message is for the user, in her language."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def staff_create(
    *, actor: Any, username: str, password: str, role: str, zones: Iterable[Zone] = ()
) -> User:
    user = User(username=username, role=role)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.zones.set(list(zones))
    record(actor=actor, action="staff.create", obj=user, data={"role": role})
    return user


@transaction.atomic
def staff_invite(*, actor: User, role: str, zones: Iterable[Zone] = ()) -> tuple[Invitation, str]:
    """Returns the invitation and its one-time token (shown once, never stored)."""
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        token_hash=_hash(token),
        role=Role(role),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    invitation.zones.set(list(zones))
    record(actor=actor, action="staff.invite", obj=invitation, data={"role": role})
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=_hash(token)).first()
    if invitation is None or invitation.accepted_by_id or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str) -> User:
    invitation = invitation_for_token(token)
    if invitation is None:
        raise AccountError("Esta invitación no existe, ya se usó o venció.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_by_id:
        raise AccountError("Esta invitación no existe, ya se usó o venció.")
    user = staff_create(
        actor=invitation.created_by,
        username=username,
        password=password,
        role=invitation.role,
        zones=invitation.zones.all(),
    )
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_by"])
    record(actor=user, action="staff.invitation_accept", obj=invitation)
    return user


def _end_sessions(user: User) -> int:
    """Delete every session of a user, so deactivation or a reset takes effect at once."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def staff_deactivate(*, actor: User, user: User) -> None:
    if actor.pk == user.pk:
        raise AccountError("No puede desactivar su propia cuenta.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _end_sessions(user)
    record(actor=actor, action="staff.deactivate", obj=user, data={"sessions_ended": ended})


@transaction.atomic
def staff_totp_reset(*, actor: User, user: User) -> None:
    """An admin resets a lost second factor; the user enrols again at next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    ended = _end_sessions(user)
    record(actor=actor, action="staff.totp_reset", obj=user, data={"sessions_ended": ended})


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed device shown during enrolment (one per user, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Vigía", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a first code; returns the recovery codes, shown once."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = recovery_codes_new(user)
    record(actor=user, action="staff.totp_enrol", obj=user)
    return codes


def recovery_codes_new(user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="recovery")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def record_login(user: User, method: str) -> None:
    with transaction.atomic():
        record(actor=user, action="staff.login", obj=user, data={"method": method})
