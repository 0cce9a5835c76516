from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigia.indicators.models import Kind, Role


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Kind.choices)
    value = forms.CharField(label=_("Número, cuenta o alias"), max_length=120)
    role = forms.ChoiceField(label=_("Papel"), choices=Role.choices)
    bank = forms.CharField(label=_("Banco (si es una cuenta)"), max_length=40, required=False)


class SearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo"), choices=Kind.choices, initial=Kind.PHONE)
    value = forms.CharField(label=_("Valor"), max_length=120)
