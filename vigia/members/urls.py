from __future__ import annotations

from django.urls import path

from vigia.members import views, views_moving

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("inscribir/", views.member_enrol, name="enrol"),
    path("invitar/", views.member_invite, name="invite"),
    path("<uuid:pk>/", views.member_detail, name="detail"),
    path("<uuid:pk>/ver-contacto/", views.member_reveal, name="reveal"),
    path("<uuid:pk>/consentimiento/", views.member_consent, name="consent"),
    path("<uuid:pk>/comprometido/", views.member_compromised, name="compromised"),
    path("<uuid:pk>/borrar/", views.member_erase, name="erase"),
    path("<uuid:pk>/codigo-nuevo/", views.member_reissue, name="reissue"),
    path("<uuid:pk>/otro-contacto/", views.member_contact, name="contact"),
    path(
        "<uuid:pk>/otro-contacto/<uuid:contact>/quitar/",
        views.member_contact_remove,
        name="contact_remove",
    ),
    path("cambio-de-canal/", views_moving.move_start, name="move"),
    path("cambio-de-canal/<uuid:pk>/", views_moving.move_detail, name="move_detail"),
    path("cambio-de-canal/<uuid:pk>/terminar/", views_moving.move_close, name="move_close"),
]
