"""Open data: aggregates under disclosure control; record-level rows only for public sources."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from vigia.incidents import services
from vigia.incidents.models import Incident
from vigia.incidents.tests.factories import verified
from vigia.reports import exports
from vigia.reports.periods import calendar_year
from vigia.reports.publishing import prepare
from vigia.zones.models import Zone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_delay")]
SECRET = "Relato privado con nombre canario"


@pytest.fixture
def no_delay() -> Any:
    with override_settings(VIGIA_OPEN_DATA_RECORD_DELAY_DAYS=0):
        yield


@pytest.fixture
def register(coordinator: Any) -> dict[str, Incident]:
    callao = Zone.objects.get(ubigeo="070101")
    for day in range(1, 13):
        verified(actor=coordinator, event_type="murder", date=date(2023, 3, day), killed=1,
                 weekly_quota=None, narrative=SECRET)  # fmt: skip
    press = verified(actor=coordinator, event_type="murder", date=date(2023, 4, 2), killed=1,
                     zone=callao, weekly_quota=None)  # fmt: skip
    mixed = verified(actor=coordinator, event_type="murder", date=date(2023, 4, 3), killed=1,
                     zone=callao, weekly_quota=None)  # fmt: skip
    services.source_add(actor=coordinator, incident=mixed, kind="member", title="Testimonio")
    return {"press": press, "mixed": mixed}


def test_record_level_rows_leave_out_incidents_with_a_private_source(
    register: dict[str, Incident],
) -> None:
    chosen = set(exports.publishable_records().values_list("pk", flat=True))
    assert register["press"].pk in chosen and register["mixed"].pk not in chosen
    asked = Incident.objects.filter(pk=register["mixed"].pk)
    with pytest.raises(exports.NotPublic):
        list(exports.records(asked))


def test_record_level_rows_wait_for_the_delay_and_carry_no_free_text(
    register: dict[str, Incident],
) -> None:
    with override_settings(VIGIA_OPEN_DATA_RECORD_DELAY_DAYS=30):
        # Verified today: not before 30 days have passed.
        assert not exports.publishable_records().exists()
        later = timezone.localdate() + timedelta(days=31)
        assert exports.publishable_records(today=later).count() == 13
    text = "".join(exports.records_csv())
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 13
    assert {row["admin3"] for row in rows} == {"Lince", "Callao"}
    assert rows[0]["source"] == "diario.example" and rows[0]["fatalities"] == "1"
    assert "canario" not in text and "Testimonio" not in text
    assert not any(register["press"].reference in value for row in rows for value in row.values())


def test_aggregate_exports_publish_no_small_cell(register: dict[str, Incident]) -> None:
    tables = prepare(calendar_year(2023))
    text = "".join(exports.tables_csv(tables.values()))
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        if row["value"]:
            assert not 1 <= int(row["value"]) < 10, row
    zones = {(r["level"], r["key"]): r["value"]
             for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
             if r["table"] == "killed_by_zone"}  # fmt: skip
    # Every district would be hidden: the table is coarsened to the areas of Lima.
    assert zones == {("area", "Callao"): "", ("area", "Lima Centro"): "", ("area", "*"): "14"}
    workbook = load_workbook(exports.tables_xlsx([tables["incidents_by_type"]]))
    assert workbook.sheetnames == ["incidents_by_type"]


def test_the_geojson_has_district_points_with_hidden_counts_as_null(
    register: dict[str, Incident],
) -> None:
    out = io.StringIO()
    call_command("export", "--year", "2023", "--format", "geojson", stdout=out)
    data = json.loads(out.getvalue())
    lince = next(f for f in data["features"] if f["properties"]["ubigeo"] == "150116")
    assert lince["geometry"]["type"] == "Point" and len(lince["geometry"]["coordinates"]) == 2
    assert lince["properties"]["killed"] is None


def test_the_export_command_streams_records_as_json(register: dict[str, Incident]) -> None:
    out = io.StringIO()
    call_command("export", "--records", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 13 and set(rows[0]) == set(exports.RECORD_COLUMNS)
