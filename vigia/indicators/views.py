"""Indicator pages for staff: per incident, per indicator, and a search box."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.audit.chain import record
from vigia.incidents.access import get_incident_for_user
from vigia.indicators import selectors, services, suggestions
from vigia.indicators.forms import LinkForm, SearchForm
from vigia.indicators.models import Indicator, Link, Suggestion
from vigia.indicators.normalize import display


def get_indicator_for_user(user: Any, pk: Any) -> Indicator:
    """An indicator is visible when it appears in at least one incident the user may see."""
    try:
        UUID(str(pk))
    except ValueError:
        raise Http404 from None
    indicator = Indicator.objects.filter(pk=pk).first()
    if indicator is None or not selectors.incidents_of(indicator, user).exists():
        raise Http404
    return indicator


def _rows(links: Any) -> list[dict[str, Any]]:
    return [
        {
            "link": link,
            "shown": display(link.indicator.kind, link.indicator.value or "", masked=False),
        }
        for link in links
    ]


def _pending(incident: Any) -> list[Suggestion]:
    return list(
        incident.suggestions.filter(state=Suggestion.State.PENDING).select_related("attachment")
    )


@staff_view("incidents.view")
def for_incident(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = {
        "incident": incident,
        "rows": _rows(selectors.links_for_incident(incident)),
        "form": LinkForm(),
        "suggestions": _pending(incident),
    }
    return render(request, "indicators/_for_incident.html", context)


@staff_view("incidents.write")
@require_POST
def link_add(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_link(
                actor=request.user,
                incident=incident,
                kind=data["kind"],
                raw=data["value"],
                role=data["role"],
                bank=data["bank"],
            )
        except ValidationError as exc:
            form.add_error("value", exc)
        else:
            return redirect("incidents:detail", pk=incident.pk)
    context = {
        "incident": incident,
        "rows": _rows(selectors.links_for_incident(incident)),
        "form": form,
        "standalone": True,
    }
    return render(request, "indicators/_for_incident.html", context, status=400)


@staff_view("incidents.write")
@require_POST
def link_remove(request: HttpRequest, pk: Any) -> HttpResponse:
    link = Link.objects.filter(pk=pk).select_related("incident").first()
    if link is None:
        raise Http404
    incident = get_incident_for_user(request.user, link.incident_id, write=True)
    services.indicator_unlink(actor=request.user, link=link)
    return redirect("incidents:detail", pk=incident.pk)


@staff_view("incidents.view")
def indicator_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    incidents = selectors.incidents_of(indicator, request.user)
    actors = sorted({i.actor.name for i in incidents if i.actor is not None})
    context = {
        "indicator": indicator,
        "shown": display(indicator.kind, indicator.value or "", masked=False),
        "incidents": incidents[:200],
        "actors": actors,
    }
    return render(request, "indicators/detail.html", context)


@staff_view("incidents.view")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    found = None
    searched = False
    if form.is_valid():
        searched = True
        indicator = services.find(form.cleaned_data["kind"], form.cleaned_data["value"])
        record(
            actor=request.user,
            action="indicator.search",
            data={"kind": form.cleaned_data["kind"], "found": indicator is not None},
        )
        if indicator is not None and selectors.incidents_of(indicator, request.user).exists():
            found = indicator
    if found is not None:
        return redirect("indicators:detail", pk=found.pk)
    return render(request, "indicators/search.html", {"form": form, "searched": searched})


@staff_view("incidents.write")
@require_POST
def suggest(request: HttpRequest, pk: Any) -> HttpResponse:
    """Ask the worker to look for numbers, amounts and dates in the narrative and images."""
    incident = get_incident_for_user(request.user, pk, write=True)
    suggestions.suggest_for_incident.enqueue(str(incident.pk))
    messages.success(request, _("Buscando números y montos; las sugerencias aparecerán aquí."))
    return redirect("incidents:detail", pk=incident.pk)


def _suggestion_for_user(user: Any, pk: Any) -> Suggestion:
    suggestion = Suggestion.objects.filter(pk=pk, state=Suggestion.State.PENDING).first()
    if suggestion is None:
        raise Http404
    get_incident_for_user(user, suggestion.incident_id, write=True)
    return suggestion


@staff_view("incidents.write")
@require_POST
def suggestion_decide(request: HttpRequest, pk: Any, decision: str) -> HttpResponse:
    suggestion = _suggestion_for_user(request.user, pk)
    try:
        if decision == "aceptar":
            suggestions.suggestion_accept(actor=request.user, suggestion=suggestion)
        else:
            suggestions.suggestion_dismiss(actor=request.user, suggestion=suggestion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("incidents:detail", pk=suggestion.incident_id)
