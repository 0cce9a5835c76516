"""The coordinators' register: list, create, edit, review, victims, sources, attachments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigia.accounts.access import staff_view
from vigia.audit.chain import record
from vigia.incidents import media, selectors, services
from vigia.incidents.access import (
    get_attachment_for_user,
    get_incident_for_user,
    incidents_for_user,
)
from vigia.incidents.forms import (
    AttachmentForm,
    FilterForm,
    IncidentForm,
    OutcomeForm,
    SourceForm,
    TransitionForm,
    VictimForm,
)
from vigia.incidents.models import Actor, Incident

PAGE_SIZE = 50


@staff_view("dashboard.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.user.role != "analyst":  # type: ignore[union-attr]
        context["board"] = selectors.dashboard(request.user)
        context["marker"] = selectors.newest_report_marker(request.user)
    return render(request, "incidents/dashboard.html", context)


@staff_view("incidents.view")
def new_reports_notice(request: HttpRequest) -> HttpResponse:
    """Polled by the dashboard: a notice appears when a report newer than the page arrives."""
    seen = request.GET.get("marker", "")
    current = selectors.newest_report_marker(request.user)
    fresh = bool(current) and current != seen
    return render(request, "incidents/_notice.html", {"fresh": fresh})


@staff_view("incidents.view")
def incident_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    incidents = selectors.filtered(request.user, filters)
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _as_service_fields(form: IncidentForm) -> dict[str, Any]:
    fields = dict(form.cleaned_data)
    fields["group"] = fields.pop("actor", None)
    return fields


def _save_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


@staff_view("incidents.write")
def incident_create(request: HttpRequest) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(actor=request.user, **_as_service_fields(form))
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, _("Incidente registrado."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "creating": True})


@staff_view("incidents.write")
def incident_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.incident_update(
                    actor=request.user, incident=incident, **_as_service_fields(form)
                )
        except ValidationError as exc:
            _save_errors(form, exc)
            incident.refresh_from_db()
        else:
            messages.success(request, _("Cambios guardados."))
            return redirect("incidents:detail", pk=incident.pk)
    return render(request, "incidents/form.html", {"form": form, "incident": incident})


def _detail_context(incident: Incident, **forms: Any) -> dict[str, Any]:
    return {
        "incident": incident,
        "victims": incident.victims.all(),
        "sources": incident.sources.all(),
        "attachments": incident.attachments.all(),
        "victim_form": VictimForm(prefix="victim"),
        "source_form": SourceForm(prefix="source"),
        "attachment_form": AttachmentForm(prefix="attachment"),
        "transition_form": TransitionForm(prefix="review"),
        "outcome_form": OutcomeForm(prefix="outcome"),
        **forms,
    }


@staff_view("incidents.view")
def incident_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    return render(request, "incidents/detail.html", _detail_context(incident))


def _redisplay(request: HttpRequest, incident: Incident, **forms: Any) -> HttpResponse:
    context = _detail_context(incident, **forms)
    return render(request, "incidents/detail.html", context, status=400)


def _add_child(
    request: HttpRequest, pk: Any, form_class: Any, prefix: str, service: Any
) -> HttpResponse:
    """Add a victim or a source from the incident page; errors redisplay it, field by field."""
    incident = get_incident_for_user(request.user, pk, write=True)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            service(actor=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            return redirect("incidents:detail", pk=incident.pk)
    return _redisplay(request, incident, **{f"{prefix}_form": form})


@staff_view("incidents.write")
@require_POST
def victim_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _add_child(request, pk, VictimForm, "victim", services.victim_add)


@staff_view("incidents.write")
@require_POST
def source_add(request: HttpRequest, pk: Any) -> HttpResponse:
    return _add_child(request, pk, SourceForm, "source", services.source_add)


@staff_view("incidents.write")
@require_POST
def attachment_add(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > media.max_bytes():
            form.add_error("file", _("El archivo es demasiado grande."))
        else:
            try:
                services.attachment_add(
                    actor=request.user,
                    incident=incident,
                    kind=form.cleaned_data["kind"],
                    data=upload.read(),
                    original_name=upload.name or "",
                )
            except (media.MediaError, ValidationError) as exc:
                form.add_error(
                    "file", str(exc.messages[0] if isinstance(exc, ValidationError) else exc)
                )
            else:
                return redirect("incidents:detail", pk=incident.pk)
    return _redisplay(request, incident, attachment_form=form)


@staff_view("incidents.verify")
@require_POST
def transition(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = TransitionForm(request.POST, prefix="review")
    if form.is_valid():
        data = form.cleaned_data
        duplicate_of = None
        if data["duplicate_of"]:
            duplicate_of = (
                incidents_for_user(request.user)
                .filter(reference__iexact=data["duplicate_of"].strip())
                .first()
            )
        try:
            services.incident_transition(
                actor=request.user,
                incident=incident,
                status=data["status"],
                note=data["note"],
                level=data["level"],
                duplicate_of=duplicate_of,
            )
        except services.TransitionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Estado actualizado."))
            return redirect("incidents:detail", pk=incident.pk)
    return _redisplay(request, incident, transition_form=form)


@staff_view("incidents.write")
@require_POST
def outcome_set(request: HttpRequest, pk: Any) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = OutcomeForm(request.POST, prefix="outcome")
    if form.is_valid():
        try:
            services.disappearance_outcome_set(
                actor=request.user,
                incident=incident,
                outcome=form.cleaned_data["outcome"],
                outcome_date=form.cleaned_data["outcome_date"],
            )
        except (services.TransitionError, ValidationError) as exc:
            form.add_error(None, str(exc) if isinstance(exc, services.TransitionError) else exc)
        else:
            return redirect("incidents:detail", pk=incident.pk)
    return _redisplay(request, incident, outcome_form=form)


@staff_view("incidents.view")
def attachment_view(request: HttpRequest, pk: Any) -> HttpResponse:
    """A copy without metadata; each viewing is audited (chain of custody)."""
    attachment = get_attachment_for_user(request.user, pk)
    try:
        data = media.load(str(attachment.pk))
    except Exception:
        raise Http404 from None
    with transaction.atomic():
        record(actor=request.user, action="attachment.view", obj=attachment)
    response = HttpResponse(media.stripped_copy(data, attachment.media_type))
    response["Content-Type"] = attachment.media_type
    response["Content-Disposition"] = f'inline; filename="{attachment.pk}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view("incidents.view")
def actor_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = get_object_or_404(Actor, code=code)
    incidents = (
        incidents_for_user(request.user)
        .filter(actor__in=[actor, *actor.factions.all()])
        .select_related("event_type", "zone")
        .order_by("-date")[:100]
    )
    return render(request, "incidents/actor.html", {"actor": actor, "incidents": incidents})
