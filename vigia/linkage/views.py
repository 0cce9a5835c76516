"""Staff pages: the review queue (merge, not the same, undo), networks, check a number."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.audit.chain import record
from vigia.indicators import selectors as indicator_selectors
from vigia.indicators import services as indicator_services
from vigia.indicators.forms import SearchForm
from vigia.linkage import selectors, services
from vigia.linkage.drawing import network_svg
from vigia.linkage.features import EVENT_GROUPS


@staff_view("incidents.verify")
def queue(request: HttpRequest) -> HttpResponse:
    candidates = selectors.queue_for_user(request.user)[:200]
    return render(request, "linkage/queue.html", {"candidates": candidates})


@staff_view("incidents.verify")
def candidate(request: HttpRequest, pk: Any) -> HttpResponse:
    item = selectors.get_candidate_for_user(request.user, pk)
    sides = [item.incident, item.match]
    context = {
        "candidate": item,
        "sides": sides,
        "percent": round(item.probability * 100),
        "open_merge": selectors.open_merge(item),
        "same_group": EVENT_GROUPS.get(sides[0].event_type.code)
        == EVENT_GROUPS.get(sides[1].event_type.code),
    }
    return render(request, "linkage/candidate.html", context)


def _decide(request: HttpRequest, pk: Any, action: str) -> HttpResponse:
    item = selectors.get_candidate_for_user(request.user, pk)
    try:
        if action == "merge":
            services.merge(actor=request.user, candidate=item)
            messages.success(request, _("Unidos: el incidente nuevo quedó como duplicado."))
        else:
            services.mark_not_same(actor=request.user, candidate=item)
            messages.success(request, _("Anotado: no son el mismo incidente."))
    except services.LinkageError as exc:
        messages.error(request, str(exc))
        return redirect("linkage:candidate", pk=item.pk)
    return redirect("linkage:queue")


@staff_view("incidents.verify")
@require_POST
def merge(request: HttpRequest, pk: Any) -> HttpResponse:
    return _decide(request, pk, "merge")


@staff_view("incidents.verify")
@require_POST
def not_same(request: HttpRequest, pk: Any) -> HttpResponse:
    return _decide(request, pk, "not_same")


@staff_view("incidents.verify")
@require_POST
def unmerge(request: HttpRequest, pk: Any) -> HttpResponse:
    done = selectors.get_merge_for_user(request.user, pk)
    try:
        services.unmerge(actor=request.user, merge_record=done)
        messages.success(request, _("Unión deshecha: cada fuente y víctima volvió a su incidente."))
    except services.LinkageError as exc:
        messages.error(request, str(exc))
    if done.candidate_id:
        return redirect("linkage:candidate", pk=done.candidate_id)
    return redirect("linkage:queue")


@staff_view("incidents.view")
def networks(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_networks(request.user):
        raise Http404
    found = selectors.networks_for_user(request.user)
    return render(request, "linkage/networks.html", {"networks": found[:500]})


@staff_view("incidents.view")
def network(request: HttpRequest, number: int) -> HttpResponse:
    item = selectors.get_network_for_user(request.user, number)
    indicators = selectors.network_indicators(item)
    drawing = network_svg(
        item.summary.get("edges", []),
        {i["id"]: i["shown"] for i in indicators},
        {i["id"]: i["kind"] for i in indicators},
        _("Red %(n)s: números, cuentas y alias vistos juntos") % {"n": item.number},
    )
    record(actor=request.user, action="linkage.network_view", obj=item, data={})
    context = {
        "network": item,
        "summary": item.summary,
        "indicators": indicators,
        # Built by drawing.network_svg from escaped values only.
        "drawing": mark_safe(drawing),  # noqa: S308  # nosec B308 B703
        "incident_count": len(item.summary.get("incidents", [])),
    }
    return render(request, "linkage/network.html", context)


@staff_view("incidents.view")
def lookup(request: HttpRequest) -> HttpResponse:
    """Check a number: the indicator (by blind index) and the network it belongs to."""
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if form.is_valid():
        # One transaction for the count and the audit row: one commit (one fsync) per look-up.
        with transaction.atomic():
            if not services.lookup_allowed(user=request.user):
                context["limited"] = True
                return render(request, "linkage/lookup.html", context, status=429)
            kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
            indicator = indicator_services.find(kind, value)
            visible = (
                indicator is not None
                and indicator_selectors.incidents_of(indicator, request.user).exists()
            )
            record(
                actor=request.user, action="linkage.lookup", data={"kind": kind, "found": visible}
            )
        context["searched"] = True
        if visible and indicator is not None:
            context["indicator"] = indicator
            if selectors.may_see_networks(request.user):
                context["network"] = selectors.network_of(indicator)
    return render(request, "linkage/lookup.html", context)
