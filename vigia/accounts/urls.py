from __future__ import annotations

from django.urls import path

from vigia.accounts import views

app_name = "accounts"
urlpatterns = [
    path("ingresar/", views.login_view, name="login"),
    path("codigo/", views.code_view, name="code"),
    path("activar-2fa/", views.enrol_view, name="enrol"),
    path("codigos-de-recuperacion/", views.recovery_codes_view, name="recovery_codes"),
    path("salir/", views.logout_view, name="logout"),
    path("invitacion/<str:token>/", views.invitation_view, name="invitation"),
    path("equipo/", views.staff_list, name="staff"),
    path("equipo/invitar/", views.staff_invite, name="invite"),
    path("equipo/<int:pk>/desactivar/", views.staff_deactivate, name="deactivate"),
    path("equipo/<int:pk>/reiniciar-2fa/", views.staff_totp_reset, name="totp_reset"),
    path("bloquear/", views.lock_view, name="lock"),
]
