"""CI slice of bench/security/forgery.py: forged webhooks are all refused, replays of genuine
ones change nothing; and the detector reports a build that skips the signature check."""

from __future__ import annotations

from typing import Any

import pytest

from tests.security import forgery

pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(settings: Any) -> None:
    for name, value in forgery.SETTINGS.items():
        setattr(settings, name, value)


def test_forged_deliveries_are_all_refused_and_store_nothing(providers: None) -> None:
    report = forgery.forge(300)
    assert report.sent == 300
    assert len(report.kinds) == 30  # every kind of forgery of every provider
    assert report.accepted == []
    assert set(report.statuses) == {403}
    assert report.rows_after == report.rows_before


def test_replayed_genuine_deliveries_have_no_second_effect(providers: None) -> None:
    report = forgery.replay(per_provider=5, times=2)
    assert report.first_answers == {200: 15}
    assert report.rows_after_first["inbound"] == report.rows_before["inbound"] + 15
    assert report.replay_answers == {200: 30}
    assert report.rows_after_replays == report.rows_after_first
    assert report.second_effects == 0


def test_the_forgery_check_reports_a_build_that_accepts_unsigned_deliveries(
    providers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigia.messaging.providers.whatsapp import views

    monkeypatch.setattr(views, "_verify", lambda request, raw: True)
    report = forgery.forge(60)
    assert {provider for provider, _kind, _status in report.accepted} == {"whatsapp"}
    assert len(report.accepted) == 22  # the 11 WhatsApp forgeries, twice
    assert report.created > 0
