"""Access to alerts and emergencies; missing and forbidden answer the same 404.

An alert is visible to staff who cover one of its zones (or every zone). An emergency is
visible to staff who may respond and cover the member's zones, and always to whoever it
called: the fallback to every responder must never end on a 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.alerts.models import Alert, Emergency, Step


def alerts_for_user(user: Any, permission: str = "alerts.write") -> QuerySet[Alert]:
    if not can(user, permission):
        return Alert.objects.none()
    zones = zone_ids(user)
    if zones is None:
        return Alert.objects.all()
    inside = Alert.objects.filter(Q(zones__in=zones) | Q(zones__parent_id__in=zones)).values("pk")
    return Alert.objects.filter(pk__in=inside)


def emergencies_for_user(user: Any) -> QuerySet[Emergency]:
    if not can(user, "emergencies.respond"):
        return Emergency.objects.none()
    zones = zone_ids(user)
    if zones is None:
        return Emergency.objects.all()
    called = Step.objects.filter(responder=user).values("emergency_id")
    inside = Emergency.objects.filter(
        Q(member__isnull=True)
        | Q(member__zones__in=zones)
        | Q(member__zones__parent__in=zones)  # a province covers its districts
        | Q(pk__in=called)
    ).values("pk")
    return Emergency.objects.filter(pk__in=inside)


def _uuid(pk: Any) -> None:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None


def get_alert_for_user(user: Any, pk: Any, permission: str = "alerts.write") -> Alert:
    _uuid(pk)
    alert = alerts_for_user(user, permission).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


def get_emergency_for_user(user: Any, pk: Any) -> Emergency:
    _uuid(pk)
    emergency = emergencies_for_user(user).filter(pk=pk).first()
    if emergency is None:
        raise Http404
    return emergency
