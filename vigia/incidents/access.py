"""Access to incidents: by role, and by zone where the organization assigns zones.

Missing and forbidden answer the same 404, so nobody learns that a record exists.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.incidents.models import Attachment, Incident


def incidents_for_user(user: Any, *, write: bool = False) -> QuerySet[Incident]:
    if not can(user, "incidents.write" if write else "incidents.view"):
        return Incident.objects.none()
    zones = zone_ids(user)
    incidents = Incident.objects.all()
    if zones is not None:
        incidents = incidents.filter(Q(zone_id__in=zones) | Q(zone__parent_id__in=zones))
    return incidents


def get_incident_for_user(user: Any, pk: Any, *, write: bool = False) -> Incident:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    incident = incidents_for_user(user, write=write).filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def get_attachment_for_user(user: Any, pk: Any) -> Attachment:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    attachment = (
        Attachment.objects.filter(pk=pk, incident__in=incidents_for_user(user))
        .select_related("incident")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment
