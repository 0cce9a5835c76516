"""Case pages: the list (by due date), one case with notes, referrals and messages, and the
directory of services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.cases import services
from vigia.cases.access import cases_for_user, get_case_for_user
from vigia.cases.forms import (
    CaseForm,
    MessageForm,
    NoteForm,
    OutcomeForm,
    ReferralForm,
    ServiceForm,
)
from vigia.cases.models import Case, Service
from vigia.cases.services import CaseError
from vigia.incidents.access import get_incident_for_user
from vigia.members.access import get_member_for_user


@staff_view("cases.view")
def case_list(request: HttpRequest) -> HttpResponse:
    cases = (
        cases_for_user(request.user)
        .exclude(status=Case.Status.CLOSED)
        .select_related("assigned_to")
    )
    return render(request, "cases/list.html", {"cases": cases[:200]})


@staff_view("cases.write")
@require_POST
def case_open(request: HttpRequest) -> HttpResponse:
    """Opened from a member's or an incident's page (``member`` or ``incident`` in the form)."""
    member = incident = None
    if request.POST.get("member"):
        member = get_member_for_user(request.user, request.POST["member"])
    elif request.POST.get("incident"):
        incident = get_incident_for_user(request.user, request.POST["incident"])
    else:
        return HttpResponse(str(CaseError.__doc__), status=400)
    case = services.case_open(
        actor=request.user, member=member, incident=incident, assigned_to=request.user
    )
    return redirect("cases:detail", pk=case.pk)


@staff_view("cases.view")
def case_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form = CaseForm(
        initial={
            "status": case.status,
            "assigned_to": case.assigned_to_id,
            "next_action": case.next_action,
            "due_date": case.due_date,
        }
    )
    context = {
        "case": case,
        "form": form,
        "notes": case.notes.select_related("author"),
        "referrals": case.referrals.select_related("service"),
        "note_form": NoteForm(),
        "referral_form": ReferralForm(),
        "outcome_form": OutcomeForm(),
        "message_form": MessageForm(),
    }
    return render(request, "cases/detail.html", context)


@staff_view("cases.write")
@require_POST
def case_act(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    forms = {"update": CaseForm, "note": NoteForm, "refer": ReferralForm, "message": MessageForm}
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("cases:detail", pk=case.pk)
    data = form.cleaned_data
    try:
        if action == "update":
            services.case_update(actor=request.user, case=case, **data)
        elif action == "note":
            services.note_add(actor=request.user, case=case, text=data["text"])
        elif action == "refer":
            services.referral_create(actor=request.user, case=case, service=data["service"])
        else:
            services.case_message(actor=request.user, case=case, text=data["text"])
    except CaseError as exc:
        messages.error(request, str(exc))
    return redirect("cases:detail", pk=case.pk)


@staff_view("cases.write")
@require_POST
def referral_outcome(request: HttpRequest, pk: Any, referral: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    found = case.referrals.filter(pk=referral).first()
    if found is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.referral_outcome(
            actor=request.user, referral=found, outcome=form.cleaned_data["outcome"]
        )
    else:
        messages.error(request, form.errors.as_text())
    return redirect("cases:detail", pk=case.pk)


@staff_view("cases.view")
def directory(request: HttpRequest) -> HttpResponse:
    from vigia.accounts.permissions import can

    form = ServiceForm(request.POST or None) if can(request.user, "cases.write") else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.service_save(actor=request.user, **form.cleaned_data)
            return redirect("cases:directory")
        status = 400
    listing = Service.objects.filter(active=True).prefetch_related("zones")
    return render(
        request, "cases/directory.html", {"services": listing, "form": form}, status=status
    )
