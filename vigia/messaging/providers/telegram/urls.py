from __future__ import annotations

from django.urls import path

from vigia.messaging.providers.telegram import views

urlpatterns = [path("telegram/", views.webhook, name="telegram")]
