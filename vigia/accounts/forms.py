from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from vigia.accounts.models import Role, User
from vigia.zones.models import Zone


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=150)
    password = forms.CharField(label=_("Contraseña"), widget=forms.PasswordInput)


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Código de 6 dígitos (o código de recuperación)"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    zones = forms.ModelMultipleChoiceField(
        label=_("Zonas (vacío = todas)"),
        queryset=Zone.objects.filter(active=True),
        required=False,
    )


class AcceptForm(forms.Form):
    username = forms.CharField(label=_("Usuario"), max_length=150)
    password = forms.CharField(label=_("Contraseña"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=_("Repita la contraseña"), widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError(_("Ese usuario ya existe; elija otro."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Las contraseñas no coinciden."))
        elif data.get("password"):
            try:
                validate_password(data["password"], User(username=data.get("username", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
