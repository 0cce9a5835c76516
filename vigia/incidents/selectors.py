"""Reads of the register that views share: filtered lists and the dashboard's counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from vigia.incidents.access import incidents_for_user
from vigia.incidents.models import Incident
from vigia.incidents.models.incident import Status


def filtered(user: Any, filters: dict[str, Any]) -> QuerySet[Incident]:
    """The incidents a user may see, narrowed by the list's filters, newest first."""
    incidents = incidents_for_user(user).select_related("event_type", "zone", "actor")
    if filters.get("q"):
        incidents = incidents.filter(reference__icontains=filters["q"].strip())
    if filters.get("type"):
        incidents = incidents.filter(Q(event_type=filters["type"]) | Q(sub_type=filters["type"]))
    if filters.get("zone"):
        zone = filters["zone"]
        incidents = incidents.filter(Q(zone=zone) | Q(zone__parent=zone))
    if filters.get("status"):
        incidents = incidents.filter(status=filters["status"])
    if filters.get("perpetrator"):
        incidents = incidents.filter(perpetrator_type=filters["perpetrator"])
    if filters.get("actor"):
        actor = filters["actor"]
        incidents = incidents.filter(Q(actor=actor) | Q(actor__parent=actor))
    if filters.get("year"):
        incidents = incidents.filter(date__year=filters["year"])
    if filters.get("since"):
        incidents = incidents.filter(date__gte=filters["since"])
    if filters.get("until"):
        incidents = incidents.filter(date__lte=filters["until"])
    return incidents.order_by("-date", "-created_at")


@dataclass
class Dashboard:
    new_reports: int
    awaiting_verification: int
    month_incidents: int
    month_killed: int
    month_missing: int
    latest: list[Incident]


def dashboard(user: Any, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    visible = incidents_for_user(user)
    by_status = dict(
        visible.filter(status__in=[Status.REPORTED, Status.UNDER_REVIEW])
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    month = visible.filter(date__year=today.year, date__month=today.month).exclude(
        status__in=[Status.REJECTED, Status.DUPLICATE]
    )
    totals = month.aggregate(n=Count("id"), killed=Sum("killed"), missing=Sum("missing"))
    latest = list(
        visible.filter(status=Status.REPORTED)
        .select_related("event_type", "zone")
        .order_by("-created_at")[:5]
    )
    return Dashboard(
        new_reports=by_status.get(Status.REPORTED, 0),
        awaiting_verification=by_status.get(Status.UNDER_REVIEW, 0),
        month_incidents=totals["n"] or 0,
        month_killed=totals["killed"] or 0,
        month_missing=totals["missing"] or 0,
        latest=latest,
    )


def newest_report_marker(user: Any) -> str:
    """Changes whenever a new report arrives; the dashboard polls it to show a notice."""
    newest = (
        incidents_for_user(user)
        .filter(status=Status.REPORTED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return newest.isoformat() if newest else ""
