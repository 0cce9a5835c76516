from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from vigia.incidents.tests.factories import incident
from vigia.indicators import services
from vigia.indicators.models import Indicator
from vigia.members.tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_same_number_written_two_ways_is_one_indicator(coordinator: Any) -> None:
    item = incident(actor=coordinator)
    a = services.indicator_link(actor=coordinator, incident=item, kind="phone", raw="987 654 321")
    b = services.indicator_link(
        actor=coordinator, incident=item, kind="yape", raw="+51987654321", role="receives_payments"
    )
    assert a.indicator_id == b.indicator_id
    indicator = Indicator.objects.get(pk=a.indicator_id)
    assert indicator.kind == "yape" and indicator.value == "+51987654321"
    assert services.find("phone", "0051 987-654-321") == indicator


def test_a_cci_of_19_digits_is_refused_with_a_clear_message(coordinator: Any) -> None:
    with pytest.raises(ValidationError, match="20 dígitos"):
        services.indicator_get_or_create(actor=coordinator, kind="cci", raw="0021931366008200241")


def test_a_cci_keeps_its_bank_and_a_soft_checksum_flag(coordinator: Any) -> None:
    good, _ = services.indicator_get_or_create(
        actor=coordinator, kind="cci", raw="011-356-000200194450-39"
    )
    bad, _ = services.indicator_get_or_create(
        actor=coordinator, kind="cci", raw="011-356-000200194450-38"
    )
    assert good.bank == "BBVA" and good.checksum_ok is True
    assert bad.checksum_ok is False  # kept, flagged, never dropped


def test_the_reporting_members_own_number_never_becomes_an_indicator(coordinator: Any) -> None:
    person = member(address="+51 900 555 111")
    item = incident(actor=coordinator, reporter=person)
    with pytest.raises(ValidationError, match="propia integrante"):
        services.indicator_link(actor=coordinator, incident=item, kind="yape", raw="900555111")
    assert not Indicator.objects.exists()


def test_an_eight_digit_number_is_not_repaired_into_a_phone(coordinator: Any) -> None:
    with pytest.raises(ValidationError):
        services.indicator_get_or_create(actor=coordinator, kind="phone", raw="98765432")
