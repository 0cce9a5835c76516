"""Writes on alerts; audited with ids only (never the alert's text or a number).

Life of an alert: drafted from verified incidents or indicators → submitted against the
sanitising checklist → sent at once, or waits for a second coordinator when it names a
number or an account or reaches many members → withdrawn or corrected. Emergencies live in
:mod:`vigia.alerts.emergencies`; ``emergency_create`` is re-exported for the chat flows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.alerts import delivery, sanitize
from vigia.alerts.emergencies import emergency_create
from vigia.alerts.models import Alert, QuietHours
from vigia.alerts.selectors import recipients
from vigia.audit.chain import record
from vigia.incidents.models import Incident
from vigia.incidents.models.incident import Status
from vigia.indicators.models import Indicator
from vigia.zones.models import Zone

__all__ = [
    "AlertError",
    "alert_approve",
    "alert_correct",
    "alert_draft",
    "alert_submit",
    "alert_update",
    "alert_withdraw",
    "approval_reasons",
    "checklist",
    "emergency_create",
    "quiet_hours_set",
]


class AlertError(Exception):
    """A refused action; the message is for the coordinator."""


def _usable(incident: Incident) -> bool:
    """Verified, and when a member reported it, with her consent to warnings."""
    if incident.status != Status.VERIFIED:
        return False
    return incident.reporter_id is None or incident.usable_in_warnings


def _check_sources(incidents: list[Incident], indicators: list[Indicator]) -> None:
    for incident in incidents:
        if incident.status != Status.VERIFIED:
            raise AlertError(_("Solo se alerta con incidentes verificados."))
        if not _usable(incident):
            raise AlertError(
                _("Quien reportó ese incidente no aceptó que se use en alertas: no puede usarse.")
            )
    for indicator in indicators:
        found = [link.incident for link in indicator.links.select_related("incident")]
        if not any(i is not None and _usable(i) for i in found):
            raise AlertError(
                _(
                    "Ese número o cuenta no aparece en ningún incidente verificado que pueda "
                    "usarse en alertas."
                )
            )


def _names_and_refs(alert: Alert) -> tuple[list[str], list[str]]:
    names: list[str] = []
    refs: list[str] = []
    for incident in alert.incidents.select_related("reporter"):
        refs.append(incident.reference)
        if incident.reporter is not None and incident.reporter.pseudonym:
            names.append(str(incident.reporter.pseudonym))
        names += [str(v.pseudonym) for v in incident.victims.all() if v.pseudonym]
    return names, refs


def checklist(alert: Alert, text: str | None = None) -> list[sanitize.Check]:
    names, refs = _names_and_refs(alert)
    return sanitize.checks(alert.text or "" if text is None else text, names=names, references=refs)


def approval_reasons(alert: Alert) -> list[str]:
    """Why a second coordinator must approve (empty: the author may send it)."""
    reasons = []
    named = sanitize.named_indicators(alert.text or "")
    if named or alert.indicators.filter(kind__in=sanitize.NAMED_KINDS).exists():
        reasons.append("names_number")
    if recipients(alert).count() > settings.VIGIA_ALERT_APPROVAL_OVER:
        reasons.append("many_recipients")
    return reasons


def _validate_fields(kind: str, text: str, zones: list[Zone], channel: str) -> None:
    if kind not in Alert.Kind.values:
        raise AlertError(_("Elija el tipo de alerta."))
    if not text.strip():
        raise AlertError(_("Escriba el texto de la alerta."))
    if not zones:
        raise AlertError(_("Elija al menos una zona: una alerta sin zonas no llega a nadie."))
    if channel and channel not in ("whatsapp", "telegram", "sms"):
        raise AlertError(_("Ese canal no recibe alertas."))


@transaction.atomic
def alert_draft(
    *,
    actor: Any,
    kind: str,
    text: str,
    zones: Iterable[Zone],
    language: str = "",
    channel: str = "",
    incidents: Iterable[Incident] = (),
    indicators: Iterable[Indicator] = (),
    corrects: Alert | None = None,
) -> Alert:
    zones, incidents, indicators = list(zones), list(incidents), list(indicators)
    _validate_fields(kind, text, zones, channel)
    _check_sources(incidents, indicators)
    alert = Alert(
        kind=kind,
        text=text.strip(),
        language=language,
        channel=channel,
        created_by=actor,
        corrects=corrects,
    )
    alert.full_clean(exclude=["zones", "incidents", "indicators"])
    alert.save()
    alert.zones.set(zones)
    alert.incidents.set(incidents)
    alert.indicators.set(indicators)
    record(
        actor=actor,
        action="alert.draft",
        obj=alert,
        data={
            "incidents": [str(i.pk) for i in incidents],
            "indicators": [str(i.pk) for i in indicators],
            "zones": [z.pk for z in zones],
            "corrects": str(corrects.pk) if corrects else "",
        },
    )
    return alert


@transaction.atomic
def alert_update(
    *,
    actor: Any,
    alert: Alert,
    kind: str,
    text: str,
    zones: Iterable[Zone],
    language: str = "",
    channel: str = "",
) -> Alert:
    if alert.status != Alert.Status.DRAFT:
        raise AlertError(_("Solo se edita un borrador."))
    zones = list(zones)
    _validate_fields(kind, text, zones, channel)
    alert.kind, alert.text, alert.language, alert.channel = kind, text.strip(), language, channel
    alert.checklist_confirmed = False  # a new wording is reviewed again
    alert.full_clean(exclude=["zones", "incidents", "indicators"])
    alert.save()
    alert.zones.set(zones)
    record(actor=actor, action="alert.update", obj=alert, data={"zones": [z.pk for z in zones]})
    return alert


def _send(alert: Alert, actor: Any) -> None:
    now = timezone.now()
    alert.status, alert.sent_at = Alert.Status.SENT, now
    alert.expires_at = now + timedelta(days=settings.VIGIA_ALERT_EXPIRY_DAYS)
    alert.save(update_fields=["status", "sent_at", "expires_at", "approved_by"])
    previous = alert.corrects
    if previous is not None and previous.status == Alert.Status.SENT:
        previous.status = Alert.Status.CORRECTED
        previous.save(update_fields=["status"])
        delivery.stop(previous, "corrected")
    copies = delivery.fan_out(alert)
    record(actor=actor, action="alert.send", obj=alert, data={"copies": copies})


@transaction.atomic
def alert_submit(*, actor: Any, alert: Alert, checklist_confirmed: bool) -> Alert:
    """The author asks to send: checked now; sent, or left for a second coordinator."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.DRAFT:
        raise AlertError(_("Esta alerta ya no es un borrador."))
    if not alert.zones.exists():
        raise AlertError(_("Elija al menos una zona: una alerta sin zonas no llega a nadie."))
    failed = sanitize.failures(checklist(alert))
    if failed:
        raise AlertError(
            _("Corrija el texto antes de enviarlo: %(items)s.")
            % {"items": "; ".join(c.label for c in failed)}
        )
    if not checklist_confirmed:
        raise AlertError(_("Confirme que releyó el texto con la lista de verificación."))
    alert.checklist_confirmed = True
    alert.approval_reasons = approval_reasons(alert)
    if alert.approval_reasons:
        alert.status = Alert.Status.PENDING
        alert.save(update_fields=["checklist_confirmed", "approval_reasons", "status"])
        record(
            actor=actor, action="alert.submit", obj=alert, data={"reasons": alert.approval_reasons}
        )
    else:
        alert.save(update_fields=["checklist_confirmed", "approval_reasons"])
        record(actor=actor, action="alert.submit", obj=alert, data={"reasons": []})
        _send(alert, actor)
    return alert


