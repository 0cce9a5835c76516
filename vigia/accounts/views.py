"""Staff log-in with a password then TOTP; first log-in enrols the authenticator app."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigia.accounts import services
from vigia.accounts.access import staff_view
from vigia.accounts.forms import AcceptForm, CodeForm, InviteForm, LoginForm
from vigia.accounts.models import User

PENDING = "vigia_pending_user"
PENDING_FAILURES = "vigia_pending_failures"
MAX_CODE_FAILURES = 5


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return "/"


def _pending_user(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING)
    if user_id is None:
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if isinstance(user, User):
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[PENDING_FAILURES] = 0
            confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:code" if confirmed else "accounts:enrol"
            response = redirect(target)
            if request.POST.get("next"):
                request.session["vigia_next"] = _next_url(request)
            return response
        form.add_error(None, _("Usuario o contraseña incorrectos."))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _finish_login(request: HttpRequest, user: User, device: Any, method: str) -> HttpResponse:
    next_url = request.session.pop("vigia_next", "/")
    request.session.pop(PENDING, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    services.record_login(user, method)
    return redirect(next_url)


def _code_failed(request: HttpRequest) -> bool:
    """Count a wrong code; after too many the password step starts over."""
    failures = int(request.session.get(PENDING_FAILURES, 0)) + 1
    request.session[PENDING_FAILURES] = failures
    if failures >= MAX_CODE_FAILURES:
        request.session.pop(PENDING, None)
        return True
    return False


@require_http_methods(["GET", "POST"])
def code_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "")
        for device in devices_for_user(user, confirmed=True):
            if device.verify_token(token):
                method = "recovery_code" if device.name == "recovery" else "totp"
                return _finish_login(request, user, device, method)
        if _code_failed(request):
            messages.error(request, _("Demasiados códigos incorrectos. Ingrese de nuevo."))
            return redirect("accounts:login")
        form.add_error("token", _("El código no es correcto o ya venció."))
    return render(request, "accounts/code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:code")
    device = services.totp_device_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            _finish_login(request, user, device, "totp_enrol")
            request.session["vigia_recovery_codes"] = codes
            return redirect("accounts:recovery_codes")
        if _code_failed(request):
            return redirect("accounts:login")
        form.add_error("token", _("El código no es correcto. Revise la hora de su teléfono."))
    uri = device.config_url
    context = {
        "form": form,
        "uri": uri,
        "secret": _base32(device.bin_key),
        "qr": segno.make(uri, error="m").svg_data_uri(scale=5),
    }
    return render(request, "accounts/enrol.html", context)


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


@staff_view("dashboard.view")
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop("vigia_recovery_codes", None)
    if not codes:
        return redirect("dashboard")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@staff_view("staff.manage")
def staff_list(request: HttpRequest) -> HttpResponse:
    form = InviteForm()
    users = User.objects.order_by("username").prefetch_related("zones")
    return render(request, "accounts/staff.html", {"users": users, "form": form})


@staff_view("staff.manage")
@require_POST
def staff_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        users = User.objects.order_by("username")
        return render(request, "accounts/staff.html", {"users": users, "form": form}, status=400)
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by staff_view
    _invitation, token = services.staff_invite(
        actor=request.user, role=form.cleaned_data["role"], zones=form.cleaned_data["zones"]
    )
    link = request.build_absolute_uri(f"/cuenta/invitacion/{token}/")
    return render(request, "accounts/invited.html", {"link": link})


def _staff_member(pk: int) -> User:
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise Http404
    return user


@staff_view("staff.manage")
@require_POST
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by staff_view
    try:
        services.staff_deactivate(actor=request.user, user=_staff_member(pk))
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Cuenta desactivada; sus sesiones se cerraron."))
    return redirect("accounts:staff")


@staff_view("staff.manage")
@require_POST
def staff_totp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)  # noqa: S101 - guaranteed by staff_view
    services.staff_totp_reset(actor=request.user, user=_staff_member(pk))
    messages.success(request, _("Segundo factor reiniciado: deberá registrarlo al ingresar."))
    return redirect("accounts:staff")


@require_http_methods(["GET", "POST"])
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    if services.invitation_for_token(token) is None:
        raise Http404
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            return redirect("accounts:enrol")
    return render(request, "accounts/invitation.html", {"form": form})


@staff_view("staff.manage")
@require_POST
def lock_view(request: HttpRequest) -> HttpResponse:
    """The admins' panic button: every process drops its keys at once."""
    from vigia.accounts import locking

    # The confirmation word is the one the page shows, in Spanish or in English.
    if request.POST.get("confirm", "").strip().upper() not in ("BLOQUEAR", "LOCK"):
        messages.error(request, _("Escriba BLOQUEAR para confirmar."))
        return redirect("accounts:staff")
    locking.lock(actor=request.user)
    return redirect("dashboard")
