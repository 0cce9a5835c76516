"""Access to cases: by role, and by zone where the staff member covers zones (a case is in
a zone through its incident or its member); her own cases are always hers to see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from vigia.accounts.permissions import can, zone_ids
from vigia.cases.models import Case


def cases_for_user(user: Any, *, write: bool = False) -> QuerySet[Case]:
    if not can(user, "cases.write" if write else "cases.view"):
        return Case.objects.none()
    zones = zone_ids(user)
    cases = Case.objects.all()
    if zones is not None:
        inside = Case.objects.filter(
            Q(assigned_to=user)
            | Q(incident__zone_id__in=zones)
            | Q(incident__zone__parent_id__in=zones)  # a province covers its districts
            | Q(member__zones__in=zones)
            | Q(member__zones__parent__in=zones)
        ).values("pk")
        cases = cases.filter(pk__in=inside)
    return cases


def get_case_for_user(user: Any, pk: Any, *, write: bool = False) -> Case:
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    case = cases_for_user(user, write=write).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case
