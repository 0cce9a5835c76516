from __future__ import annotations

from django.urls import path

from vigia.incidents import bundle, imports, views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("avisos/", views.new_reports_notice, name="notice"),
    path("nuevo/", views.incident_create, name="create"),
    path("importar/", imports.import_view, name="import"),
    path("<uuid:pk>/", views.incident_detail, name="detail"),
    path("<uuid:pk>/editar/", views.incident_edit, name="edit"),
    path("<uuid:pk>/victimas/", views.victim_add, name="victim_add"),
    path("<uuid:pk>/fuentes/", views.source_add, name="source_add"),
    path("<uuid:pk>/adjuntos/", views.attachment_add, name="attachment_add"),
    path("<uuid:pk>/estado/", views.transition, name="transition"),
    path("<uuid:pk>/desenlace/", views.outcome_set, name="outcome"),
    path("<uuid:pk>/expediente/", bundle.bundle_view, name="bundle"),
    path("adjuntos/<uuid:pk>/", views.attachment_view, name="attachment"),
    path("actores/<slug:code>/", views.actor_detail, name="actor"),
]
