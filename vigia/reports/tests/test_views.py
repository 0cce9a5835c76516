"""Figures pages, downloads, the opt-in public page and the read-only API."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client, override_settings

from vigia.incidents.tests.factories import verified
from vigia.reports.models import Release

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(coordinator: Any) -> None:
    for day in range(1, 13):
        verified(actor=coordinator, event_type="murder", date=date(2023, 3, day), killed=1,
                 weekly_quota=None)  # fmt: skip


def test_an_anonymous_visitor_is_sent_to_log_in(db: Any) -> None:
    response = Client().get("/cifras/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_the_outsider_sees_no_public_page_or_api_while_the_organization_has_not_opted_in(
    outsider: Any, as_user: Any
) -> None:
    for path in ("/publico/", "/api/v1/openapi.json", "/api/v1/years/2023/", "/datos/2023.csv"):
        assert Client().get(path).status_code == 404
        assert as_user(outsider).get(path).status_code == 404


def test_a_coordinator_can_open_the_incidents_behind_a_figure(
    register: None, coordinator: Any, as_user: Any
) -> None:
    page = as_user(coordinator).get("/cifras/?year=2023").content.decode()
    assert 'data-figure="killed">12<' in page
    assert "/registro/?status=verified&amp;year=2023&amp;type=murder" in page


def test_an_analyst_sees_the_aggregates_without_links_to_records(
    register: None, analyst: Any, as_user: Any
) -> None:
    page = as_user(analyst).get("/cifras/?year=2023").content.decode()
    assert 'data-figure="killed">12<' in page
    assert "/registro/" not in page.split('id="main"')[1]
    assert "VG-" not in page  # no incident reference anywhere


def test_a_staff_download_streams_and_is_logged_as_a_release(
    register: None, analyst: Any, as_user: Any
) -> None:
    response = as_user(analyst).get("/cifras/datos/2023.csv")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "incidents_by_type" in body
    assert Release.objects.filter(channel="export", created_by=analyst).count() == 1
    assert as_user(analyst).get("/cifras/datos/2023.pdf").status_code == 404


@override_settings(VIGIA_PUBLIC_DATA=True)
def test_the_public_page_and_api_show_the_same_protected_figures(register: None) -> None:
    client = Client()
    page = client.get("/publico/?year=2023")
    assert page.status_code == 200 and 'data-figure="killed">12<' in page.content.decode()
    summary = client.get("/api/v1/years/2023/").json()
    assert summary["killed"] == 12 and summary["incidents"] == 12
    table = client.get("/api/v1/years/2023/tables/incidents_by_type/").json()
    assert table["rows"][0] == {"key": "murder", "label": "Asesinato", "value": 12}
    assert client.get("/api/v1/years/2023/tables/nope/").status_code == 404
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/v1/years/{year}/" in spec["paths"]
    geo = json.loads(client.get("/api/v1/years/2023/districts.geojson").content)
    assert geo["features"][0]["properties"]["incidents"] == 12
    # The same tables, whichever channel published them first, are logged once.
    client.get("/api/v1/years/2023/")
    assert list(Release.objects.values_list("channel", flat=True)) == ["public"]
