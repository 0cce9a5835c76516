from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from vigia.audit.models import Event
from vigia.backups.retention import apply_retention
from vigia.incidents import services
from vigia.incidents.models import Attachment
from vigia.incidents.tests.factories import incident
from vigia.incidents.tests.test_services import _jpeg_with_gps
from vigia.members.models import Member
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db


@override_settings(VIGIA_RETENTION_ATTACHMENT_DAYS=90, VIGIA_RETENTION_INACTIVE_DAYS=365)
def test_old_attachments_and_inactive_members_go_and_the_audit_keeps_only_counts(
    coordinator: Any,
) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        sleeper = member(pseudonym="Dormida")
        old = services.attachment_add(
            actor=coordinator, incident=incident(actor=coordinator), kind="photo",
            data=_jpeg_with_gps(),
        )  # fmt: skip
    active = member(pseudonym="Activa")
    fresh = services.attachment_add(
        actor=coordinator, incident=incident(actor=coordinator), kind="photo", data=_jpeg_with_gps()
    )
    counts = apply_retention()
    assert counts["attachments"] == 1 and counts["members"] == 1
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert Attachment.objects.filter(pk=fresh.pk).exists()
    assert Member.objects.get(pk=sleeper.pk).status == "erased"
    assert Member.objects.get(pk=active.pk).pseudonym == "Activa"
    event = Event.objects.get(action="retention.apply")
    assert event.data == {"raw_messages": 0, "attachments": 1, "members": 1}
    assert "Dormida" not in str(Event.objects.values_list("data", flat=True))


def test_by_default_evidence_and_members_are_kept(coordinator: Any) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=4000)):
        person = member()
    assert apply_retention()["members"] == 0
    assert Member.objects.get(pk=person.pk).status == "active"
