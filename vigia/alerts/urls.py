from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.alerts import views, views_oncall

app_name = "alerts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.alert_list, name="list"),
    path("nueva/", views.alert_create, name="create"),
    path("<uuid:pk>/", views.alert_detail, name="detail"),
    path("<uuid:pk>/enviar/", views.alert_submit, name="submit"),
    path("<uuid:pk>/aprobar/", views.alert_approve, name="approve"),
    path("<uuid:pk>/retirar/", views.alert_withdraw, name="withdraw"),
    path("<uuid:pk>/corregir/", views.alert_correct, name="correct"),
    path("guardia/", views_oncall.oncall, name="oncall"),
    path("guardia/panel/", views_oncall.oncall_panel, name="oncall_panel"),
    path("guardia/avisos/", views_oncall.notice, name="notice"),
    path("guardia/turnos/", views_oncall.shifts, name="shifts"),
    path("guardia/turnos/<int:pk>/borrar/", views_oncall.shift_delete, name="shift_delete"),
    path("guardia/contacto/", views_oncall.contact, name="contact"),
    path("emergencias/nueva/", views_oncall.emergency_open, name="emergency_open"),
    path("emergencias/<uuid:pk>/", views_oncall.emergency_detail, name="emergency"),
    path(
        "emergencias/<uuid:pk>/<str:action>/",
        views_oncall.emergency_act,
        name="emergency_act",
    ),
    path("integrantes/<uuid:pk>/silencio/", views_oncall.quiet_hours, name="quiet_hours"),
]
