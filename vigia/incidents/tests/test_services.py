from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from vigia.audit.models import Event
from vigia.incidents import media, services
from vigia.incidents.models import Incident
from vigia.incidents.tests.factories import event_type, incident, verified
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_new_incident_gets_a_random_reference_and_is_audited(coordinator: Any) -> None:
    first, second = incident(actor=coordinator), incident(actor=coordinator)
    assert first.reference.startswith("VG-") and first.reference != second.reference
    assert first.status == "reported"
    assert Event.objects.filter(action="incident.create", object_id=str(first.pk)).exists()


def test_the_narrative_is_encrypted_and_kept_out_of_the_audit(coordinator: Any) -> None:
    item = incident(actor=coordinator, narrative="Relato canario único 55")
    assert Incident.objects.get(pk=item.pk).narrative == "Relato canario único 55"
    raw = Incident.objects.filter(pk=item.pk).values_list("narrative", flat=True).get()
    assert b"canario" not in raw.blob
    assert not Event.objects.filter(data__icontains="canario").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"date": timezone.localdate() + timedelta(days=2)}, "date"),
        ({"event_type": "murder", "killed": 0}, "killed"),
        ({"event_type": "disappearance", "missing": 0}, "missing"),
        ({"weekly_quota": "-5.00"}, "weekly_quota"),
    ],
)
def test_invalid_incidents_are_refused_field_by_field(
    coordinator: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        incident(actor=coordinator, **fields)
    assert field in error.value.message_dict


def test_negative_counts_are_refused(coordinator: Any) -> None:
    with pytest.raises(ValidationError) as error:
        incident(actor=coordinator, injured=-1)
    assert "injured" in error.value.message_dict


def test_review_goes_through_the_allowed_transitions(coordinator: Any) -> None:
    item = incident(actor=coordinator)
    services.incident_transition(actor=coordinator, incident=item, status="under_review")
    with pytest.raises(services.TransitionError, match="al menos una fuente"):
        services.incident_transition(actor=coordinator, incident=item, status="verified", note="ok")
    services.source_add(actor=coordinator, incident=item, kind="member")
    with pytest.raises(services.TransitionError, match="motivo"):
        services.incident_transition(actor=coordinator, incident=item, status="verified")
    services.incident_transition(
        actor=coordinator,
        incident=item,
        status="verified",
        note="Dos testimonios",
        level="corroborated",
    )
    item.refresh_from_db()
    assert item.status == "verified" and item.verified_by == coordinator
    assert item.verification_level == "corroborated" and item.verified_at is not None
    with pytest.raises(services.TransitionError):
        services.incident_transition(actor=coordinator, incident=item, status="reported")


def test_rejecting_and_reopening(coordinator: Any) -> None:
    item = incident(actor=coordinator)
    services.incident_transition(actor=coordinator, incident=item, status="rejected", note="Falso")
    services.incident_transition(actor=coordinator, incident=item, status="under_review")
    assert Incident.objects.get(pk=item.pk).status == "under_review"


def test_a_duplicate_points_to_its_original(coordinator: Any) -> None:
    original, copy = verified(actor=coordinator), incident(actor=coordinator)
    with pytest.raises(services.TransitionError):
        services.incident_transition(actor=coordinator, incident=copy, status="duplicate")
    services.incident_transition(
        actor=coordinator, incident=copy, status="duplicate", duplicate_of=original
    )
    assert Incident.objects.get(pk=copy.pk).duplicate_of == original


def test_a_disappearance_has_a_lifecycle(coordinator: Any) -> None:
    item = incident(actor=coordinator, event_type=event_type("disappearance"), missing=1)
    assert item.outcome == "still_missing"
    with pytest.raises(ValidationError):
        services.disappearance_outcome_set(
            actor=coordinator, incident=item, outcome="found_dead", outcome_date=None
        )
    services.disappearance_outcome_set(
        actor=coordinator, incident=item, outcome="found_dead", outcome_date=date(2024, 3, 20)
    )
    item.refresh_from_db()
    assert item.outcome == "found_dead" and item.outcome_date == date(2024, 3, 20)


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "S", 2: (12.0, 5.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_an_attachment_is_stored_encrypted_hashed_and_stripped_on_export(
    coordinator: Any,
) -> None:
    item = incident(actor=coordinator)
    data = _jpeg_with_gps()
    attachment = services.attachment_add(
        actor=coordinator, incident=item, kind="screenshot", data=data, original_name="chat.jpg"
    )
    assert attachment.media_type == "image/jpeg" and attachment.size == len(data)
    import hashlib

    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    stored = (media._path(str(attachment.pk))).read_bytes()
    assert data not in stored and b"CameraMaker" not in stored
    assert media.load(str(attachment.pk)) == data
    clean = media.stripped_copy(data, "image/jpeg")
    assert b"CameraMaker" not in clean and Image.open(io.BytesIO(clean)).getexif() == {}


def test_a_file_that_is_not_what_it_claims_is_refused(coordinator: Any) -> None:
    item = incident(actor=coordinator)
    with pytest.raises(media.MediaError):
        services.attachment_add(
            actor=coordinator, incident=item, kind="photo", data=b"MZ\x90\x00 not an image"
        )


def test_a_members_attachment_dies_with_her_key(coordinator: Any) -> None:
    from vigia.members import services as members
    from vigia.vault.errors import KeyDestroyed

    person = member()
    item = incident(actor=coordinator, reporter=person)
    attachment = services.attachment_add(
        actor=coordinator, incident=item, kind="screenshot", data=_jpeg_with_gps(), member=person
    )
    members.member_erase(actor=None, member=person)
    with pytest.raises(KeyDestroyed):
        media.load(str(attachment.pk))
