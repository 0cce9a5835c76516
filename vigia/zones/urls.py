from __future__ import annotations

from django.urls import path

from vigia.zones import views

app_name = "zones"
urlpatterns = [path("", views.zone_list, name="list")]
