"""Statistics over the register, counted as docs/methodology.es.md defines them.

- Only verified incidents count (unless a caller asks for the unverified too, which never
  happens for anything that leaves the system); a duplicate is never counted, its original is.
- `killed` = people killed in the period: the killed of incidents dated in the period, plus the
  missing of disappearances found dead whose outcome date is in the period.
- `missing` = people who disappeared in the period, whatever happened to them later.

Every function aggregates in the database and returns plain counters, so that a register of
100,000 incidents costs a few grouped queries.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth, Greatest

from vigia.incidents.models import Incident, Source, Victim
from vigia.incidents.models.incident import DatePrecision, Outcome, Status
from vigia.reports.periods import Period

UNKNOWN = "unknown"
PUBLIC_SOURCE_KINDS = (Source.Kind.PRESS, Source.Kind.OFFICIAL)

# Incident-level dimensions: name → expression giving the group key (always a string).
INCIDENT_DIMENSIONS: dict[str, Any] = {
    "event_type": F("event_type__code"),
    "perpetrator_type": Coalesce(F("perpetrator_type__code"), Value(UNKNOWN)),
    "actor": Coalesce(F("actor__code"), Value(UNKNOWN)),
    "verification_level": F("verification_level"),
    "zone": Case(
        When(zone__kind="district", then=F("zone__ubigeo")),
        When(zone__parent__kind="district", then=F("zone__parent__ubigeo")),
        When(zone__parent__parent__kind="district", then=F("zone__parent__parent__ubigeo")),
        default=Value(UNKNOWN),
        output_field=CharField(),
    ),
}
VICTIM_DIMENSIONS = ("nationality", "gender_identity")
MEASURES = ("incidents", "killed", "missing")


def counted(*, include_unverified: bool = False) -> QuerySet[Incident]:
    """The incidents that count: verified, not a duplicate (its original counts instead)."""
    statuses = [Status.VERIFIED]
    if include_unverified:
        statuses += [Status.REPORTED, Status.UNDER_REVIEW]
    return Incident.objects.filter(status__in=statuses, duplicate_of__isnull=True).order_by()


def _placeable(incidents: QuerySet[Incident], period: Period) -> QuerySet[Incident]:
    # An incident known only to its year cannot be placed in a reporting year that straddles
    # two calendar years; the method says so and the report counts how many were left out.
    if period.is_calendar_year:
        return incidents
    return incidents.exclude(date_precision=DatePrecision.YEAR)


def in_period(period: Period, *, include_unverified: bool = False) -> QuerySet[Incident]:
    incidents = counted(include_unverified=include_unverified)
    return _placeable(incidents, period).filter(date__range=(period.start, period.end))


def found_dead_in_period(period: Period, *, include_unverified: bool = False) -> QuerySet[Incident]:
    """Disappearances whose people were found dead in the period (they count as killed then).

    Without an outcome date the death is placed on the date of the disappearance.
    """
    incidents = counted(include_unverified=include_unverified).filter(
        outcome=Outcome.FOUND_DEAD, missing__gt=0
    )
    return incidents.annotate(death=Coalesce("outcome_date", "date")).filter(
        death__range=(period.start, period.end)
    )


def unplaced_count(period: Period) -> int:
    """Counted incidents of the period's years left out because only their year is known."""
    if period.is_calendar_year:
        return 0
    return (
        counted()
        .filter(date_precision=DatePrecision.YEAR)
        .filter(date__year__in={period.start.year, period.end.year})
        .count()
    )


@dataclass(frozen=True)
class Headline:
    incidents: int
    victims: int
    killed: int
    missing: int
    injured: int


def headline(period: Period, *, include_unverified: bool = False) -> Headline:
    dated = in_period(period, include_unverified=include_unverified)
    described = (
        Victim.objects.filter(incident=OuterRef("pk"))
        .order_by()
        .values("incident")
        .annotate(n=Count("pk"))
        .values("n")
    )
    people = Greatest(
        Coalesce(Subquery(described, output_field=IntegerField()), Value(0)),
        ExpressionWrapper(F("killed") + F("missing") + F("injured"), output_field=IntegerField()),
        output_field=IntegerField(),
    )
    totals = dated.annotate(people=people).aggregate(
        incidents=Count("pk"),
        victims=Sum("people"),
        killed=Sum("killed"),
        missing=Sum("missing"),
        injured=Sum("injured"),
    )
    later_dead = found_dead_in_period(period, include_unverified=include_unverified).aggregate(
        n=Sum("missing")
    )
    return Headline(
        incidents=totals["incidents"] or 0,
        victims=totals["victims"] or 0,
        killed=(totals["killed"] or 0) + (later_dead["n"] or 0),
        missing=totals["missing"] or 0,
        injured=totals["injured"] or 0,
    )


def _grouped(incidents: QuerySet[Incident], key: Any, value: Any) -> Counter[str]:
    rows = incidents.annotate(_key=key).values("_key").annotate(_n=value).values_list("_key", "_n")
    result: Counter[str] = Counter()
    for group, number in rows:
        if number:
            result[str(group) if group not in (None, "") else UNKNOWN] += int(number)
    return result


def _month_of(field: str) -> Any:
    return Case(
        When(date_precision=DatePrecision.YEAR, then=Value(0)),
        default=ExtractMonth(field),
        output_field=IntegerField(),
    )


