from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.linkage import views

app_name = "linkage"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("par/<uuid:pk>/", views.candidate, name="candidate"),
    path("par/<uuid:pk>/unir/", views.merge, name="merge"),
    path("par/<uuid:pk>/distintos/", views.not_same, name="not_same"),
    path("union/<uuid:pk>/deshacer/", views.unmerge, name="unmerge"),
    path("redes/", views.networks, name="networks"),
    path("redes/<int:number>/", views.network, name="network"),
    path("numero/", views.lookup, name="lookup"),
]
