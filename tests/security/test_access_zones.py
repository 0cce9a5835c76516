"""The authorization matrix with a zone axis: every URL × staff role × zone assignment.

vigia/accounts/tests/test_matrix.py checks every URL × role for staff who cover every zone.
Here each staff role is also assigned a single zone: Lince, where every sample record is
placed; Lima, the province Lince belongs to; or Callao, where none is. Expected: with Lince
or Lima, what the matrix expects (a zone never widens access); with Callao, 404 on every
page of a record placed in Lince; lists and forms as the matrix says. Two exceptions are by
design: linkage networks span districts and are only for staff covering every zone, and a
thread of a number that is not a member's belongs to no zone, so only staff covering every
zone see it.

Every page an analyst can open (with any zone assignment, or none) is also read for
identities: members' pseudonyms and numbers, victims' names and narratives never appear.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from vigia.accounts.tests.test_matrix import MATRIX, ROLES, Row, objects_for

STAFF = ROLES[1:]
# Objects whose pages are reached through a zone: placed in Lince, hidden from Callao.
ZONED = {"incident", "attachment", "member", "alert", "case", "referral", "candidate", "merge",
         "link", "suggestion"}  # fmt: skip
ALL_ZONES_ONLY = {"linkage:networks", "linkage:network"}
STRANGERS = {"thread"}  # a stranger's thread (no member, so no zone)
# Known gaps (URL name → reason), each an expected failure that turns red (strict) once fixed.
KNOWN: dict[str, str] = {}


class _Keys(dict[str, Any]):
    """Records which sample objects a row's path uses."""

    def __init__(self, objects: dict[str, Any]) -> None:
        super().__init__(objects)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.used.add(key)
        return super().__getitem__(key)


def _place_in_lince(lince: Any) -> None:
    from vigia.alerts.models import Alert
    from vigia.incidents.models import Incident
    from vigia.members.models import Member
    from vigia.press.models import Candidate

    Incident.objects.update(zone=lince)
    Candidate.objects.update(zone=lince)
    for member in Member.objects.all():
        member.zones.set([lince])
    for alert in Alert.objects.all():
        alert.zones.set([lince])


def expected(row: Row, role: str, zone: str, used: set[str]) -> int:
    """The status a staff member of ``role`` covering ``zone`` ("all", "Lince", "Callao")
    must get on ``row`` whose path uses the sample objects ``used``."""
    name, _method, _build, by_role = row
    status = by_role[role]
    if zone == "all" or status == 404:
        return status
    if name in ALL_ZONES_ONLY or used & STRANGERS:
        return 404
    if zone == "Callao" and used & ZONED:
        return 404
    return status


def identities() -> list[str]:
    """Every member's pseudonym and number, every victim's name, every narrative."""
    from vigia.incidents.models import Incident, Victim
    from vigia.members.models import Member

    found: list[str] = []
    for member in Member.objects.all():
        found += [member.pseudonym or "", member.address or "", (member.address or "")[3:]]
    found += [victim.pseudonym or "" for victim in Victim.objects.all()]
    found += [item.narrative or "" for item in Incident.objects.all()]
    return [value for value in found if len(value) >= 4]


def someone(actor: Any) -> Any:
    """A member who reported an incident with a named victim: identities every page could
    show, so that the analyst's pages are read against them (whatever the row's objects)."""
    from vigia.incidents import services
    from vigia.incidents.tests.factories import verified
    from vigia.members.tests.factories import member

    her = member(actor=actor, pseudonym="Violeta Ccori Analizada")
    item = verified(actor=actor, reporter=her, narrative="Relato de Violeta en la esquina.")
    services.victim_add(actor=actor, incident=item, pseudonym="Nadia Quispe Víctima")
    return her


def _shown(body: bytes, values: list[str]) -> list[str]:
    text = html.unescape(body.decode("utf-8", "replace"))
    return [v for v in values if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [
        pytest.param(row, id=row[0], marks=pytest.mark.xfail(strict=True, reason=KNOWN[row[0]]))
        if row[0] in KNOWN
        else pytest.param(row, id=row[0])
        for row in MATRIX
    ],
)
def test_each_zone_assignment_gets_the_expected_status(
    row: Row,
    make_staff: Callable[..., Any],
    admin_user: Any,
    lince: Any,
    callao: Any,
    as_user: Any,
) -> None:
    name, method, build, _by_role = row
    assignments = [("Callao", [callao]), ("Lince", [lince]), ("Lima", [lince.parent])]
    people = {
        (role, zone): make_staff(role, zones=zones) for zone, zones in assignments for role in STAFF
    }
    people[("analyst", "all")] = make_staff("analyst")
    someone(admin_user)
    keys = _Keys(objects_for(name, make_staff, admin_user))
    _place_in_lince(lince)
    path = build(keys)
    unexpected = []
    for (role, zone), user in people.items():
        client = as_user(user)
        with transaction.atomic():  # what a POST changes is undone before the next one
            response = getattr(client, method)(path)
            transaction.set_rollback(True)
        want = expected(row, role, zone, keys.used)
        if response.status_code != want:
            unexpected.append(f"{role} covering {zone}: {response.status_code}, expected {want}")
        if role == "analyst" and method == "get" and response.status_code == 200:
            streamed = getattr(response, "streaming_content", None)
            body = b"".join(streamed) if response.streaming and streamed else response.content
            assert _shown(body, identities()) == [], f"{name}: an analyst sees an identity"
    assert unexpected == [], name


@pytest.mark.django_db
def test_the_identity_check_sees_what_a_coordinators_page_shows(
    admin_user: Any, coordinator: Any, as_user: Any, reference_rows: None
) -> None:
    """The check above, against a page that does show identities (a member's own page)."""
    her = someone(admin_user)
    body = as_user(coordinator).get(f"/integrantes/{her.pk}/").content
    assert "Violeta Ccori Analizada" in _shown(body, identities())
