from __future__ import annotations

from django.urls import path

from vigia.messaging.providers.sms import views

urlpatterns = [path("sms/", views.webhook, name="sms")]
