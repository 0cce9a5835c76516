"""The counting rules of contracts.md §4 on hand-built registers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from vigia.incidents import services
from vigia.incidents.tests.factories import incident, verified
from vigia.reports import selectors
from vigia.reports.periods import PeriodError, calendar_year, reporting_year
from vigia.zones.models import Zone

pytestmark = pytest.mark.django_db


def murder(actor: Any, when: date, killed: int = 1, **extra: Any) -> Any:
    return verified(
        actor=actor, event_type="murder", date=when, killed=killed, weekly_quota=None, **extra
    )


def disappearance(actor: Any, when: date, missing: int = 1, **extra: Any) -> Any:
    return verified(
        actor=actor,
        event_type="disappearance",
        date=when,
        missing=missing,
        weekly_quota=None,
        **extra,
    )


def test_killed_and_missing_follow_the_found_dead_rule(coordinator: Any) -> None:
    murder(coordinator, date(2022, 2, 3), killed=2)
    murder(coordinator, date(2023, 5, 1))
    # Two people disappear in 2022; found dead in 2023: missing in 2022, killed in 2023.
    gone = disappearance(coordinator, date(2022, 11, 20), missing=2)
    services.disappearance_outcome_set(
        actor=coordinator, incident=gone, outcome="found_dead", outcome_date=date(2023, 1, 15)
    )
    # Found alive: still missing in the year she disappeared, never killed.
    alive = disappearance(coordinator, date(2022, 6, 1))
    services.disappearance_outcome_set(
        actor=coordinator, incident=alive, outcome="found_alive", outcome_date=date(2022, 6, 9)
    )
    # Found dead in the same year: missing and killed in that year.
    same = disappearance(coordinator, date(2023, 3, 1))
    services.disappearance_outcome_set(
        actor=coordinator, incident=same, outcome="found_dead", outcome_date=date(2023, 3, 30)
    )

    y2022 = selectors.headline(calendar_year(2022))
    y2023 = selectors.headline(calendar_year(2023))
    assert (y2022.killed, y2022.missing, y2022.incidents) == (2, 3, 3)
    assert (y2023.killed, y2023.missing, y2023.incidents) == (1 + 2 + 1, 1, 2)
    outcomes = selectors.disappearance_outcomes(calendar_year(2022))
    assert outcomes == {"found_dead": 2, "found_alive": 1}


def test_unverified_rejected_and_duplicate_incidents_are_not_counted(coordinator: Any) -> None:
    original = murder(coordinator, date(2023, 2, 10))
    copy = murder(coordinator, date(2023, 2, 11))
    services.incident_transition(
        actor=coordinator, incident=copy, status="duplicate", duplicate_of=original
    )
    incident(actor=coordinator, event_type="murder", date=date(2023, 2, 12), killed=1)
    rejected = incident(actor=coordinator, event_type="murder", date=date(2023, 2, 13), killed=4)
    services.incident_transition(
        actor=coordinator, incident=rejected, status="rejected", note="No ocurrió."
    )
    figures = selectors.headline(calendar_year(2023))
    assert (figures.killed, figures.incidents) == (1, 1)
    with_unverified = selectors.headline(calendar_year(2023), include_unverified=True)
    assert (with_unverified.killed, with_unverified.incidents) == (2, 2)


def test_a_year_with_no_data_gives_zeros(coordinator: Any) -> None:
    figures = selectors.headline(calendar_year(2019))
    assert (figures.killed, figures.missing, figures.incidents, figures.victims) == (0, 0, 0, 0)
    assert selectors.breakdown(calendar_year(2019), "zone") == {}


def test_the_reporting_year_runs_from_its_configured_start(coordinator: Any) -> None:
    murder(coordinator, date(2022, 10, 2))
    murder(coordinator, date(2023, 9, 30))
    murder(coordinator, date(2023, 10, 1))
    # Known only to the year: cannot be placed in a period that straddles two years.
    murder(coordinator, date(2023, 1, 1), date_precision="year")
    with override_settings(VIGIA_REPORTING_YEAR_START="10-01"):
        period = reporting_year(2023)
    assert (period.start, period.end) == (date(2022, 10, 1), date(2023, 9, 30))
    assert selectors.headline(period).killed == 2
    assert selectors.unplaced_count(period) == 1
    assert selectors.headline(calendar_year(2023)).killed == 3
    with pytest.raises(PeriodError):
        reporting_year(2023, "10-15")


def test_breakdowns_add_up_and_place_deaths_in_the_month_they_happened(coordinator: Any) -> None:
    callao = Zone.objects.get(ubigeo="070101")
    murder(coordinator, date(2023, 2, 3), killed=2, zone=callao)
    murder(coordinator, date(2023, 2, 20), perpetrator_type=None)
    gone = disappearance(coordinator, date(2022, 12, 30))
    services.disappearance_outcome_set(
        actor=coordinator, incident=gone, outcome="found_dead", outcome_date=date(2023, 4, 2)
    )
    period = calendar_year(2023)
    assert selectors.breakdown(period, "month", "killed") == {"02": 3, "04": 1}
    assert selectors.breakdown(period, "zone", "killed") == {"070101": 2, "150116": 2}
    assert selectors.breakdown(period, "event_type", "killed") == {"murder": 3, "disappearance": 1}
    assert selectors.breakdown(period, "perpetrator_type") == {"criminal_group": 1, "unknown": 1}


def test_people_not_described_count_as_unknown_nationality(coordinator: Any) -> None:
    item = murder(coordinator, date(2023, 2, 3), killed=3)
    services.victim_add(
        actor=coordinator, incident=item, pseudonym="A", nationality="VE", killed=True,
        gender_identity="trans_woman",
    )  # fmt: skip
    services.victim_add(
        actor=coordinator, incident=item, pseudonym="B", nationality="PE", killed=True
    )
    period = calendar_year(2023)
    assert selectors.victim_breakdown(period, "nationality", "killed") == {
        "VE": 1,
        "PE": 1,
        "unknown": 1,
    }
    assert selectors.victim_breakdown(period, "gender_identity", "killed") == {
        "trans_woman": 1,
        "unknown": 2,
    }


def test_extortion_amounts_give_medians_ranges_and_totals(coordinator: Any) -> None:
    for quota in ("150.00", "200.00", "250.00", "500.00"):
        verified(actor=coordinator, date=date(2023, 5, 1), weekly_quota=quota)
    verified(actor=coordinator, date=date(2023, 5, 1), weekly_quota=None, registration_fee="300")
    summary = selectors.amounts(calendar_year(2023), "weekly_quota")["all"]
    assert summary.count == 4
    assert summary.median == Decimal("225.00")
    assert (summary.low, summary.high) == (Decimal("150.00"), Decimal("500.00"))
    assert summary.total == Decimal("1100.00")
    by_zone = selectors.amounts(calendar_year(2023), "registration_fee", "zone")
    assert by_zone["150116"].median == Decimal("300.00")
