"""Access to members: roles that work with members, within their zones if assigned."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.members.models import Member


def members_for_user(user: Any, *, write: bool = False) -> QuerySet[Member]:
    if not can(user, "members.write" if write else "members.view"):
        return Member.objects.none()
    members = Member.objects.all()
    zones = zone_ids(user)
    if zones is not None:
        members = members.filter(Q(zones__in=zones) | Q(zones__parent__in=zones)).distinct()
    return members


def get_member_for_user(user: Any, pk: Any, *, write: bool = False) -> Member:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    member = members_for_user(user, write=write).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member
