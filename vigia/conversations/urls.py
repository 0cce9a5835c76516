from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from vigia.conversations import views
from vigia.messaging.providers.webchat import views as webchat

app_name = "conversations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("bandeja/", views.inbox, name="inbox"),
    path("bandeja/<uuid:pk>/", views.thread_detail, name="inbox_thread"),
    path("bandeja/<uuid:pk>/tomar/", views.thread_take, name="inbox_take"),
    path("bandeja/<uuid:pk>/responder/", views.thread_reply, name="inbox_reply"),
    path("bandeja/<uuid:pk>/devolver/", views.thread_hand_back, name="inbox_hand_back"),
    path("simulador/", views.simulator_page, name="simulator"),
    # The members' web chat: public, neutral, nothing kept in the browser.
    path("chat/", webchat.chat, name="webchat"),
    path("chat/mensajes/", webchat.poll, name="webchat_poll"),
]
