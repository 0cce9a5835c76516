from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigia.alerts.models import Alert, Shift
from vigia.incidents.access import incidents_for_user
from vigia.incidents.models.incident import Status
from vigia.indicators.models import Indicator
from vigia.indicators.normalize import display
from vigia.zones.models import Zone

LANGUAGES = [("", _("Todos")), ("es", "Español"), ("en", "English")]
CHANNELS = [("", _("Todos")), ("whatsapp", "WhatsApp"), ("telegram", "Telegram"), ("sms", "SMS")]


class AlertForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Alert.Kind.choices)
    text = forms.CharField(
        label=_("Texto"), widget=forms.Textarea(attrs={"rows": 5}), max_length=1000
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Zonas"), queryset=Zone.objects.none(), required=False
    )
    language = forms.ChoiceField(label=_("Idioma"), choices=LANGUAGES, required=False)
    channel = forms.ChoiceField(label=_("Canal"), choices=CHANNELS, required=False)
    incidents = forms.ModelMultipleChoiceField(
        label=_("Incidentes verificados"), queryset=Zone.objects.none(), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Números o cuentas que nombra"), queryset=Indicator.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        verified = incidents_for_user(user).filter(status=Status.VERIFIED).order_by("-date")[:200]
        self.fields["zones"].queryset = Zone.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["incidents"].queryset = incidents_for_user(user).filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in verified]
        )
        self.fields["indicators"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            links__incident__in=[i.pk for i in verified]
        ).distinct()
        self.fields["incidents"].label_from_instance = lambda i: (  # type: ignore[attr-defined]
            f"{i.reference} · {i.event_type} · {i.zone}"
        )
        self.fields["indicators"].label_from_instance = lambda i: (  # type: ignore[attr-defined]
            f"{i.get_kind_display()} {display(i.kind, i.value or '', masked=True)}"
        )


class CorrectForm(forms.Form):
    text = forms.CharField(
        label=_("Texto corregido"), widget=forms.Textarea(attrs={"rows": 4}), max_length=1000
    )


class ShiftForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Shift
        fields = ["responder", "starts_at", "ends_at", "position"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Canal"), choices=CHANNELS[1:])
    address = forms.CharField(label=_("Número o chat de Telegram"), max_length=120)


class QuietHoursForm(forms.Form):
    starts = forms.TimeField(
        label=_("Desde"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=_("Hasta"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
