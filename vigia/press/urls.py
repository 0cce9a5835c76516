from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.press import views

app_name = "press"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("<uuid:pk>/aceptar/", views.accept, name="accept"),
    path("<uuid:pk>/adjuntar/", views.attach, name="attach"),
    path("<uuid:pk>/descartar/", views.dismiss, name="dismiss"),
    path("fuentes/", views.sources, name="sources"),
    path("fuentes/nueva/", views.feed_add, name="feed_add"),
    path("fuentes/subir/", views.upload, name="upload"),
]
