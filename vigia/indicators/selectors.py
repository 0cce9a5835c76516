"""Reads of indicators: per incident, per indicator, and the coarse member look-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from vigia.incidents.access import incidents_for_user
from vigia.incidents.models import Incident
from vigia.incidents.models.incident import Status
from vigia.indicators.models import Indicator, Link


def links_for_incident(incident: Incident) -> QuerySet[Link]:
    return incident.indicator_links.select_related("indicator").order_by("created_at")


def incidents_of(indicator: Indicator, user: Any) -> QuerySet[Incident]:
    return (
        incidents_for_user(user)
        .filter(indicator_links__indicator=indicator)
        .select_related("event_type", "zone", "actor")
        .distinct()
        .order_by("-date")
    )


@dataclass(frozen=True)
class CheckResult:
    """What a member may learn: a coarse category, nothing that points to a reporter."""

    category: str  # "extortion", "dangerous" or "none"


EXTORTION_TYPES = {"extortion_demand", "extortion_payment", "threat"}


def check_number(indicator: Indicator | None) -> CheckResult:
    """Coarse answer for members: only numbers in VERIFIED incidents with ≥ 2 sources.

    Two independent sources means two source rows across the verified incidents the number
    appears in; no counts, zones or dates are returned, so nobody can infer who reported it.
    """
    if indicator is None:
        return CheckResult("none")
    verified = Incident.objects.filter(
        indicator_links__indicator=indicator, status=Status.VERIFIED
    ).distinct()
    summary = verified.aggregate(sources=Count("sources", distinct=True))
    if (summary["sources"] or 0) < 2:
        return CheckResult("none")
    codes = set(verified.values_list("event_type__code", flat=True))
    return CheckResult("extortion" if codes & EXTORTION_TYPES else "dangerous")
