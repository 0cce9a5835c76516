from __future__ import annotations

from django.urls import path

from vigia.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.search, name="search"),
    path("<uuid:pk>/", views.indicator_detail, name="detail"),
    path("incidente/<uuid:pk>/", views.for_incident, name="for_incident"),
    path("incidente/<uuid:pk>/vincular/", views.link_add, name="link_add"),
    path("vinculo/<uuid:pk>/quitar/", views.link_remove, name="link_remove"),
    path("incidente/<uuid:pk>/sugerir/", views.suggest, name="suggest"),
    path(
        "sugerencia/<uuid:pk>/<str:decision>/",
        views.suggestion_decide,
        name="suggestion_decide",
    ),
]
