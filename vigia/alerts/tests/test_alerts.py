"""Alerts: consent, the sanitising checklist, the approval rule, targeting, expiry, quiet
hours, the WhatsApp tier, withdrawal and correction."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vigia.alerts import delivery, selectors, services
from vigia.alerts.models import Alert, Delivery
from vigia.alerts.services import AlertError
from vigia.alerts.tests.helpers import member, verified
from vigia.indicators.services import indicator_link
from vigia.members import services as members
from vigia.messaging.models import OutboundMessage, Thread

pytestmark = pytest.mark.django_db
LIMA = ZoneInfo("America/Lima")
PLAIN = "Una nueva cobradora recorre la zona de noche pidiendo la inscripción."


def draft(actor: Any, zone: Any, text: str = PLAIN, **kw: Any) -> Alert:
    kw.setdefault("incidents", [verified(actor)])
    return services.alert_draft(actor=actor, kind="new_collector", text=text, zones=[zone], **kw)


def send(actor: Any, zone: Any, text: str = PLAIN, **kw: Any) -> Alert:
    return services.alert_submit(
        actor=actor, alert=draft(actor, zone, text, **kw), checklist_confirmed=True
    )


def test_an_alert_without_zones_is_refused(coordinator: Any, lince: Any) -> None:
    with pytest.raises(AlertError, match="al menos una zona"):
        services.alert_draft(actor=coordinator, kind="attack", text=PLAIN, zones=[])


def test_an_unverified_incident_cannot_feed_an_alert(coordinator: Any, lince: Any) -> None:
    from vigia.incidents.tests.factories import incident

    with pytest.raises(AlertError, match="verificados"):
        draft(coordinator, lince, incidents=[incident(actor=coordinator)])


def test_a_members_report_is_used_only_with_her_consent(coordinator: Any, lince: Any) -> None:
    reporter = member(coordinator, lince)
    without = verified(coordinator, reporter=reporter)
    with pytest.raises(AlertError, match="no aceptó"):
        draft(coordinator, lince, incidents=[without])
    consenting = verified(coordinator, reporter=reporter, usable_in_warnings=True)
    assert draft(coordinator, lince, incidents=[consenting]).status == "draft"


def test_a_number_from_a_report_without_consent_cannot_be_named(
    coordinator: Any, lince: Any
) -> None:
    reporter = member(coordinator, lince)
    item = verified(coordinator, reporter=reporter)
    link = indicator_link(actor=coordinator, incident=item, kind="phone", raw="987654321")
    with pytest.raises(AlertError, match="ningún incidente"):
        draft(coordinator, lince, incidents=[], indicators=[link.indicator])


@pytest.mark.parametrize(
    ("text", "failed"),
    [
        ("La víctima, llamada Carmen, fue golpeada en la zona.", "no_names"),
        ("Rosa fue amenazada por la cobradora.", "no_names"),
        ("Atacaron a una compañera en Av. Arequipa 1234.", "no_address"),
        ("Atacaron a una compañera a las 10:30 pm.", "no_time"),
        ("Atacaron a una compañera el 15 de febrero.", "no_time"),
        ("Según nos contó una compañera, hay un cliente violento.", "no_source"),
        ("Hay un cliente violento, ver https://diario.example/nota", "no_source"),
    ],
)
def test_the_checklist_refuses_what_points_to_who_reported(
    coordinator: Any, lince: Any, text: str, failed: str
) -> None:
    reporter = member(coordinator, lince, pseudonym="Rosa")
    alert = draft(
        coordinator,
        lince,
        text,
        incidents=[verified(coordinator, reporter=reporter, usable_in_warnings=True)],
    )
    assert [c.code for c in services.checklist(alert) if c.passed is False] == [failed]
    with pytest.raises(AlertError, match="Corrija el texto"):
        services.alert_submit(actor=coordinator, alert=alert, checklist_confirmed=True)


def test_the_author_must_confirm_she_reread_it(coordinator: Any, lince: Any) -> None:
    alert = draft(coordinator, lince)
    with pytest.raises(AlertError, match="Confirme"):
        services.alert_submit(actor=coordinator, alert=alert, checklist_confirmed=False)
    assert Alert.objects.get(pk=alert.pk).status == "draft"


def test_a_plain_alert_goes_out_when_its_author_submits_it(coordinator: Any, lince: Any) -> None:
    member(coordinator, lince)
    alert = send(coordinator, lince)
    assert alert.status == "sent"
    assert alert.expires_at is not None
    assert (alert.expires_at - alert.sent_at).days == 30  # type: ignore[operator]
    (copy,) = Delivery.objects.filter(alert=alert)
    text = copy.message.body["text"]  # type: ignore[union-attr]
    assert PLAIN in text and "cambian de dueño" in text and "personas pagadas" in text


def test_an_alert_naming_a_number_needs_another_coordinator(
    coordinator: Any, colleague: Any, lince: Any
) -> None:
    member(coordinator, lince)
    alert = send(coordinator, lince, "Cuidado con el 987 654 321: cobra cupos en la zona.")
    assert (alert.status, alert.approval_reasons) == ("pending", ["names_number"])
    assert not Delivery.objects.exists()
    with pytest.raises(AlertError, match="no puede aprobarla"):
        services.alert_approve(actor=coordinator, alert=alert)
    services.alert_approve(actor=colleague, alert=alert)
    alert.refresh_from_db()
    assert (alert.status, alert.approved_by) == ("sent", colleague)
    assert Delivery.objects.filter(alert=alert).count() == 1


def test_an_alert_to_many_members_needs_another_coordinator(
    coordinator: Any, lince: Any, settings: Any
) -> None:
    settings.VIGIA_ALERT_APPROVAL_OVER = 1
    member(coordinator, lince)
    member(coordinator, lince)
    assert send(coordinator, lince).approval_reasons == ["many_recipients"]


def test_it_reaches_only_consenting_reachable_members_of_the_zone(
    coordinator: Any, lince: Any, callao: Any
) -> None:
    yes = member(coordinator, lince)
    telegram = member(coordinator, lince, channel="telegram")
    member(coordinator, callao)  # another zone
    member(coordinator, lince, consents=())  # never consented
    withdrawn = member(coordinator, lince)
    members.consent_set(actor=coordinator, member=withdrawn, purpose="alerts", given=False)
    seized = member(coordinator, lince)
    members.member_mark_compromised(actor=coordinator, member=seized)
    english = member(coordinator, lince, language="en")
    alert = send(coordinator, lince)
    assert set(Delivery.objects.filter(alert=alert).values_list("member", flat=True)) == {
        yes.pk,
        telegram.pk,
        english.pk,
    }
    only = draft(coordinator, lince, channel="telegram", language="es")
    assert list(selectors.recipients(only)) == [telegram]


def test_quiet_hours_hold_her_copy_until_they_end(coordinator: Any, lince: Any) -> None:
    sleeper = member(coordinator, lince)
    awake = member(coordinator, lince)
    services.quiet_hours_set(actor=coordinator, member=sleeper, starts=time(22), ends=time(8))
    with time_machine.travel(datetime(2026, 3, 3, 23, 30, tzinfo=LIMA), tick=False):
        alert = send(coordinator, lince)
        held = Delivery.objects.get(alert=alert, member=sleeper)
        assert (held.state, held.reason, held.message) == ("scheduled", "quiet_hours", None)
        assert timezone_local(held.due_at) == datetime(2026, 3, 4, 8, 0, tzinfo=LIMA)
        assert Delivery.objects.get(alert=alert, member=awake).state == "queued"
        assert delivery.release_due() == 0
    with time_machine.travel(datetime(2026, 3, 4, 8, 1, tzinfo=LIMA), tick=False):
        assert delivery.release_due() == 1
    held.refresh_from_db()
    assert held.state == "queued" and held.message is not None


def timezone_local(value: datetime) -> datetime:
    return value.astimezone(LIMA)


def test_an_expired_alert_sends_nothing_more(coordinator: Any, lince: Any) -> None:
    sleeper = member(coordinator, lince)
    services.quiet_hours_set(actor=coordinator, member=sleeper, starts=time(0), ends=time(23, 59))
    with time_machine.travel(datetime(2026, 3, 3, 12, 0, tzinfo=LIMA), tick=False):
        alert = send(coordinator, lince)
    assert Delivery.objects.get(alert=alert).state == "scheduled"
    services.quiet_hours_set(actor=coordinator, member=sleeper, starts=None, ends=None)
    Delivery.objects.filter(alert=alert).update(due_at=alert.expires_at + timedelta(hours=1))  # type: ignore[operator]
    with time_machine.travel(alert.expires_at + timedelta(hours=2), tick=False):  # type: ignore[operator]
        assert Alert.objects.get(pk=alert.pk).expired
        services.expire_due()
        assert delivery.release_due() == 0
    assert Delivery.objects.get(alert=alert).reason == "expired"


def test_withdrawal_cancels_what_has_not_gone_and_tells_who_got_it(
    coordinator: Any, lince: Any
) -> None:
    got_it = member(coordinator, lince)
    waiting = member(coordinator, lince)
    alert = send(coordinator, lince)
    gone = Delivery.objects.get(alert=alert, member=got_it).message
    assert gone is not None
    OutboundMessage.objects.filter(pk=gone.pk).update(status="delivered")
    told = services.alert_withdraw(actor=coordinator, alert=alert)
    assert told == 1
    pending = Delivery.objects.get(alert=alert, member=waiting)
    assert pending.message is not None
    assert (pending.state, pending.reason, pending.message.status) == (
        "skipped",
        "withdrawn",
        "cancelled",
    )
    thread = Thread.objects.get(owner_id=got_it.pk)
    notice = OutboundMessage.objects.filter(thread=thread).order_by("created_at").last()
    assert notice is not None
    assert "fue retirada" in notice.body["text"]
    with pytest.raises(AlertError):
        services.alert_withdraw(actor=coordinator, alert=alert)


def test_a_correction_replaces_the_alert_once_sent(coordinator: Any, lince: Any) -> None:
    member(coordinator, lince)
    first = send(coordinator, lince)
    fixed = services.alert_correct(
        actor=coordinator, alert=first, text="Son dos cobradoras, no una, de noche en la zona."
    )
    assert fixed.status == "draft" and fixed.corrects == first
    services.alert_submit(actor=coordinator, alert=fixed, checklist_confirmed=True)
    first.refresh_from_db()
    assert first.status == "corrected"
    copy = Delivery.objects.get(alert=fixed)
    assert copy.message.body["text"].startswith("Corrección de la alerta del")  # type: ignore[union-attr]


def test_the_whatsapp_tier_spreads_the_alert_and_the_preview_says_how_long(
    coordinator: Any, lince: Any, settings: Any
) -> None:
    settings.VIGIA_WHATSAPP_TIER = 2
    for _ in range(5):
        member(coordinator, lince)
    alert = draft(coordinator, lince)
    shown = selectors.preview(alert, reasons=[], text=delivery.message_text(alert))
    assert (shown.whatsapp_template, shown.delay_days) == (5, 2)
    services.alert_submit(actor=coordinator, alert=alert, checklist_confirmed=True)
    states = sorted(Delivery.objects.filter(alert=alert).values_list("state", "reason"))
    assert states.count(("queued", "")) == 2
    assert states.count(("scheduled", "tier")) == 3


def test_the_delivery_report_counts_outbox_statuses_and_reasons(
    coordinator: Any, lince: Any
) -> None:
    a, b, c = (member(coordinator, lince) for _ in range(3))
    alert = send(coordinator, lince)
    rows = {d.member_id: str(d.message_id) for d in Delivery.objects.filter(alert=alert)}
    OutboundMessage.objects.filter(pk=rows[a.pk]).update(status="read")
    OutboundMessage.objects.filter(pk=rows[b.pk]).update(status="failed", error_code="131026")
    report = selectors.delivery_report(alert)
    assert report.total == 3
    assert report.statuses == {"read": 1, "failed": 1, "queued": 1}
    assert report.failures == {"131026": 1}
    del c
