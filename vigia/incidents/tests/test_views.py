from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigia.audit.models import Event
from vigia.incidents import services
from vigia.incidents.models import Incident
from vigia.incidents.tests.factories import event_type, incident, verified
from vigia.incidents.tests.test_services import _jpeg_with_gps
from vigia.indicators import services as indicators

pytestmark = pytest.mark.django_db


def test_the_outsider_gets_404_on_every_incident_page(
    outsider: Any, coordinator: Any, as_user: Any
) -> None:
    item = incident(actor=coordinator)  # in Lince; the outsider covers only Callao
    attachment = services.attachment_add(
        actor=coordinator, incident=item, kind="screenshot", data=_jpeg_with_gps()
    )
    link = indicators.indicator_link(
        actor=coordinator, incident=item, kind="phone", raw="912000111"
    )
    client = as_user(outsider)
    for path in [
        f"/registro/{item.pk}/",
        f"/registro/{item.pk}/editar/",
        f"/registro/{item.pk}/expediente/",
        f"/registro/adjuntos/{attachment.pk}/",
        f"/indicadores/{link.indicator_id}/",
        f"/indicadores/incidente/{item.pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/registro/{item.pk}/estado/", {"review-status": "verified"}).status_code
        == 404
    )
    assert item.reference not in client.get("/registro/").content.decode()


def test_a_coordinator_creates_an_incident_and_invalid_fields_are_named(
    coordinator: Any, as_user: Any, lince: Any
) -> None:
    client = as_user(coordinator)
    bad = client.post(
        "/registro/nuevo/",
        {
            "event_type": event_type("murder").pk,
            "date": "2099-01-01",
            "date_precision": "day",
            "zone": lince.pk,
            "geo_precision": "district",
            "killed": 0,
            "missing": 0,
            "injured": 0,
            "currency": "PEN",
        },
    )
    page = bad.content.decode()
    assert bad.status_code == 200 and not Incident.objects.exists()
    assert "La fecha no puede estar en el futuro." in page
    assert "Un asesinato tiene al menos una persona asesinada." in page
    good = client.post(
        "/registro/nuevo/",
        {
            "event_type": event_type("murder").pk,
            "date": "2024-02-15",
            "date_precision": "day",
            "zone": lince.pk,
            "geo_precision": "district",
            "killed": 1,
            "missing": 0,
            "injured": 0,
            "currency": "PEN",
            "narrative": "Relato",
        },
    )
    created = Incident.objects.get()
    assert good["Location"] == f"/registro/{created.pk}/"
    assert created.created_by == coordinator and created.narrative == "Relato"


def test_filters_find_incidents_by_type_zone_status_and_year(
    coordinator: Any, as_user: Any, callao: Any
) -> None:
    kept = verified(actor=coordinator, event_type="threat")
    incident(actor=coordinator, zone=callao)
    incident(actor=coordinator, date=kept.date.replace(year=2021))
    page = (
        as_user(coordinator)
        .get(
            "/registro/",
            {"type": "threat", "zone": "150116", "status": "verified", "year": kept.date.year},
        )
        .content.decode()
    )
    assert kept.reference in page and "1 incidente" in page


def test_the_list_and_dashboard_use_a_bounded_number_of_queries(
    coordinator: Any, as_user: Any
) -> None:
    client = as_user(coordinator)
    for _ in range(3):
        incident(actor=coordinator)
    counts = []
    for extra in (0, 30):
        for _ in range(extra):
            incident(actor=coordinator)
        with CaptureQueriesContext(connection) as list_queries:
            assert client.get("/registro/").status_code == 200
        with CaptureQueriesContext(connection) as board_queries:
            assert client.get("/").status_code == 200
        counts.append((len(list_queries), len(board_queries)))
    assert counts[0] == counts[1], counts  # no query per row
    assert counts[0][0] <= 15 and counts[0][1] <= 15


def test_verification_from_the_page_records_who_and_why(coordinator: Any, as_user: Any) -> None:
    item = incident(actor=coordinator)
    services.source_add(actor=coordinator, incident=item, kind="family")
    client = as_user(coordinator)
    response = client.post(
        f"/registro/{item.pk}/estado/",
        {
            "review-status": "verified",
            "review-level": "one_source",
            "review-note": "Llamé a la familia",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "verified" and item.verification_note == "Llamé a la familia"
    refused = client.post(f"/registro/{item.pk}/estado/", {"review-status": "reported"})
    assert refused.status_code == 400 and "No se puede pasar" in refused.content.decode()


def test_the_evidence_bundle_holds_the_originals_and_their_hashes(
    coordinator: Any, as_user: Any
) -> None:
    item = incident(actor=coordinator)
    data = _jpeg_with_gps()
    attachment = services.attachment_add(
        actor=coordinator, incident=item, kind="payment_slip", data=data
    )
    response = as_user(coordinator).get(f"/registro/{item.pk}/expediente/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifiesto.json"))
    assert archive.read(f"adjuntos/{attachment.pk}.jpg") == data
    assert archive.read("resumen.pdf").startswith(b"%PDF")
    import hashlib

    assert manifest["files"][f"adjuntos/{attachment.pk}.jpg"] == hashlib.sha256(data).hexdigest()
    assert manifest["custody"][str(attachment.pk)][0]["action"] == "attachment.add"
    assert Event.objects.filter(action="incident.bundle_export", object_id=str(item.pk)).exists()


def test_viewing_an_attachment_shows_a_stripped_copy_and_is_audited(
    coordinator: Any, as_user: Any
) -> None:
    item = incident(actor=coordinator)
    attachment = services.attachment_add(
        actor=coordinator, incident=item, kind="photo", data=_jpeg_with_gps()
    )
    response = as_user(coordinator).get(f"/registro/adjuntos/{attachment.pk}/")
    assert response["Content-Type"] == "image/jpeg" and b"CameraMaker" not in response.content
    assert Event.objects.filter(action="attachment.view", object_id=str(attachment.pk)).exists()


def test_the_indicator_page_lists_its_incidents_and_warns(coordinator: Any, as_user: Any) -> None:
    item = incident(actor=coordinator)
    link = indicators.indicator_link(
        actor=coordinator, incident=item, kind="yape", raw="912 000 222", role="receives_payments"
    )
    page = as_user(coordinator).get(f"/indicadores/{link.indicator_id}/").content.decode()
    assert item.reference in page and "912 000 222" in page
    assert "se reasignan" in page and "mulas" in page
