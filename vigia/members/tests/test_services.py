from __future__ import annotations

from typing import Any

import pytest

from vigia.members import services
from vigia.members.models import Member
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db


def test_an_invited_member_links_her_phone_by_sending_the_code(
    coordinator: Any, lince: Any
) -> None:
    person, code = services.member_invite(
        actor=coordinator, pseudonym="Luz", zones=[lince], consents=["alerts"]
    )
    assert person.status == "invited" and services.looks_like_code(code)
    linked = services.member_claim_code(code=code, channel="whatsapp", address="+51900123450")
    assert linked is not None and linked.pk == person.pk and linked.status == "active"
    assert services.member_claim_code(code=code, channel="whatsapp", address="+51900123451") is None


def test_a_reissued_code_moves_her_to_a_new_number_keeping_consents_and_zones(
    coordinator: Any, lince: Any
) -> None:
    person = member(actor=coordinator, zones=[lince], consents=["alerts", "statistics"])
    services.member_mark_compromised(actor=coordinator, member=person)
    code = services.member_reissue_code(actor=coordinator, member=person)
    moved = services.member_claim_code(code=code, channel="telegram", address="123456789")
    assert moved is not None and moved.pk == person.pk
    fresh = Member.objects.get(pk=person.pk)
    assert fresh.channel == "telegram" and fresh.address == "123456789"
    assert fresh.compromised_at is None and fresh.reachable
    assert services.has_consent(fresh, "alerts") and list(fresh.zones.all()) == [lince]
    assert services.find_by_address("telegram", "123456789") == fresh


def test_a_compromised_member_is_not_reachable_and_consent_withdrawal_keeps_history(
    coordinator: Any,
) -> None:
    person = member(actor=coordinator, consents=["alerts"])
    services.member_mark_compromised(actor=coordinator, member=person)
    assert not Member.objects.get(pk=person.pk).reachable
    services.consent_set(actor=coordinator, member=person, purpose="alerts", given=False)
    assert not services.has_consent(person, "alerts")
    assert person.consents.filter(purpose="alerts", withdrawn_at__isnull=False).exists()


def test_revealing_a_contact_needs_a_reason_and_is_audited(coordinator: Any) -> None:
    from vigia.audit.models import Event

    person = member(actor=coordinator, address="+51900555000")
    with pytest.raises(services.MemberError):
        services.member_reveal_contact(actor=coordinator, member=person, reason=" ")
    shown = services.member_reveal_contact(actor=coordinator, member=person, reason="emergencia")
    assert shown == "+51900555000"
    assert services.contact_masked(person) == "+********000"
    event = Event.objects.get(action="member.reveal_contact")
    assert "+51900555000" not in str(event.data)
