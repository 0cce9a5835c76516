"""Staff pages: the review queue (accept, attach, dismiss: one click each) and the sources."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.accounts.permissions import can
from vigia.incidents.access import get_incident_for_user, incidents_for_user
from vigia.press import ingest, selectors, services
from vigia.press.models import Candidate, Feed

MAX_UPLOAD_FILES = 50


class FeedForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre"), max_length=120)
    url = forms.URLField(label=gettext_lazy("Dirección del feed RSS o Atom"), max_length=500)


def _visible_matches(user: Any, candidate: Candidate) -> list[dict[str, Any]]:
    """Matches the user may see: an incident outside her zones is not even named."""
    ids = [m["incident"] for m in candidate.matches]
    allowed = {
        str(pk) for pk in incidents_for_user(user).filter(pk__in=ids).values_list("pk", flat=True)
    }
    return [{**m, "percent": round(m["probability"] * 100)} for m in candidate.matches
            if m["incident"] in allowed]  # fmt: skip


@staff_view("incidents.view")
def queue(request: HttpRequest) -> HttpResponse:
    items = [
        (c, _visible_matches(request.user, c)) for c in selectors.queue_for_user(request.user)[:100]
    ]
    return render(request, "press/queue.html", {"items": items})


def _done(request: HttpRequest, candidate: Candidate, message: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "press/_decided.html", {"candidate": candidate, "message": message})
    messages.success(request, message)
    return redirect("press:queue")


def _refused(request: HttpRequest, error: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render(request, "press/_error.html", {"message": error}, status=409)
    messages.error(request, error)
    return redirect("press:queue")


@staff_view("incidents.write")
@require_POST
def accept(request: HttpRequest, pk: Any) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, pk, write=True)
    try:
        incident = services.candidate_accept(actor=request.user, candidate=candidate)
    except (services.ReviewError, ValidationError) as exc:
        return _refused(
            request,
            str(getattr(exc, "message", "")) or "; ".join(getattr(exc, "messages", [str(exc)])),
        )
    candidate.refresh_from_db()
    return _done(
        request,
        candidate,
        _("Incidente %(ref)s creado con la nota como fuente.") % {"ref": incident.reference},
    )


@staff_view("incidents.write")
@require_POST
def attach(request: HttpRequest, pk: Any) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, pk, write=True)
    target = request.POST.get("incident", "")
    if not target:
        return HttpResponseBadRequest(_("Indique el incidente."))
    incident = get_incident_for_user(request.user, target, write=True)
    try:
        services.candidate_attach(actor=request.user, candidate=candidate, incident=incident)
    except (services.ReviewError, ValidationError) as exc:
        return _refused(request, str(exc))
    candidate.refresh_from_db()
    return _done(
        request, candidate, _("Nota añadida como fuente de %(ref)s.") % {"ref": incident.reference}
    )


@staff_view("incidents.write")
@require_POST
def dismiss(request: HttpRequest, pk: Any) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, pk, write=True)
    try:
        services.candidate_dismiss(actor=request.user, candidate=candidate)
    except services.ReviewError as exc:
        return _refused(request, str(exc))
    candidate.refresh_from_db()
    return _done(request, candidate, _("Nota descartada."))


@staff_view("incidents.view")
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "press/sources.html", _sources_context(request, FeedForm()))


def _sources_context(request: HttpRequest, form: FeedForm) -> dict[str, Any]:
    return {"feeds": selectors.feeds_with_counts(), "form": form,
            "can_write": can(request.user, "incidents.write")}  # fmt: skip


@staff_view("incidents.write")
@require_POST
def feed_add(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST)
    if not form.is_valid():
        return render(request, "press/sources.html", _sources_context(request, form), status=400)
    try:
        services.feed_create(
            actor=request.user, name=form.cleaned_data["name"], url=form.cleaned_data["url"]
        )
    except ValidationError as exc:
        for error in exc.messages:
            form.add_error(None, error)
        return render(request, "press/sources.html", _sources_context(request, form), status=400)
    messages.success(request, _("Fuente añadida; se revisará en la próxima vuelta del trabajador."))
    return redirect("press:sources")


@staff_view("incidents.write")
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    files = request.FILES.getlist("files")[:MAX_UPLOAD_FILES]
    if not files:
        return HttpResponseBadRequest(_("Elija uno o más archivos .html o .txt."))
    feed = Feed.objects.filter(name=_("Cargas manuales")).first() or services.feed_create(
        actor=request.user, name=_("Cargas manuales"), kind=Feed.Kind.FOLDER
    )
    payload = [(f.name or "archivo.txt", f.read()) for f in files
               if (f.name or "").lower().endswith(tuple(ingest.FOLDER_SUFFIXES))]  # fmt: skip
    stored = ingest.import_files(feed, payload)
    messages.success(request, _("%(n)s notas nuevas guardadas.") % {"n": len(stored)})
    return redirect("press:sources")
