from __future__ import annotations

from django.urls import path

from vigia.messaging.providers.whatsapp import views

urlpatterns = [path("whatsapp/", views.webhook, name="whatsapp")]
