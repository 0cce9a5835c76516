"""`vigia report`: the JSON of contracts.md §4, under disclosure control, and the release log."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vigia.incidents.tests.factories import verified
from vigia.reports.models import Release
from vigia.zones.models import Zone

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = {
    "year", "period", "killed", "missing", "incidents", "by_type", "by_perpetrator", "by_zone",
    "extortion", "suppressed_cells", "method_version",
}  # fmt: skip


@pytest.fixture
def register(coordinator: Any) -> None:
    """2023: 12 murders and 11 extortion demands in Lince, 3 murders in Callao."""
    callao = Zone.objects.get(ubigeo="070101")
    for day in range(1, 13):
        verified(actor=coordinator, event_type="murder", date=date(2023, 3, day), killed=1,
                 weekly_quota=None)  # fmt: skip
    for day in range(1, 4):
        verified(actor=coordinator, event_type="murder", date=date(2023, 4, day), killed=1,
                 zone=callao, weekly_quota=None)  # fmt: skip
    for day in range(1, 12):
        verified(actor=coordinator, date=date(2023, 5, day), weekly_quota=str(150 + 10 * day),
                 registration_fee="300")  # fmt: skip


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    data: dict[str, Any] = json.loads(out.getvalue())
    return data


def test_the_json_report_has_the_contract_shape_and_hides_small_cells(register: None) -> None:
    data = run("--year", "2023", "--format", "json")
    assert set(data) == CONTRACT_KEYS
    assert data["year"] == 2023 and data["period"] == {"from": "2023-01-01", "to": "2023-12-31"}
    assert (data["killed"], data["missing"], data["incidents"]) == (15, 0, 26)
    assert data["by_type"] == {"extortion_demand": 11, "murder": 15}
    # Callao's 3 murders are hidden, and Lince beside it, or the total would give Callao away.
    assert data["by_zone"] == {
        "070101": {"name": "Callao", "incidents": None},
        "150116": {"name": "Lince", "incidents": None},
    }
    assert data["extortion"] == {
        "weekly_quota_median": "210.00",
        "registration_fee_median": "300.00",
        "currency": "PEN",
    }
    assert data["suppressed_cells"] == 2 and data["method_version"] == "1"


def test_the_report_is_logged_once_per_distinct_release(register: None, tmp_path: Path) -> None:
    target = tmp_path / "informe.json"
    call_command("report", "--year", "2023", "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["killed"] == 15
    run("--year", "2023")
    assert Release.objects.filter(channel="report").count() == 1


def test_a_year_with_no_data_gives_zeros_not_an_error(db: Any) -> None:
    data = run("--year", "2015")
    assert (data["killed"], data["missing"], data["incidents"]) == (0, 0, 0)
    assert data["by_zone"] == {} and data["extortion"]["weekly_quota_median"] is None


def test_a_revision_smaller_than_k_is_withheld(register: None, coordinator: Any) -> None:
    assert run("--year", "2023")["killed"] == 15
    verified(actor=coordinator, event_type="murder", date=date(2023, 6, 1), killed=1,
             weekly_quota=None)  # fmt: skip
    revised = run("--year", "2023")
    assert revised["killed"] is None and revised["incidents"] is None


def test_a_pdf_needs_an_output_file_and_a_bad_year_is_one_sentence(db: Any) -> None:
    with pytest.raises(CommandError, match="--output"):
        call_command("report", "--year", "2023", "--format", "pdf")
    with pytest.raises(CommandError, match="four digits"):
        call_command("report", "--year", "23")
