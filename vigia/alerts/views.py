"""Coordinators' pages for alerts: list, draft beside its checklist and channel previews,
approval, delivery report, withdrawal and correction. Emergencies: vigia.alerts.views_oncall."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.accounts.permissions import can
from vigia.alerts import delivery, selectors, services
from vigia.alerts.access import alerts_for_user, get_alert_for_user
from vigia.alerts.forms import AlertForm, CorrectForm
from vigia.alerts.services import AlertError


@staff_view("alerts.write")
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = alerts_for_user(request.user).select_related("created_by")[:100]
    return render(request, "alerts/list.html", {"alerts": alerts})


@staff_view("alerts.write")
def alert_create(request: HttpRequest) -> HttpResponse:
    initial = {"incidents": request.GET.getlist("incident")}
    form = AlertForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                alert = services.alert_draft(
                    actor=request.user,
                    kind=data["kind"],
                    text=data["text"],
                    zones=data["zones"],
                    language=data["language"],
                    channel=data["channel"],
                    incidents=data["incidents"],
                    indicators=data["indicators"],
                )
            except AlertError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("alerts:detail", pk=alert.pk)
        status = 400
    return render(request, "alerts/create.html", {"form": form}, status=status)


@staff_view("alerts.write")
def alert_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    alert = get_alert_for_user(request.user, pk)
    text = delivery.message_text(alert)
    context = {
        "alert": alert,
        "checks": services.checklist(alert),
        "preview": selectors.preview(alert, reasons=services.approval_reasons(alert), text=text)
        if alert.status in ("draft", "pending")
        else None,
        "report": selectors.delivery_report(alert) if alert.sent_at else None,
        "may_approve": can(request.user, "alerts.approve")
        and alert.created_by_id != request.user.pk,
        "correct_form": CorrectForm(),
    }
    return render(request, "alerts/detail.html", context)


def _act(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    permission = "alerts.approve" if action == "approve" else "alerts.write"
    alert = get_alert_for_user(request.user, pk, permission)
    try:
        if action == "submit":
            alert = services.alert_submit(
                actor=request.user,
                alert=alert,
                checklist_confirmed=request.POST.get("confirmed") == "1",
            )
        elif action == "approve":
            services.alert_approve(actor=request.user, alert=alert)
        elif action == "withdraw":
            services.alert_withdraw(actor=request.user, alert=alert)
        else:
            form = CorrectForm(request.POST)
            if not form.is_valid():
                raise AlertError(form.errors.as_text())
            alert = services.alert_correct(
                actor=request.user, alert=alert, text=form.cleaned_data["text"]
            )
    except AlertError as exc:
        messages.error(request, str(exc))
    return redirect("alerts:detail", pk=alert.pk)


@staff_view("alerts.write")
@require_POST
def alert_submit(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(request, pk, "submit")


@staff_view("alerts.approve")
@require_POST
def alert_approve(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(request, pk, "approve")


@staff_view("alerts.write")
@require_POST
def alert_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(request, pk, "withdraw")


@staff_view("alerts.write")
@require_POST
def alert_correct(request: HttpRequest, pk: Any) -> HttpResponse:
    return _act(request, pk, "correct")