def breakdown(
    period: Period, dimension: str, measure: str = "incidents", *, include_unverified: bool = False
) -> Counter[str]:
    """Counts of `measure` (incidents, killed, missing) by an incident-level dimension.

    `month` keys are "01".."12", or "00" for incidents known only to the year. People found
    dead later are grouped by the month of death and by their incident's other attributes.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure}")
    dated = in_period(period, include_unverified=include_unverified)
    if dimension == "month":
        key: Any = _month_of("date")
    elif dimension in INCIDENT_DIMENSIONS:
        key = INCIDENT_DIMENSIONS[dimension]
    else:
        raise ValueError(f"unknown dimension {dimension}")
    value: Any = Count("pk") if measure == "incidents" else Sum(measure)
    result = _grouped(dated, key, value)
    if measure == "killed":
        later = found_dead_in_period(period, include_unverified=include_unverified)
        later_key = _month_of("death") if dimension == "month" else key
        result.update(_grouped(later, later_key, Sum("missing")))
    if dimension == "month":
        result = Counter({f"{int(k):02d}": v for k, v in result.items()})
    return result


def victim_breakdown(
    period: Period, dimension: str, measure: str, *, include_unverified: bool = False
) -> Counter[str]:
    """People by nationality or gender identity; those not described count as `unknown`.

    The rows described (Victim) may be fewer than an incident's counts: the remainder is added
    to `unknown`, so the table adds up to the headline figure.
    """
    if dimension not in VICTIM_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    dated = in_period(period, include_unverified=include_unverified)
    victims = Victim.objects.order_by()
    if measure == "victims":
        selected = victims.filter(incident__in=dated)
    elif measure == "missing":
        selected = victims.filter(incident__in=dated, missing=True)
    elif measure == "killed":
        later = found_dead_in_period(period, include_unverified=include_unverified)
        selected = victims.filter(
            Q(incident__in=dated, killed=True) | Q(incident__in=later.values("pk"), missing=True)
        )
    else:
        raise ValueError(f"unknown measure {measure}")
    result: Counter[str] = Counter()
    for group, number in (
        selected.values(dimension).annotate(n=Count("pk")).values_list(dimension, "n")
    ):
        result[group or UNKNOWN] += number
    total = getattr(headline(period, include_unverified=include_unverified), measure)
    remainder = total - sum(result.values())
    if remainder > 0:
        result[UNKNOWN] += remainder
    return result


def source_kinds(period: Period, *, include_unverified: bool = False) -> Counter[str]:
    """Incidents with at least one source of each kind (an incident may count under several)."""
    dated = in_period(period, include_unverified=include_unverified)
    rows = (
        Source.objects.filter(incident__in=dated)
        .order_by()
        .values("kind")
        .annotate(n=Count("incident", distinct=True))
        .values_list("kind", "n")
    )
    return Counter(dict(rows))


def disappearance_outcomes(period: Period, *, include_unverified: bool = False) -> Counter[str]:
    """People who disappeared in the period, by what is known of them now."""
    dated = in_period(period, include_unverified=include_unverified).filter(missing__gt=0)
    return _grouped(
        dated,
        Case(When(outcome="", then=Value(Outcome.STILL_MISSING)), default=F("outcome")),
        Sum("missing"),
    )


def with_public_source() -> Exists:
    return Exists(Source.objects.filter(incident=OuterRef("pk"), kind__in=PUBLIC_SOURCE_KINDS))


def press_reported_by_zone(period: Period, measure: str) -> Counter[str]:
    """Killed or missing by district, counting only incidents with a press or official source."""
    if measure not in ("killed", "missing"):
        raise ValueError(f"unknown measure {measure}")
    key = INCIDENT_DIMENSIONS["zone"]
    dated = in_period(period).filter(with_public_source())
    result = _grouped(dated, key, Sum(measure))
    if measure == "killed":
        later = found_dead_in_period(period).filter(with_public_source())
        result.update(_grouped(later, key, Sum("missing")))
    return result


@dataclass(frozen=True)
class AmountSummary:
    """Amounts demanded in a group of incidents (one currency)."""

    count: int
    median: Decimal | None
    low: Decimal | None
    high: Decimal | None
    total: Decimal


def _summary(values: list[Decimal]) -> AmountSummary:
    if not values:
        return AmountSummary(0, None, None, None, Decimal("0.00"))
    middle = Decimal(statistics.median(values)).quantize(Decimal("0.01"))
    return AmountSummary(len(values), middle, min(values), max(values), sum(values, Decimal("0")))


AMOUNT_FIELDS = ("registration_fee", "weekly_quota", "arrears")
AMOUNT_GROUPS = ("all", "zone", "actor", "nationality")


def amounts(
    period: Period,
    field: str,
    group: str = "all",
    *,
    currency: str = "PEN",
    include_unverified: bool = False,
) -> dict[str, AmountSummary]:
    """Registration fees, weekly quotas or arrears demanded, by zone, actor or nationality.

    By nationality an incident counts once for each distinct nationality among its victims
    (incidents without a described victim count under `unknown`).
    """
    if field not in AMOUNT_FIELDS or group not in AMOUNT_GROUPS:
        raise ValueError(f"unknown amount table {field} by {group}")
    dated = in_period(period, include_unverified=include_unverified).filter(
        **{f"{field}__isnull": False}, currency=currency
    )
    groups: dict[str, list[Decimal]] = {}
    if group == "nationality":
        pairs = (
            dated.annotate(_key=Coalesce(F("victims__nationality"), Value("")))
            .values_list("pk", "_key", field)
            .distinct()
        )
        for _pk, key, amount in pairs:
            groups.setdefault(key or UNKNOWN, []).append(amount)
    else:
        key_expr = Value("all") if group == "all" else INCIDENT_DIMENSIONS[group]
        for key, amount in dated.annotate(_key=Cast(key_expr, CharField())).values_list(
            "_key", field
        ):
            groups.setdefault(key or UNKNOWN, []).append(amount)
    return {key: _summary(values) for key, values in sorted(groups.items())}
