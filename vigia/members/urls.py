from __future__ import annotations

from django.urls import path

from vigia.members import views

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
]
