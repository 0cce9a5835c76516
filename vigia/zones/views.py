from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from vigia.accounts.access import staff_view
from vigia.zones import services
from vigia.zones.models import Zone


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Nombre de la zona (calle, corredor, parque)"), max_length=120)
    parent = forms.ModelChoiceField(
        label=_("Distrito"), queryset=Zone.objects.filter(kind=Zone.Kind.DISTRICT)
    )
    aliases = forms.CharField(
        label=_("Otros nombres, separados por coma"), max_length=300, required=False
    )


@staff_view("incidents.write")
def zone_list(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.zone_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                kind=Zone.Kind.AREA,
                parent=form.cleaned_data["parent"],
                aliases=[a.strip() for a in form.cleaned_data["aliases"].split(",") if a.strip()],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("zones:list")
    zones = (
        Zone.objects.exclude(kind=Zone.Kind.CITY)
        .select_related("parent")
        .order_by("province", "name")
    )
    return render(request, "zones/list.html", {"zones": zones, "form": form})
