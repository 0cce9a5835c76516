"""Reads of linkage: the review queue, networks, and access to them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.incidents.access import incidents_for_user
from vigia.indicators.models import Indicator
from vigia.indicators.normalize import display
from vigia.linkage.models import Candidate, Merge, Network


def queue_for_user(user: Any) -> QuerySet[Candidate]:
    """Pending pairs where the user may change both incidents."""
    visible = incidents_for_user(user, write=True)
    return (
        Candidate.objects.filter(
            status=Candidate.Status.PENDING, incident__in=visible, match__in=visible
        )
        .select_related(
            "incident__event_type", "incident__zone", "match__event_type", "match__zone"
        )
        .order_by("-probability", "created_at")
    )


def get_candidate_for_user(user: Any, pk: Any) -> Candidate:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    visible = incidents_for_user(user, write=True)
    candidate = (
        Candidate.objects.filter(pk=pk, incident__in=visible, match__in=visible)
        .select_related("incident", "match")
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def open_merge(candidate: Candidate) -> Merge | None:
    return candidate.merges.filter(undone_at__isnull=True).first()


def get_merge_for_user(user: Any, pk: Any) -> Merge:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    visible = incidents_for_user(user, write=True)
    found = Merge.objects.filter(pk=pk, kept__in=visible, duplicate__in=visible).first()
    if found is None:
        raise Http404
    return found


def may_see_networks(user: Any) -> bool:
    """Networks span districts: only staff who cover every zone see them."""
    return can(user, "incidents.view") and zone_ids(user) is None


def networks_for_user(user: Any) -> QuerySet[Network]:
    return Network.objects.all() if may_see_networks(user) else Network.objects.none()


def get_network_for_user(user: Any, number: int) -> Network:
    network = networks_for_user(user).filter(number=number).first()
    if network is None:
        raise Http404
    return network


def network_indicators(network: Network) -> list[dict[str, Any]]:
    indicators = Indicator.objects.filter(network_membership__network=network).order_by("kind")
    return [
        {
            "id": str(i.pk),
            "kind": i.kind,
            "kind_label": i.get_kind_display(),
            "shown": display(i.kind, i.value or "", masked=False),
        }
        for i in indicators
    ]


def network_of(indicator: Indicator) -> Network | None:
    return Network.objects.filter(members__indicator=indicator).first()
