"""Reporting periods: the calendar year, or the organization's reporting year (1 Oct–30 Sep)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings


class PeriodError(ValueError):
    """A period that cannot be built; the message is one sentence for the user."""


@dataclass(frozen=True)
class Period:
    year: int
    start: date
    end: date  # inclusive

    @property
    def is_calendar_year(self) -> bool:
        return self.start == date(self.year, 1, 1) and self.end == date(self.year, 12, 31)

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise PeriodError(f"The year must have four digits, not {year}.")


def calendar_year(year: int) -> Period:
    _check_year(year)
    return Period(year, date(year, 1, 1), date(year, 12, 31))


def reporting_year(year: int, start: str | None = None) -> Period:
    """The reporting year that ends in `year`: with start 10-01, 2023 is 2022-10-01..2023-09-30.

    A start of 01-01 gives the calendar year.
    """
    _check_year(year)
    raw = start or settings.VIGIA_REPORTING_YEAR_START
    try:
        month, day = (int(part) for part in raw.split("-"))
        first = date(year, month, day)
    except ValueError:
        raise PeriodError(
            f"VIGIA_REPORTING_YEAR_START must be MM-DD (e.g. 10-01), not {raw!r}."
        ) from None
    if day != 1:
        # Incidents known only to the month could not be placed in a period that splits one.
        raise PeriodError(
            f"VIGIA_REPORTING_YEAR_START must be the first day of a month, not {raw!r}."
        )
    if (month, day) == (1, 1):
        return calendar_year(year)
    begin = first.replace(year=year - 1)
    return Period(year, begin, first - timedelta(days=1))
