from __future__ import annotations

from typing import Any

import pytest

from vigia.members import services as members
from vigia.members.tests.factories import member
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import Thread

pytestmark = pytest.mark.django_db


def test_erasing_from_the_coordinators_ui_also_forgets_her_threads(coordinator: Any) -> None:
    person = member(actor=coordinator)
    thread = thread_for("whatsapp", person.address or "")
    assert Thread.objects.filter(pk=thread.pk, owner_id=person.pk).exists()
    members.member_erase(actor=coordinator, member=person)
    assert not Thread.objects.filter(pk=thread.pk).exists()
