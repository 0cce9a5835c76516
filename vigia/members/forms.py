from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigia.members.models import Channel, Purpose
from vigia.zones.models import Zone

LANGUAGES = [("es", "Español"), ("en", "English")]


class _MemberBase(forms.Form):
    pseudonym = forms.CharField(label=_("Seudónimo (no su nombre real)"), max_length=80)
    zones = forms.ModelMultipleChoiceField(
        label=_("Zonas donde trabaja"), queryset=Zone.objects.filter(active=True), required=False
    )
    language = forms.ChoiceField(label=_("Idioma"), choices=LANGUAGES, initial="es")
    consents = forms.MultipleChoiceField(
        label=_("Aceptó (pregúntele una por una)"),
        choices=Purpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EnrolForm(_MemberBase):
    channel = forms.ChoiceField(label=_("Canal"), choices=Channel.choices)
    address = forms.CharField(label=_("Número o usuario"), max_length=120)
    duress_word = forms.CharField(
        label=_("Palabra de alarma (ella la elige; la escribe si está en peligro)"),
        max_length=40,
        required=False,
    )


class InviteForm(_MemberBase):
    pass


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("¿Por qué necesita ver el contacto completo?"), max_length=200)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=Purpose.choices)
    given = forms.BooleanField(required=False)
    partner = forms.CharField(max_length=120, required=False)
