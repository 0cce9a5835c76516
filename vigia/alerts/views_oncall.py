"""The on-call pages: open emergencies (refreshed by HTMX while any is open), one
emergency with its timestamped steps and the call-back checklist, shifts and contacts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.alerts import emergencies
from vigia.alerts.access import emergencies_for_user, get_emergency_for_user
from vigia.alerts.emergencies import EmergencyError
from vigia.alerts.forms import ContactForm, QuietHoursForm, ShiftForm
from vigia.alerts.models import Emergency, QuietHours, ResponderContact, Shift
from vigia.alerts.services import AlertError, quiet_hours_set
from vigia.members.access import get_member_for_user


def _board(user: Any) -> dict[str, Any]:
    open_ones = (
        emergencies_for_user(user).exclude(status=Emergency.Status.CLOSED).order_by("-created_at")
    )
    return {
        "emergencies": list(open_ones.select_related("acknowledged_by")[:50]),
        "any_open": open_ones.filter(status=Emergency.Status.OPEN).exists(),
        "now": timezone.now(),
    }


@staff_view("emergencies.respond")
def oncall(request: HttpRequest) -> HttpResponse:
    shifts = Shift.objects.filter(ends_at__gt=timezone.now()).select_related("responder")[:50]
    context = _board(request.user) | {"shifts": shifts}
    return render(request, "alerts/oncall.html", context)


@staff_view("emergencies.respond")
def oncall_panel(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/_oncall_panel.html", _board(request.user))


@staff_view("emergencies.respond")
def notice(request: HttpRequest) -> HttpResponse:
    """A small polled banner: emergencies waiting for someone, and new reports."""
    from vigia.incidents.access import incidents_for_user

    waiting = emergencies_for_user(request.user).filter(status=Emergency.Status.OPEN).count()
    since = timezone.now() - timedelta(hours=24)
    reports = (
        incidents_for_user(request.user).filter(status="reported", created_at__gte=since).count()
    )
    return render(request, "alerts/_notice.html", {"waiting": waiting, "reports": reports})


@staff_view("emergencies.respond")
def emergency_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    emergency = get_emergency_for_user(request.user, pk)
    steps = emergency.steps.select_related("responder")
    return render(request, "alerts/emergency.html", {"emergency": emergency, "steps": steps})


@staff_view("emergencies.respond")
@require_POST
def emergency_act(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    emergency = get_emergency_for_user(request.user, pk)
    try:
        if action == "acknowledge":
            emergencies.emergency_acknowledge(actor=request.user, emergency=emergency)
        elif action == "checklist":
            emergencies.emergency_checklist(
                actor=request.user,
                emergency=emergency,
                called_back=request.POST.get("called_back") == "1",
                safe_word_agreed=request.POST.get("safe_word_agreed") == "1",
            )
        elif action == "close":
            emergencies.emergency_close(actor=request.user, emergency=emergency)
        else:
            raise Http404
    except EmergencyError as exc:
        messages.error(request, str(exc))
    return redirect("alerts:emergency", pk=emergency.pk)


@staff_view("alerts.write")
@require_POST
def emergency_open(request: HttpRequest) -> HttpResponse:
    """A coordinator opens one (a call to the hotline, a colleague on the street)."""
    emergency = emergencies.emergency_create(actor=request.user, source="coordinator")
    return redirect("alerts:emergency", pk=emergency.pk)


@staff_view("emergencies.respond")
def shifts(request: HttpRequest) -> HttpResponse:
    from vigia.accounts.permissions import can

    manage = can(request.user, "alerts.approve")
    form = ShiftForm(request.POST or None) if manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                emergencies.shift_create(actor=request.user, **form.cleaned_data)
            except EmergencyError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("alerts:shifts")
        status = 400
    context = {
        "form": form,
        "shifts": Shift.objects.filter(ends_at__gt=timezone.now()).select_related("responder"),
        "contact": ResponderContact.objects.filter(user_id=request.user.pk or 0).first(),
        "contact_form": ContactForm(),
    }
    return render(request, "alerts/shifts.html", context, status=status)


@staff_view("alerts.approve")
@require_POST
def shift_delete(request: HttpRequest, pk: int) -> HttpResponse:
    shift = Shift.objects.filter(pk=pk).first()
    if shift is None:
        raise Http404
    emergencies.shift_delete(actor=request.user, shift=shift)
    return redirect("alerts:shifts")


@staff_view("emergencies.respond")
@require_POST
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            emergencies.responder_contact_set(
                actor=request.user, user=request.user, **form.cleaned_data
            )
        except (EmergencyError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "OK")
            return redirect("alerts:shifts")
    else:
        messages.error(request, form.errors.as_text())
    return redirect("alerts:shifts")


@staff_view("members.write")
def quiet_hours(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Hours when this member wants no alerts (emergencies and replies are never held)."""
    member = get_member_for_user(request.user, pk, write=True)
    current = QuietHours.objects.filter(member=member).first()
    initial = {"starts": current.starts, "ends": current.ends} if current else {}
    form = QuietHoursForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                quiet_hours_set(actor=request.user, member=member, **form.cleaned_data)
            except AlertError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("members:detail", pk=member.pk)
        status = 400
    return render(
        request, "alerts/quiet_hours.html", {"form": form, "member": member}, status=status
    )
