"""Writes on cases, notes, referrals and the service directory; audited with ids only.

Consent rules: nothing is sent to a member about her case, and she is not referred, without
her consent to follow-up; a referral to the police needs her consent to share with the
police as well.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigia.audit.chain import record
from vigia.cases.models import Case, Note, Referral, Service
from vigia.members.models import Member
from vigia.members.services import has_consent
from vigia.messaging import outbox
from vigia.messaging.ingest import thread_for
from vigia.messaging.models import OutboundMessage


class CaseError(Exception):
    """A refused action; the message is for the responder."""


def _check_assignee(user: Any) -> None:
    from vigia.accounts.permissions import can

    if user is not None and not can(user, "cases.write"):
        raise CaseError(_("Esa persona no puede llevar casos."))


@transaction.atomic
def case_open(
    *,
    actor: Any,
    member: Member | None = None,
    incident: Any = None,
    assigned_to: Any = None,
    next_action: str = "",
    due_date: date | None = None,
) -> Case:
    if member is None and incident is None:
        raise CaseError(_("Un caso sigue a una integrante o a un incidente."))
    _check_assignee(assigned_to)
    case = Case(
        member=member,
        incident=incident,
        assigned_to=assigned_to,
        next_action=next_action.strip(),
        due_date=due_date,
        created_by=actor,
    )
    case.full_clean()
    case.save()
    record(
        actor=actor,
        action="case.open",
        obj=case,
        data={
            "member": str(member.pk) if member else "",
            "incident": str(incident.pk) if incident else "",
        },
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: Any,
    case: Case,
    status: str,
    assigned_to: Any,
    next_action: str,
    due_date: date | None,
) -> Case:
    if status not in Case.Status.values:
        raise CaseError(_("Estado desconocido."))
    _check_assignee(assigned_to)
    case.status, case.assigned_to = status, assigned_to
    case.next_action, case.due_date = next_action.strip(), due_date
    case.closed_at = timezone.now() if status == Case.Status.CLOSED else None
    case.full_clean()
    case.save()
    record(actor=actor, action="case.update", obj=case, data={"status": status})
    return case


@transaction.atomic
def note_add(*, actor: Any, case: Case, text: str) -> Note:
    if not text.strip():
        raise CaseError(_("Escriba la nota."))
    note = Note(case=case, member_id=case.member_id, text=text.strip()[:4000], author=actor)
    note.save()
    record(actor=actor, action="case.note", obj=case, data={"note": str(note.pk)})
    return note


def _member_consents(case: Case, purpose: str) -> bool:
    member = case.member
    return (
        member is not None
        and member.status == Member.Status.ACTIVE
        and has_consent(member, purpose)
    )


@transaction.atomic
def referral_create(*, actor: Any, case: Case, service: Service) -> Referral:
    if not _member_consents(case, "followup"):
        raise CaseError(
            _(
                "Ella no aceptó el seguimiento de su caso: no se la puede derivar sin su "
                "consentimiento."
            )
        )
    if service.kind == Service.Kind.POLICE and not _member_consents(case, "police"):
        raise CaseError(_("Ella no aceptó compartir su caso con la policía."))
    if not service.active:
        raise CaseError(_("Ese servicio ya no está activo."))
    referral = Referral(case=case, service=service, created_by=actor)
    referral.full_clean()
    referral.save()
    if case.status in (Case.Status.OPEN, Case.Status.WAITING):
        case.status = Case.Status.REFERRED
        case.save(update_fields=["status"])
    record(actor=actor, action="case.refer", obj=case, data={"service": str(service.pk)})
    return referral


@transaction.atomic
def referral_outcome(*, actor: Any, referral: Referral, outcome: str) -> Referral:
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.PENDING:
        raise CaseError(_("Elija un resultado."))
    referral.outcome, referral.outcome_at = outcome, timezone.now()
    referral.save(update_fields=["outcome", "outcome_at"])
    record(
        actor=actor, action="case.referral_outcome", obj=referral.case, data={"outcome": outcome}
    )
    return referral


@transaction.atomic
def case_message(*, actor: Any, case: Case, text: str) -> OutboundMessage:
    """Write to her about her case, through her channel, only with her consent."""
    if not text.strip():
        raise CaseError(_("Escriba el mensaje."))
    member = case.member
    if member is None or not _member_consents(case, "followup"):
        raise CaseError(_("Ella no aceptó el seguimiento: no se le puede escribir sobre su caso."))
    if not member.reachable or not member.address:
        raise CaseError(_("No se le puede escribir: su teléfono está marcado como comprometido."))
    thread = thread_for(member.channel, str(member.address))
    message = outbox.put(
        thread=thread, text=text.strip()[:1000], by_staff=actor, language=member.language
    )
    record(actor=actor, action="case.message", obj=case, data={"message": str(message.pk)})
    return message


@transaction.atomic
def service_save(
    *,
    actor: Any,
    service: Service | None = None,
    name: str,
    kind: str,
    contact: str,
    hours: str = "",
    accepts: str = "",
    zones: Any = (),
    active: bool = True,
) -> Service:
    service = service or Service()
    service.name, service.kind, service.contact = name.strip(), kind, contact.strip()
    service.hours, service.accepts, service.active = hours.strip(), accepts.strip(), active
    service.full_clean(exclude=["zones"])
    service.save()
    service.zones.set(list(zones))
    record(actor=actor, action="service.save", obj=service)
    return service
