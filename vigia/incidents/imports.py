"""The upload page for `importer`: upload, map columns, validate, import."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigia.accounts.access import staff_view
from vigia.incidents import importer, media

SESSION_KEY = "vigia_import"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Planilla (CSV o XLSX)"))


def _mapping_form(headers: list[str], initial: dict[str, str], data: Any = None) -> forms.Form:
    form = forms.Form(data)
    choices = [("", "—"), *[(h, h) for h in headers]]
    for name, label in importer.FIELDS.items():
        form.fields[name] = forms.ChoiceField(
            label=label, choices=choices, required=False, initial=initial.get(name, "")
        )
    return form


@staff_view("incidents.write")
def import_view(request: HttpRequest) -> HttpResponse:
    """Step 1 uploads (stored encrypted, never in the session); step 2 maps and imports."""
    pending = request.session.get(SESSION_KEY)
    if request.method == "POST" and "file" in request.FILES:
        upload = UploadForm(request.POST, request.FILES)
        if upload.is_valid():
            data = upload.cleaned_data["file"].read()
            name = upload.cleaned_data["file"].name or ""
            try:
                headers, rows = importer.read_table(data, name)
            except importer.ImportFileError as exc:
                upload.add_error("file", str(exc))
            else:
                blob_id = str(uuid.uuid4())
                media.store(blob_id, "org", data)
                request.session[SESSION_KEY] = {"blob": blob_id, "name": name}
                form = _mapping_form(headers, importer.guess_mapping(headers))
                return render(
                    request, "incidents/import_map.html", {"form": form, "rows": len(rows)}
                )
        return render(request, "incidents/import.html", {"form": upload}, status=400)
    if request.method == "POST" and pending:
        data = media.load(pending["blob"])
        headers, rows = importer.read_table(data, pending["name"])
        form = _mapping_form(headers, {}, request.POST)
        form.is_valid()
        mapping = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            result = importer.run_import(actor=request.user, rows=rows, mapping=mapping)
        except importer.ImportFileError as exc:
            messages.error(request, str(exc))
            return redirect("incidents:import")
        if not result.ok:
            context = {"form": form, "rows": len(rows), "result": result}
            return render(request, "incidents/import_map.html", context, status=400)
        media.delete(pending["blob"])
        del request.session[SESSION_KEY]
        messages.success(
            request, _("Importados %(n)d incidentes en estado «reportado».") % {"n": result.created}
        )
        return redirect("incidents:list")
    return render(request, "incidents/import.html", {"form": UploadForm()})