@transaction.atomic
def alert_approve(*, actor: Any, alert: Alert) -> Alert:
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != Alert.Status.PENDING:
        raise AlertError(_("Esta alerta no espera aprobación."))
    if alert.created_by_id == actor.pk:
        raise AlertError(
            _("Quien escribió la alerta no puede aprobarla: otra coordinadora debe revisarla.")
        )
    if sanitize.failures(checklist(alert)):
        raise AlertError(_("El texto ya no pasa la lista de verificación."))
    alert.approved_by = actor
    record(actor=actor, action="alert.approve", obj=alert)
    _send(alert, actor)
    return alert


@transaction.atomic
def alert_withdraw(*, actor: Any, alert: Alert) -> int:
    """Stop what has not gone; those who received it are told it no longer holds."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status not in (Alert.Status.SENT, Alert.Status.PENDING, Alert.Status.DRAFT):
        raise AlertError(_("Esta alerta ya fue retirada o reemplazada."))
    was_sent = alert.status == Alert.Status.SENT
    alert.status, alert.withdrawn_at, alert.withdrawn_by = (
        Alert.Status.WITHDRAWN,
        timezone.now(),
        actor,
    )
    alert.save(update_fields=["status", "withdrawn_at", "withdrawn_by"])
    cancelled = delivery.stop(alert, "withdrawn")
    told = delivery.tell_withdrawn(alert) if was_sent else 0
    record(
        actor=actor, action="alert.withdraw", obj=alert, data={"cancelled": cancelled, "told": told}
    )
    return told


@transaction.atomic
def alert_correct(*, actor: Any, alert: Alert, text: str) -> Alert:
    """A corrected wording: a new draft that, once sent, replaces the alert."""
    if alert.status != Alert.Status.SENT:
        raise AlertError(_("Solo se corrige una alerta enviada."))
    return alert_draft(
        actor=actor,
        kind=alert.kind,
        text=text,
        zones=alert.zones.all(),
        language=alert.language,
        channel=alert.channel,
        incidents=alert.incidents.all(),
        indicators=alert.indicators.all(),
        corrects=alert,
    )


@transaction.atomic
def quiet_hours_set(*, actor: Any, member: Any, starts: Any, ends: Any) -> None:
    """Her quiet hours (None, None clears them)."""
    if starts is None or ends is None:
        QuietHours.objects.filter(member=member).delete()
    else:
        if starts == ends:
            raise AlertError(_("El inicio y el fin de las horas de silencio no pueden coincidir."))
        QuietHours.objects.update_or_create(
            member=member, defaults={"starts": starts, "ends": ends}
        )
    record(actor=actor, action="member.quiet_hours", obj=member)


def expire_due() -> int:
    """Sent alerts past their expiry: copies not yet out are dropped."""
    now = timezone.now()
    count = 0
    for alert in Alert.objects.filter(status=Alert.Status.SENT, expires_at__lte=now):
        with transaction.atomic():
            count += delivery.stop(alert, "expired")
    return count
