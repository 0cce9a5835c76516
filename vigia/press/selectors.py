"""Reads: the review queue and the sources page, limited by role and zones."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.press.models import Candidate, Feed


def candidates_for_user(user: Any, *, write: bool = False) -> QuerySet[Candidate]:
    """Candidates in the user's zones; one without a district only for staff covering all."""
    if not can(user, "incidents.write" if write else "incidents.view"):
        return Candidate.objects.none()
    found = Candidate.objects.select_related("article", "article__feed", "zone")
    zones = zone_ids(user)
    if zones is not None:
        found = found.filter(Q(zone_id__in=zones) | Q(zone__parent_id__in=zones))
    return found


def get_candidate_for_user(user: Any, pk: Any, *, write: bool = False) -> Candidate:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    found = candidates_for_user(user, write=write).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def queue_for_user(user: Any) -> QuerySet[Candidate]:
    return candidates_for_user(user).filter(status=Candidate.Status.PENDING).order_by("-created_at")


def feeds_with_counts() -> QuerySet[Feed]:
    return Feed.objects.annotate(
        article_count=Count("articles", distinct=True),
        relevant_count=Count("articles", filter=Q(articles__relevant=True), distinct=True),
    ).order_by("name")
