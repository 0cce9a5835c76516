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


BACKUP_CHANNELS = [(c.value, c.label) for c in (Channel.WHATSAPP, Channel.TELEGRAM, Channel.SMS)]


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Canal"), choices=BACKUP_CHANNELS)
    address = forms.CharField(label=_("Número o chat de Telegram"), max_length=120)


class MoveForm(forms.Form):
    from_channel = forms.ChoiceField(label=_("Canal perdido"), choices=BACKUP_CHANNELS)
    vias = forms.MultipleChoiceField(
        label=_("Avisarles por (el primero que tenga cada una)"),
        choices=BACKUP_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Elija el mismo canal perdido si la organización solo cambió de número: el número "
            "nuevo les escribe."
        ),
    )
    zone = forms.ModelChoiceField(
        label=_("Solo la zona"),
        queryset=Zone.objects.filter(active=True),
        required=False,
        empty_label=_("Todas"),
    )
    write_to = forms.CharField(
        label=_("Dónde deben escribir el código (número nuevo o @bot)"),
        max_length=60,
        required=False,
        help_text=_("Vacío: responden el código al mismo mensaje."),
    )
