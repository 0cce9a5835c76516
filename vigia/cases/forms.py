from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vigia.cases.models import Case, Referral, Service
from vigia.zones.models import Zone


def _staff() -> Any:
    return get_user_model().objects.filter(
        is_active=True, role__in=["coordinator", "responder", "admin"]
    )


class CaseForm(forms.Form):
    status = forms.ChoiceField(label=_("Estado"), choices=Case.Status.choices)
    assigned_to = forms.ModelChoiceField(
        label=pgettext_lazy("case assignee", "Responsable"), queryset=_staff(), required=False
    )
    next_action = forms.CharField(label=_("Siguiente paso"), max_length=200, required=False)
    due_date = forms.DateField(
        label=_("Para cuándo"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = _staff()  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Nota"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Mensaje para ella"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Servicio"), queryset=Service.objects.filter(active=True)
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Resultado"), choices=Referral.Outcome.choices[1:])


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=160)
    kind = forms.ChoiceField(label=_("Tipo"), choices=Service.Kind.choices)
    contact = forms.CharField(label=_("Contacto"), max_length=400)
    hours = forms.CharField(label=_("Horario"), max_length=200, required=False)
    zones = forms.ModelMultipleChoiceField(
        label=_("Zonas que atiende"), queryset=Zone.objects.order_by("name"), required=False
    )
    accepts = forms.CharField(
        label=_("A quién recibe"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
