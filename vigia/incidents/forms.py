from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigia.incidents.models import Actor, EventType, Incident, PerpetratorType, Source, Victim
from vigia.incidents.models.incident import Status
from vigia.incidents.models.media import Attachment
from vigia.incidents.services import EDITABLE
from vigia.zones.models import Zone


class DateInput(forms.DateInput):
    input_type = "date"


class IncidentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Incident
        fields = EDITABLE
        widgets = {
            "date": DateInput,
            "time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["event_type"].queryset = EventType.objects.filter(parent__isnull=True, active=True)
        fields["sub_type"].queryset = EventType.objects.filter(parent__isnull=False, active=True)
        fields["zone"].queryset = Zone.objects.filter(active=True).order_by("kind", "name")
        fields["narrative"].required = False

    def _post_clean(self) -> None:
        # Validation happens once, in the service, which reports errors field by field.
        return None


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Referencia"), required=False, max_length=16)
    type = forms.ModelChoiceField(
        label=_("Tipo"),
        queryset=EventType.objects.filter(parent__isnull=True),
        required=False,
        to_field_name="code",
    )
    zone = forms.ModelChoiceField(
        label=_("Zona"), queryset=Zone.objects.filter(active=True), required=False,
        to_field_name="ubigeo",
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Estado"), choices=[("", "—"), *Status.choices], required=False
    )
    perpetrator = forms.ModelChoiceField(
        label=_("Agresor"), queryset=PerpetratorType.objects.all(), required=False,
        to_field_name="code",
    )  # fmt: skip
    actor = forms.ModelChoiceField(
        label=_("Grupo"), queryset=Actor.objects.all(), required=False, to_field_name="code"
    )
    year = forms.IntegerField(label=_("Año"), required=False, min_value=2000, max_value=2100)
    since = forms.DateField(label=_("Desde"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Hasta"), required=False, widget=DateInput)


class VictimForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Victim
        fields = ["pseudonym", "nationality", "gender_identity", "age_band", "killed", "missing"]

    def _post_clean(self) -> None:
        return None


class SourceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Source
        fields = ["kind", "url", "title", "reference", "date", "reliability"]
        widgets = {"date": DateInput}

    def _post_clean(self) -> None:
        return None


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("Archivo"))


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Nuevo estado"), choices=Status.choices)
    level = forms.ChoiceField(
        label=_("Nivel de verificación"),
        choices=[("", "—"), *Incident._meta.get_field("verification_level").choices],  # type: ignore[misc]
        required=False,
    )
    note = forms.CharField(
        label=_("Motivo"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    duplicate_of = forms.CharField(
        label=_("Referencia del original (si es duplicado)"), required=False
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Desenlace"),
        choices=Incident._meta.get_field("outcome").choices,  # type: ignore[arg-type]
    )
    outcome_date = forms.DateField(label=_("Fecha"), required=False, widget=DateInput)
