from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.cases import views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("abrir/", views.case_open, name="open"),
    path("servicios/", views.directory, name="directory"),
    path("<uuid:pk>/", views.case_detail, name="detail"),
    path("<uuid:pk>/derivaciones/<int:referral>/", views.referral_outcome, name="referral_outcome"),
    path("<uuid:pk>/<str:action>/", views.case_act, name="act"),
]
