"""Cases: consent before any case message or referral, police only with that consent,
encrypted notes, referral outcomes, and the outsider's 404."""

from __future__ import annotations

from typing import Any

import pytest

from vigia.alerts.tests.helpers import member
from vigia.cases import services
from vigia.cases.models import Case, Note, Service
from vigia.cases.services import CaseError
from vigia.members import services as members
from vigia.messaging.models import OutboundMessage

pytestmark = pytest.mark.django_db


def _service(actor: Any, kind: str = "shelter") -> Service:
    return services.service_save(
        actor=actor,
        name="Casa Refugio",
        kind=kind,
        contact="01 555 0000",
        hours="24 h",
        accepts="mujeres trans",
    )


def test_a_referral_needs_her_consent_to_follow_up(coordinator: Any, lince: Any) -> None:
    her = member(coordinator, lince, consents=())
    case = services.case_open(actor=coordinator, member=her)
    with pytest.raises(CaseError, match="no aceptó el seguimiento"):
        services.referral_create(actor=coordinator, case=case, service=_service(coordinator))
    members.consent_set(actor=coordinator, member=her, purpose="followup", given=True)
    referral = services.referral_create(actor=coordinator, case=case, service=_service(coordinator))
    case.refresh_from_db()
    assert case.status == "referred"
    services.referral_outcome(actor=coordinator, referral=referral, outcome="attended")
    referral.refresh_from_db()
    assert referral.outcome == "attended" and referral.outcome_at is not None


def test_the_police_only_with_her_consent_to_share_with_them(coordinator: Any, lince: Any) -> None:
    her = member(coordinator, lince, consents=("followup",))
    case = services.case_open(actor=coordinator, member=her)
    police = _service(coordinator, kind="police")
    with pytest.raises(CaseError, match="policía"):
        services.referral_create(actor=coordinator, case=case, service=police)
    members.consent_set(actor=coordinator, member=her, purpose="police", given=True)
    assert services.referral_create(actor=coordinator, case=case, service=police).pk


def test_no_case_message_goes_out_without_consent(coordinator: Any, lince: Any) -> None:
    her = member(coordinator, lince, consents=("alerts",))
    case = services.case_open(actor=coordinator, member=her)
    with pytest.raises(CaseError):
        services.case_message(actor=coordinator, case=case, text="¿Cómo estás?")
    assert not OutboundMessage.objects.exists()
    members.consent_set(actor=coordinator, member=her, purpose="followup", given=True)
    services.case_message(actor=coordinator, case=case, text="¿Cómo estás?")
    assert OutboundMessage.objects.get().body["text"] == "¿Cómo estás?"
    members.member_mark_compromised(actor=coordinator, member=her)
    with pytest.raises(CaseError, match="comprometido"):
        services.case_message(actor=coordinator, case=case, text="Hola")


def test_notes_are_sealed_with_her_key_and_die_with_her(coordinator: Any, lince: Any) -> None:
    her = member(coordinator, lince)
    case = services.case_open(actor=coordinator, member=her)
    services.note_add(actor=coordinator, case=case, text="Necesita albergue esta noche.")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM cases_note")
        (raw,) = cursor.fetchone()
    assert b"albergue" not in bytes(raw)
    members.member_erase(actor=coordinator, member=her)
    assert Note.objects.get().text is None  # her key is gone: unreadable


def test_a_case_follows_someone_and_cannot_be_assigned_to_an_analyst(
    coordinator: Any, analyst: Any, lince: Any
) -> None:
    with pytest.raises(CaseError):
        services.case_open(actor=coordinator)
    her = member(coordinator, lince)
    with pytest.raises(CaseError):
        services.case_open(actor=coordinator, member=her, assigned_to=analyst)
    case = services.case_open(actor=coordinator, member=her, assigned_to=coordinator)
    services.case_update(
        actor=coordinator,
        case=case,
        status="closed",
        assigned_to=coordinator,
        next_action="",
        due_date=None,
    )
    assert Case.objects.get().closed_at is not None


def test_an_outsider_gets_404_for_a_lince_case(
    coordinator: Any, outsider: Any, lince: Any, as_user: Any
) -> None:
    case = services.case_open(actor=coordinator, member=member(coordinator, lince))
    assert as_user(coordinator).get(f"/casos/{case.pk}/").status_code == 200
    assert as_user(outsider).get(f"/casos/{case.pk}/").status_code == 404
    assert as_user(outsider).post(f"/casos/{case.pk}/note/", {"text": "x"}).status_code == 404


def test_the_case_page_refuses_a_referral_without_consent_with_a_message(
    coordinator: Any, lince: Any, as_user: Any
) -> None:
    case = services.case_open(actor=coordinator, member=member(coordinator, lince, consents=()))
    shelter = _service(coordinator)
    client = as_user(coordinator)
    response = client.post(f"/casos/{case.pk}/refer/", {"service": shelter.pk}, follow=True)
    assert "no aceptó el seguimiento" in response.content.decode()
    assert not case.referrals.exists()
