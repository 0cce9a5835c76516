"""Small builders for the alerts tests: members of a zone, verified incidents."""

from __future__ import annotations

import itertools
from typing import Any

from vigia.incidents import services as incidents
from vigia.incidents.tests.factories import incident as make_incident
from vigia.members import services as members
from vigia.members.models import Member

_numbers = itertools.count(100)


def member(
    actor: Any,
    zone: Any,
    *,
    channel: str = "whatsapp",
    consents: tuple[str, ...] = ("alerts",),
    language: str = "es",
    pseudonym: str = "Rosa",
) -> Member:
    n = next(_numbers)
    address = f"+519{n:08d}" if channel != "telegram" else str(7000000 + n)
    return members.member_enrol(
        actor=actor,
        pseudonym=pseudonym,
        channel=channel,
        address=address,
        zones=[zone] if zone is not None else [],
        consents=consents,
        language=language,
    )


def verified(actor: Any, **fields: Any) -> Any:
    item = make_incident(actor=actor, **fields)
    incidents.source_add(actor=actor, incident=item, kind="hotline")
    return incidents.incident_transition(
        actor=actor, incident=item, status="verified", note="Dos fuentes."
    )
